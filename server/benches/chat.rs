//! Chat under load, figures printed and never gated:
//!
//! - **Time to first token** through our server (send the message, follow its reply's events
//!   until the first text) against the same request made straight to the mock's Ollama, in the
//!   same run; target: at most 5 ms more at p95.
//! - **Server memory** (the real `server` binary's resident set, sampled every 20 ms) with 20
//!   replies streaming at once, each followed by a viewer; target: at most 20 MiB above idle.
//! - **The conversation list** with 1,000 conversations of four messages each, on SQLite and
//!   PostgreSQL, under the gallery's load and target (p99 <= 50 ms at 200 req/s).
//!
//! `cargo bench -p server --bench chat`, or `scripts/bench.sh`.

// The allocator the server binary runs with (`server/src/main.rs`), so the figures are its own.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/mod.rs"]
mod common;

mod load;

use std::time::{Duration, Instant};

use app::chat::api::{CreateConversation, GetConversation, SendMessage};
use app::chat::ConversationForm;
use app::infra::Db;
use common::processes::{admin_token, client, Server};
use common::{Backend, Client, TestApp};
use mock::MockConfig;

const SAMPLES: usize = 100;
const STREAMS: usize = 20;
const MODEL: &str = "llama3.2:latest";

#[tokio::main]
async fn main() {
    first_token_and_memory().await;
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = TestApp::spawn(backend, &[]).await else {
            println!("chat/{backend:?}: skipped (database not reachable)");
            continue;
        };
        conversation_list(&app, backend).await;
        app.stop().await;
    }
}

