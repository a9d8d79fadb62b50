//! The job runner against hard crashes, with real server processes (the `server` binary):
//!
//! * 100 songs are queued, then the server is killed with SIGKILL again and again while they
//!   run — some kills timed to land while the mock holds a submission's answer back — and
//!   restarted. From the raw POSTs the mock received: no song was submitted twice, submissions
//!   never exceed jobs, every job ends final or flagged for the user, and every finished song
//!   has exactly its files.
//! * Two server processes on one PostgreSQL database share the queue without running any job
//!   twice.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Backend, Client, JWT_SECRET, PASSWORD};
use mock::{MockConfig, MockServer};
use serde_json::Value;

struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(database_url: &str, data_dir: &Path, mock: &MockServer) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(data_dir.join("server.log"))
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .env("DATABASE_URL", database_url)
            .env("DATA_DIR", data_dir)
            .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
            .env("JWT_SECRET", JWT_SECRET)
            .env(
                "LEPTOS_SITE_ROOT",
                concat!(env!("CARGO_MANIFEST_DIR"), "/../public"),
            )
            .env("MUREKA_BASE_URL", &mock.base_url)
            .env("MUREKA_API_KEY", "mk-test")
            .env("MUREKA_CONCURRENCY", "10")
            .env("JOB_WORKERS", "4")
            .env("JOB_POLL_INTERVAL_MS", "200")
            .env("JOB_LEASE_SECS", "2")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start the server binary");
        Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    async fn ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(r) = reqwest::get(format!("{}/health", self.base)).await {
                if r.status() == 200 {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("server at {} did not come up", self.base);
    }

    /// SIGKILL: no shutdown code runs.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

fn client(base: &str, token: &str) -> Client {
    Client {
        base: base.to_string(),
        http: common::http_client().build().unwrap(),
        bearer: Some(token.to_string()),
        extra: Default::default(),
    }
}

async fn admin_token(base: &str) -> String {
    let c = Client {
        base: base.to_string(),
        http: common::http_client().cookie_store(true).build().unwrap(),
        bearer: None,
        extra: Default::default(),
    };
    c.call_ok::<()>(
        "setup",
        &[
            ("email", "admin@example.org"),
            ("password", PASSWORD),
            ("confirm_password", PASSWORD),
            ("artist_name", ""),
        ],
    )
    .await;
    let token: Value = c
        .call_ok(
            "create_token",
            &[("email", "admin@example.org"), ("password", PASSWORD)],
        )
        .await;
    token["token"].as_str().unwrap().to_string()
}

async fn queue_songs(c: &Client, n: usize, tag: &str) {
    for i in 0..n {
        let lyrics = format!("0001 {tag} take {i}");
        let key = format!("key-{tag}-{i:05}");
        c.call_ok::<Value>(
            "create_song",
            &[
                ("request[lyrics]", lyrics.as_str()),
                ("request[prompt]", "pop"),
                ("request[model]", "auto"),
                ("request[title]", ""),
                ("request[tags]", ""),
                ("request[instrumental]", "false"),
                ("request[idempotency_key]", key.as_str()),
            ],
        )
        .await;
    }
}

fn settled(state: &str) -> bool {
    ["Succeeded", "Failed", "Cancelled", "Interrupted"].contains(&state)
}

/// Every song once none is still being made.
async fn all_settled(c: &Client, within: Duration) -> Vec<Value> {
    let deadline = Instant::now() + within;
    loop {
        let list: Vec<Value> = c.call_ok("list_songs", &[]).await;
        if list
            .iter()
            .all(|s| settled(s["status"]["state"].as_str().unwrap()))
        {
            return list;
        }
        assert!(Instant::now() < deadline, "songs did not settle");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let p = e.path();
            if p.is_dir() {
                files_under(&p)
            } else {
                vec![p]
            }
        })
        .collect()
}

async fn database(backend: Backend, dir: &Path) -> Option<String> {
    match backend {
        Backend::Sqlite => Some(format!(
            "sqlite://{}?mode=rwc",
            dir.join("jobs.db").display()
        )),
        Backend::Postgres => common::fresh_postgres().await,
    }
}

