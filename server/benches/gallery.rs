//! The list pattern under load: the whole server-rendered gallery page (session check, count,
//! page query, HTML) with 1,000 and 10,000 images, before and after the search and order
//! indexes, on SQLite and PostgreSQL. Per page: latency at a steady 200 requests per second
//! (open loop: requests leave on schedule whether or not earlier ones returned, and latency
//! counts from the scheduled time, so a slow server cannot hide its queue) and throughput with
//! 50 concurrent clients. "Before" is the same build with `SEARCH_INDEX=off` (the `LIKE` scan)
//! on the schema as it was (the trigram index and the new order indexes dropped). Prints
//! figures, never fails on one. `cargo bench -p server --bench gallery`, or `scripts/bench.sh`.

// The allocator the server binary runs with (`server/src/main.rs`), so the figures are its own.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/images/fixtures.rs"]
mod image_fixtures;

use std::time::{Duration, Instant};

use common::{Backend, TestApp};

const RATE_PER_SEC: u64 = 200;
const OPEN_LOOP: Duration = Duration::from_secs(5);
const CLIENTS: usize = 50;
const CLOSED_LOOP_REQUESTS: usize = 1_000;

/// The schema before this change, for the "before" runs.
fn undo_indexes(backend: Backend) -> &'static [&'static str] {
    match backend {
        Backend::Sqlite => &[
            "DROP TRIGGER generated_images_search_insert",
            "DROP TRIGGER generated_images_search_update",
            "DROP TRIGGER generated_images_search_delete",
            "DROP TABLE generated_images_search",
            "DROP INDEX generated_images_user_created",
            "DROP INDEX generated_images_user_title",
            "DROP INDEX generated_images_user_composition",
            "CREATE INDEX generated_images_user_created ON generated_images (user_id, created_at DESC, id)",
            "CREATE INDEX generated_images_user_title ON generated_images (user_id, title, id)",
        ],
        Backend::Postgres => &[
            "DROP INDEX generated_images_search",
            "DROP INDEX generated_images_user_created",
            "DROP INDEX generated_images_user_title",
            "DROP INDEX generated_images_user_composition",
            "CREATE INDEX generated_images_user_created ON generated_images (user_id, created_at DESC, id)",
            "CREATE INDEX generated_images_user_title ON generated_images (user_id, title, id)",
        ],
    }
}

#[tokio::main]
async fn main() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        for images in [1_000, 10_000] {
            for before in [true, false] {
                let vars: &[(&str, &str)] = if before {
                    &[("SEARCH_INDEX", "off")]
                } else {
                    &[]
                };
                let Some(app) = TestApp::spawn(backend, vars).await else {
                    println!("gallery/{backend:?}: skipped (database not reachable)");
                    continue;
                };
                measure(&app, backend, images, before).await;
                app.stop().await;
            }
        }
    }
}

async fn measure(app: &TestApp, backend: Backend, images: usize, before: bool) {
    let c = app.admin("bench@example.org").await;
    let user = c.run_ok(app::profile::api::GetProfile {}).await.id;
    image_fixtures::seed_gallery(&app.db, &user, images).await;
    if before {
        for sql in undo_indexes(backend) {
            sqlx::query(sql).execute(&app.db.pool).await.expect(sql);
        }
    }
    if matches!(backend, Backend::Postgres) {
        sqlx::query("ANALYZE").execute(&app.db.pool).await.unwrap();
    }
    let pages = images.div_ceil(app::images::PAGE_SIZE as usize);
    let middle = format!("/images?page={}", pages / 2 + 1);
    let label = if before { "before" } else { "after " };
    for (name, path) in [
        ("first page", "/images"),
        ("middle page", middle.as_str()),
        (
            "search+filter+order",
            "/images?q=harbour&composition=landscape&sort=title",
        ),
    ] {
        let url = format!("{}{path}", app.base);
        for _ in 0..20 {
            get(&c.http, &url).await; // warm-up: pool, statement caches, allocator
        }
        let (p50, p99) = open_loop(&c.http, &url).await;
        let per_sec = closed_loop(&c.http, &url).await;
        println!(
            "gallery/{backend:?} {images:>6} images {label} {name:<20} at {RATE_PER_SEC}/s: \
             p50 {p50:6.1} ms  p99 {p99:7.1} ms (target p99 <= 50 ms: {})  \
             {CLIENTS} clients: {per_sec:6.0} req/s",
            if p99 <= 50.0 { "met" } else { "NOT met" },
        );
    }
}

/// Requests sent on a fixed schedule; each latency counts from when its request was due.
async fn open_loop(http: &reqwest::Client, url: &str) -> (f64, f64) {
    let total = RATE_PER_SEC * OPEN_LOOP.as_secs();
    let gap = Duration::from_secs(1) / RATE_PER_SEC as u32;
    let start = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for i in 0..total {
        let due = start + gap * i as u32;
        tokio::time::sleep_until(due).await;
        let (http, url) = (http.clone(), url.to_string());
        tasks.push(tokio::spawn(async move {
            get(&http, &url).await;
            due.elapsed()
        }));
    }
    let mut times = Vec::with_capacity(tasks.len());
    for t in tasks {
        times.push(t.await.expect("request task"));
    }
    (percentile(&mut times, 0.50), percentile(&mut times, 0.99))
}

/// Requests per second with `CLIENTS` clients each sending the next request on an answer.
async fn closed_loop(http: &reqwest::Client, url: &str) -> f64 {
    let started = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (http, url) = (http.clone(), url.to_string());
            tokio::spawn(async move {
                for _ in 0..CLOSED_LOOP_REQUESTS / CLIENTS {
                    get(&http, &url).await;
                }
            })
        })
        .collect();
    for w in workers {
        w.await.expect("client");
    }
    CLOSED_LOOP_REQUESTS as f64 / started.elapsed().as_secs_f64()
}

fn percentile(times: &mut [Duration], p: f64) -> f64 {
    times.sort();
    let i = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1;
    times[i].as_secs_f64() * 1000.0
}

async fn get(http: &reqwest::Client, url: &str) {
    let res = http.get(url).send().await.expect("request");
    assert_eq!(res.status(), 200, "{url}");
    let body = res.bytes().await.expect("body");
    assert!(body.len() > 1000, "a whole page");
}