async fn first_token_and_memory() {
    let mock = mock::start(
        "127.0.0.1:0".parse().unwrap(),
        MockConfig {
            token_interval: Duration::from_millis(5),
            ..MockConfig::default()
        },
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let server = Server::start(&db_url, dir.path(), &mock);
    server.ready().await;
    let c = client(&server.base, &admin_token(&server.base).await);

    let http = reqwest::Client::new();
    let mut direct = Vec::with_capacity(SAMPLES);
    let mut ours = Vec::with_capacity(SAMPLES);
    for i in 0..SAMPLES {
        // Interleaved, so both see the same machine at the same moment.
        direct.push(direct_first_token(&http, &mock.base_url, i).await);
        let id = start(&c).await;
        ours.push(
            server_first_token(&c, &id, &format!("0001 take {i}"))
                .await
                .0,
        );
        settled(&c, &id).await;
    }
    let (d50, d95) = (
        load::percentile(&mut direct, 0.5),
        load::percentile(&mut direct, 0.95),
    );
    let (o50, o95) = (
        load::percentile(&mut ours, 0.5),
        load::percentile(&mut ours, 0.95),
    );
    println!(
        "chat/first token ({SAMPLES} replies): mock direct p50 {d50:5.1} ms p95 {d95:5.1} ms; \
         through the server p50 {o50:5.1} ms p95 {o95:5.1} ms; overhead at p95 {:5.1} ms \
         (target <= 5 ms: {})",
        o95 - d95,
        if o95 - d95 <= 5.0 { "met" } else { "NOT met" }
    );

    let pid = server.child.id();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = resident_kib(pid);
    let mut ids = Vec::new();
    for _ in 0..STREAMS {
        ids.push(start(&c).await);
    }
    let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
    let sampling = tokio::spawn(async move {
        let mut peak = 0;
        while stopped.try_recv().is_err() {
            peak = peak.max(resident_kib(pid));
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        peak
    });
    let streams: Vec<_> = ids
        .into_iter()
        .map(|id| {
            let c = c.clone();
            tokio::spawn(async move { server_first_token(&c, &id, "long:1500").await.1 })
        })
        .collect();
    let mut words = 0;
    for s in streams {
        words += s.await.unwrap();
    }
    stop.send(()).unwrap();
    let peak = sampling.await.unwrap();
    let above = (peak - idle) as f64 / 1024.0;
    println!(
        "chat/memory: idle {:.1} MiB, peak with {STREAMS} streams ({words} words followed) {:.1} MiB, \
         {above:.1} MiB above idle (target <= 20 MiB: {})",
        idle as f64 / 1024.0,
        peak as f64 / 1024.0,
        if above <= 20.0 { "met" } else { "NOT met" }
    );
    server.kill();
}

/// The server process's resident set (`VmRSS`), in KiB.
fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

async fn start(c: &Client) -> String {
    c.run_ok(CreateConversation {
        form: ConversationForm {
            model: format!("ollama:{MODEL}"),
            ..Default::default()
        },
    })
    .await
}

/// Until the conversation's reply (and its auto-title) is done, so samples do not overlap.
async fn settled(c: &Client, id: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let now = c.run_ok(GetConversation { id: id.into() }).await;
        let titled = !now.title.is_empty() || Instant::now() > deadline;
        if now.streaming_reply().is_none() && titled {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The same request our server makes, straight to the mock: time until the first text.
async fn direct_first_token(http: &reqwest::Client, mock: &str, i: usize) -> Duration {
    let started = Instant::now();
    let mut response = http
        .post(format!("{mock}/api/chat"))
        .json(&serde_json::json!({
            "model": MODEL,
            "messages": [{"role": "user", "content": format!("0001 take {i}")}],
            "stream": true,
            "options": {"num_ctx": 32768, "temperature": 0.7, "num_predict": 1024},
        }))
        .send()
        .await
        .unwrap();
    while let Some(chunk) = response.chunk().await.unwrap() {
        if String::from_utf8_lossy(&chunk).contains("\"content\":\"") {
            return started.elapsed();
        }
    }
    panic!("no text from the mock");
}

/// Sends `text` and follows the reply's events: the time until its first text arrived, and
/// how many words it had at its end.
async fn server_first_token(c: &Client, id: &str, text: &str) -> (Duration, usize) {
    let started = Instant::now();
    let sent = c
        .run_ok(SendMessage {
            conversation_id: id.into(),
            content: text.into(),
            request_key: uuid::Uuid::new_v4().to_string(),
        })
        .await;
    let mut events = c
        .get(&format!("/live/v1/chat/replies/{}", sent.reply_id))
        .await;
    let (mut first, mut buffer, mut words) = (None, String::new(), 0);
    while let Some(chunk) = events.chunk().await.unwrap() {
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(at) = buffer.find("\n\n") {
            let event: String = buffer.drain(..at + 2).collect();
            let has_text = (event.starts_with("event: append")
                || event.starts_with("event: reset"))
                && !event.contains("data: \"\"");
            if has_text {
                first.get_or_insert_with(|| started.elapsed());
                words += event.matches("word").count();
            }
            if event.starts_with("event: end") {
                return (first.expect("some text"), words);
            }
        }
    }
    panic!("the reply's events closed before its end");
}

/// `n` conversations of four finished messages each, in batches of 500 per transaction; one
/// in 20 mentions "harbour", so a search narrows the list the way a real one does.
async fn seed_conversations(db: &Db, user_id: &str, n: usize) {
    const WORDS: [&str; 20] = [
        "lake", "forest", "city", "desert", "mountain", "river", "storm", "meadow", "harbour",
        "night", "snow", "bridge", "garden", "canyon", "island", "valley", "tower", "field",
        "shore", "cliff",
    ];
    for batch in (0..n).collect::<Vec<_>>().chunks(500) {
        let mut tx = db.begin_write().await.unwrap();
        for &i in batch {
            let id = format!("bench-{i:05}");
            let at = 1_000_000 + i as i64;
            sqlx::query(
                "INSERT INTO conversations (id, user_id, title, provider, model, system_context, \
                 temperature, max_reply_tokens, context_window_size, titled, pinned, created_at, \
                 updated_at, last_activity_at) VALUES ($1, $2, $3, 'ollama', $4, '', 0.7, 1024, \
                 32768, 1, $5, $6, $6, $6)",
            )
            .bind(&id)
            .bind(user_id)
            .bind(format!("Verse ideas {i:04}"))
            .bind(MODEL)
            .bind(i32::from(i % 100 == 0))
            .bind(at)
            .execute(&mut *tx)
            .await
            .unwrap();
            for position in 0..4i64 {
                let role = if position % 2 == 0 {
                    "user"
                } else {
                    "assistant"
                };
                let text = format!(
                    "A line about the {} at dawn and the {} at night, take {position}.",
                    WORDS[i % 20],
                    WORDS[(i / 20 + position as usize) % 20]
                );
                sqlx::query(
                    "INSERT INTO messages (id, conversation_id, position, role, content, state, \
                     created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'done', $6, $6)",
                )
                .bind(format!("{id}-{position}"))
                .bind(&id)
                .bind(position)
                .bind(role)
                .bind(text)
                .bind(at)
                .execute(&mut *tx)
                .await
                .unwrap();
            }
        }
        tx.commit().await.unwrap();
    }
}

async fn conversation_list(app: &TestApp, backend: Backend) {
    const CONVERSATIONS: usize = 1_000;
    let c = app.admin("bench@example.org").await;
    let user = c.run_ok(app::profile::api::GetProfile {}).await.id;
    seed_conversations(&app.db, &user, CONVERSATIONS).await;
    if matches!(backend, Backend::Postgres) {
        sqlx::query("ANALYZE").execute(&app.db.pool).await.unwrap();
    }
    let pages = CONVERSATIONS.div_ceil(app::chat::PAGE_SIZE as usize);
    let middle = format!("/chat?page={}", pages / 2 + 1);
    for (name, path) in [
        ("first page", "/chat"),
        ("middle page", middle.as_str()),
        ("search in messages", "/chat?q=harbour"),
        ("short search", "/chat?q=ha"),
    ] {
        let url = format!("{}{path}", app.base);
        let figures = load::measure_page(&c.http, &url).await;
        println!("chat/{backend:?} {CONVERSATIONS} conversations {name:<20} {figures}");
    }
}