async fn survives_hard_kills(backend: Backend) {
    const SONGS: usize = 100;
    let dir = tempfile::tempdir().unwrap();
    let Some(db_url) = database(backend, dir.path()).await else {
        return;
    };
    let mock = mock::start(
        "127.0.0.1:0".parse().unwrap(),
        MockConfig {
            submit_delay: Duration::from_millis(400),
            job_duration: Duration::from_millis(800),
            concurrent_limit: 10,
            ..MockConfig::default()
        },
    )
    .await
    .unwrap();
    let mut server = Server::start(&db_url, dir.path(), &mock);
    server.ready().await;
    let token = admin_token(&server.base).await;
    queue_songs(&client(&server.base, &token), SONGS, "kill").await;

    // Kill while submissions are in flight: right after the mock logs a POST whose answer it
    // is still holding back, and at other moments in between.
    let mut kills = 0;
    let mut mid_submission = 0;
    for round in 0..8 {
        if round % 2 == 0 {
            let seen = mock.mureka.submissions().len();
            let deadline = Instant::now() + Duration::from_secs(10);
            while mock.mureka.submissions().len() == seen && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            if mock.mureka.submissions().len() > seen {
                mid_submission += 1;
            }
        } else {
            tokio::time::sleep(Duration::from_millis(300 + 250 * round as u64)).await;
        }
        server.kill();
        kills += 1;
        server = Server::start(&db_url, dir.path(), &mock);
        server.ready().await;
    }

    let c = client(&server.base, &token);
    let list = all_settled(&c, Duration::from_secs(240)).await;
    server.kill();

    let posts = mock.mureka.submissions();
    let accepted: Vec<_> = posts.iter().filter(|p| p.job_id.is_some()).collect();
    let mut per_song: HashMap<&str, usize> = HashMap::new();
    for p in &accepted {
        *per_song.entry(p.lyrics.as_str()).or_default() += 1;
    }
    let twice: Vec<_> = per_song.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "submitted twice: {twice:?}");
    assert!(
        accepted.len() <= SONGS,
        "{} submissions for {SONGS} jobs",
        accepted.len()
    );
    assert_eq!(list.len(), SONGS);

    let mut by_state: HashMap<String, usize> = HashMap::new();
    for s in &list {
        *by_state
            .entry(s["status"]["state"].as_str().unwrap().into())
            .or_default() += 1;
    }
    let succeeded: Vec<&Value> = list
        .iter()
        .filter(|s| s["status"]["state"] == "Succeeded")
        .collect();
    let interrupted = by_state.get("Interrupted").copied().unwrap_or(0);
    assert_eq!(
        succeeded.len() + interrupted,
        SONGS,
        "every job succeeded or awaits the user: {by_state:?}"
    );
    assert!(
        interrupted >= 1,
        "a kill mid-submission leaves a flagged job"
    );

    // Files: exactly two choices × MP3 and FLAC per finished song, nothing else.
    let files = files_under(&dir.path().join("files").join("songs"));
    assert_eq!(files.len(), succeeded.len() * 4, "missing or extra files");
    for s in &succeeded {
        let choices = s["choices"].as_array().unwrap();
        assert_eq!(choices.len(), 2);
        let id = s["id"].as_str().unwrap();
        let own = files
            .iter()
            .filter(|f| f.to_string_lossy().contains(id))
            .count();
        assert_eq!(own, 4, "song {id}");
    }
    println!(
        "reliability ({backend:?}): {SONGS} songs, {kills} SIGKILLs ({mid_submission} mid-submission), \
         {} POSTs received, {} accepted, outcome {by_state:?}",
        posts.len(),
        accepted.len()
    );
    if let Backend::Postgres = backend {
        common::drop_postgres(&db_url).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn survives_hard_kills_sqlite() {
    survives_hard_kills(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn survives_hard_kills_postgres() {
    survives_hard_kills(Backend::Postgres).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_one_postgres_queue() {
    const SONGS: usize = 40;
    let dir = tempfile::tempdir().unwrap();
    let Some(db_url) = database(Backend::Postgres, dir.path()).await else {
        return;
    };
    let mock = mock::start(
        "127.0.0.1:0".parse().unwrap(),
        MockConfig {
            job_duration: Duration::from_millis(500),
            submit_delay: Duration::from_millis(50),
            concurrent_limit: 10,
            ..MockConfig::default()
        },
    )
    .await
    .unwrap();
    let a = Server::start(&db_url, dir.path(), &mock);
    a.ready().await;
    let token = admin_token(&a.base).await;
    let b_dir = tempfile::tempdir().unwrap();
    let b = Server::start(&db_url, b_dir.path(), &mock);
    b.ready().await;
    queue_songs(&client(&a.base, &token), SONGS, "pair").await;

    let c = client(&b.base, &token);
    let list = all_settled(&c, Duration::from_secs(120)).await;
    a.kill();
    b.kill();
    assert!(list.iter().all(|s| s["status"]["state"] == "Succeeded"));
    let accepted: Vec<_> = mock
        .mureka
        .submissions()
        .into_iter()
        .filter(|p| p.job_id.is_some())
        .collect();
    let mut lyrics: Vec<&str> = accepted.iter().map(|p| p.lyrics.as_str()).collect();
    lyrics.sort();
    lyrics.dedup();
    assert_eq!(
        (accepted.len(), lyrics.len()),
        (SONGS, SONGS),
        "each song submitted once"
    );
    // Both processes did work: each wrote files into its own storage directory.
    let in_a = files_under(&dir.path().join("files").join("songs")).len();
    let in_b = files_under(&b_dir.path().join("files").join("songs")).len();
    assert_eq!(in_a + in_b, SONGS * 4);
    assert!(
        in_a > 0 && in_b > 0,
        "work was shared: {in_a} files in A, {in_b} in B"
    );
    common::drop_postgres(&db_url).await;
}

/// SIGTERM: the server stops claiming, lets steps in flight finish and releases what it polls,
/// so a restart picks everything up with nothing flagged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graceful_stop_finishes_or_releases() {
    const SONGS: usize = 12;
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite://{}?mode=rwc", dir.path().join("jobs.db").display());
    let mock = mock::start(
        "127.0.0.1:0".parse().unwrap(),
        MockConfig {
            submit_delay: Duration::from_millis(300),
            job_duration: Duration::from_secs(2),
            concurrent_limit: 10,
            ..MockConfig::default()
        },
    )
    .await
    .unwrap();
    let server = Server::start(&db_url, dir.path(), &mock);
    server.ready().await;
    let token = admin_token(&server.base).await;
    queue_songs(&client(&server.base, &token), SONGS, "term").await;
    // Stop while submissions are in flight.
    let deadline = Instant::now() + Duration::from_secs(10);
    while mock.mureka.submissions().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let Server { mut child, .. } = server;
    let stopped_at = Instant::now();
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "clean exit: {exit:?}");
    assert!(stopped_at.elapsed() < Duration::from_secs(25));

    let db = app::server::Db::connect(&db_url).await.unwrap();
    let held: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM jobs WHERE lease_token IS NOT NULL AND state = 'running'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(held, 0, "polled jobs were released");
    let submitting: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE state = 'submitting'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        submitting, 0,
        "submissions in flight were finished, not cut off"
    );
    db.pool.close().await;

    let server = Server::start(&db_url, dir.path(), &mock);
    server.ready().await;
    let c = client(&server.base, &token);
    let list = all_settled(&c, Duration::from_secs(90)).await;
    server.kill();
    assert!(
        list.iter().all(|s| s["status"]["state"] == "Succeeded"),
        "nothing interrupted by a graceful stop"
    );
    let accepted = mock
        .mureka
        .submissions()
        .iter()
        .filter(|p| p.job_id.is_some())
        .count();
    assert_eq!(accepted, SONGS);
}
