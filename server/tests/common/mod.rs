//! Test harness: starts the real router on a random port against a fresh database, either a
//! SQLite file in a temporary directory with files on local disk, or a new PostgreSQL database
//! per test with files in a new bucket of a real S3-compatible server ([`s3`]).
//!
//! PostgreSQL comes from `TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`).
//! Under `CI=true` an unreachable server fails the test; elsewhere the PostgreSQL variant is
//! skipped with a message saying so.

#![allow(dead_code)]

mod client;
pub mod processes;
pub mod raw_http;
pub mod s3;
mod test_db;

#[allow(unused_imports)]
pub use client::{http_client, Answer, Client};
#[allow(unused_imports)]
pub use test_db::{run_db, TestDb};

use std::collections::HashMap;
use std::future::Future;
use std::path::{Path, PathBuf};

use server::config::Config;
use sqlx::Connection;

pub const JWT_SECRET: &str = "integration-test-secret-0123456789abcdef";
pub const PASSWORD: &str = "correct horse battery";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub backend: Backend,
    pub config: Config,
    pub db: app::infra::Db,
    _dir: tempfile::TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    jobs: Option<app::jobs::RunnerHandle>,
}

fn admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// Creates a fresh PostgreSQL database and returns its URL, or `None` when the server is not
/// reachable outside CI.
pub async fn fresh_postgres() -> Option<String> {
    let admin = admin_url();
    let mut conn = match sqlx::PgConnection::connect(&admin).await {
        Ok(c) => c,
        Err(e) => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("PostgreSQL is required under CI but unreachable at {admin}: {e}");
            }
            announce_skip(&format!(
                "SKIPPED: PostgreSQL tests — not reachable at {admin} ({e})"
            ));
            return None;
        }
    };
    static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    SWEPT.get_or_init(|| sweep_stale_databases(&admin)).await;
    let name = format!("aitb_test_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create db");
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    Some(format!("{base}/{name}"))
}

/// Says once per test binary, past libtest's output capture, that tests were skipped.
fn announce_skip(message: &str) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use std::io::Write;
        match std::fs::OpenOptions::new().write(true).open("/dev/stderr") {
            Ok(mut tty) => {
                let _ = writeln!(tty, "\n{message}\n");
            }
            Err(_) => eprintln!("{message}"),
        }
    });
}

/// Drops databases that earlier runs left behind when a test panicked before `stop`. Runs once
/// per test process, before this process creates any; databases still in use are left alone.
async fn sweep_stale_databases(admin: &str) {
    let Ok(mut conn) = sqlx::PgConnection::connect(admin).await else {
        return;
    };
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'aitb_test_%'")
            .fetch_all(&mut conn)
            .await
            .unwrap_or_default();
    for name in names {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
            .execute(&mut conn)
            .await;
    }
}

/// Drops the per-test database; PostgreSQL refuses while connections remain, so the pool is
/// closed first.
pub async fn drop_postgres(url: &str) {
    let name = url.rsplit('/').next().unwrap_or_default().to_string();
    if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url()).await {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await;
    }
}

impl TestApp {
    /// Starts an app; `vars` override the configuration like environment variables would.
    pub async fn spawn(backend: Backend, vars: &[(&str, &str)]) -> Option<TestApp> {
        let dir = tempfile::tempdir().expect("tempdir");
        let database_url = match backend {
            Backend::Sqlite => {
                format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display())
            }
            Backend::Postgres => fresh_postgres().await?,
        };
        Some(TestApp::start(backend, dir, database_url, vars).await)
    }

    /// Starts a second server process's worth of app on this app's database.
    pub async fn sibling(&self, vars: &[(&str, &str)]) -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        // The same bucket, so each process reads what the other stored.
        let bucket: Vec<(String, String)> = match &self.config.s3 {
            Some(s3) => s3::S3Server::shared().vars(&s3.bucket),
            None => Vec::new(),
        };
        let mut all: Vec<(&str, &str)> = bucket
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        all.extend_from_slice(vars);
        // Sqlite here: dropping the sibling must not drop the shared PostgreSQL database.
        TestApp::start(Backend::Sqlite, dir, self.config.database_url.clone(), &all).await
    }

    async fn start(
        backend: Backend,
        dir: tempfile::TempDir,
        database_url: String,
        vars: &[(&str, &str)],
    ) -> TestApp {
        let mut map: HashMap<String, String> = HashMap::from([
            ("DATA_DIR".into(), dir.path().display().to_string()),
            ("DATABASE_URL".into(), database_url),
            ("LISTEN_ADDR".into(), "127.0.0.1:0".into()),
            ("JWT_SECRET".into(), JWT_SECRET.into()),
            // Only tests that run jobs start workers (they pass JOB_WORKERS): dozens of
            // parallel test apps polling one PostgreSQL server would exhaust its connections.
            ("JOB_WORKERS".into(), "0".into()),
        ]);
        if let Backend::Postgres = backend {
            map.extend(s3::S3Server::shared().vars(&s3::bucket_name()));
        }
        for (k, v) in vars {
            map.insert(k.to_string(), v.to_string());
        }
        let config = Config::from_lookup(|k| map.get(k).cloned()).expect("config");
        let state = server::build_state(&config, test_site(&config))
            .await
            .expect("state");
        let db = state.db.clone();
        let jobs = server::start_jobs(&state, &config).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let router = server::router(state, config.allowed_origins.clone());
        tokio::spawn(server::serve(listener, router, async move {
            let _ = rx.await;
        }));
        TestApp {
            base,
            backend,
            config,
            db,
            _dir: dir,
            shutdown: Some(tx),
            jobs,
        }
    }

    /// A new browser-like client with its own cookie jar.
    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    /// Creates the first (administrator) account and returns a client signed in as it.
    pub async fn admin(&self, email: &str) -> Client {
        let c = self.client();
        c.run_ok(app::auth::api::Setup {
            email: email.into(),
            password: PASSWORD.into(),
            confirm_password: PASSWORD.into(),
            artist_name: String::new(),
        })
        .await;
        c
    }

    /// Registers a further account and returns a client signed in as it.
    pub async fn member(&self, email: &str) -> Client {
        let c = self.client();
        c.run_ok(app::auth::api::Register {
            email: email.into(),
            password: PASSWORD.into(),
            confirm_password: PASSWORD.into(),
        })
        .await;
        c
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(jobs) = self.jobs.take() {
            jobs.shutdown(std::time::Duration::from_secs(2)).await;
        }
        // Bounded: a connection still checked out by a request that outlived its test must not
        // hold the suite; the database is dropped with FORCE below either way.
        let closing = tokio::time::timeout(std::time::Duration::from_secs(5), self.db.pool.close());
        if closing.await.is_err() {
            announce_skip("note: a test database pool did not close within 5 s; dropped by force");
        }
        if let Backend::Postgres = self.backend {
            let _ = tokio::time::timeout(
                std::time::Duration::from_secs(10),
                drop_postgres(&self.config.database_url),
            )
            .await;
        }
    }
}

/// Leptos options serving static files straight from `public/` (no cargo-leptos build needed).
fn test_site(config: &Config) -> leptos::config::LeptosOptions {
    let mut options = server::leptos_options(config);
    options.site_root = concat!(env!("CARGO_MANIFEST_DIR"), "/../public").into();
    options
}

/// Runs a test body against one backend, then tears the app down.
pub async fn run<F, Fut>(backend: Backend, vars: &[(&str, &str)], body: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = TestApp>,
{
    let Some(app) = TestApp::spawn(backend, vars).await else {
        return;
    };
    let app = body(app).await;
    app.stop().await;
}

/// The one way a test runs on both databases: one test per backend (`name::sqlite`,
/// `name::postgres`) from a single body.
///
/// - `both_backends!(name, [VAR => value, …], |app| async move { …; app })`: the body gets a
///   started app with those settings and hands it back to be stopped.
/// - `both_backends!(name, database_only, |db| async move { …; db })`: a migrated
///   [`TestDb`] alone, for the queue and queries.
/// - `both_backends!(name, fn test_fn)` (optionally `, multi_thread`): calls
///   `async fn test_fn(backend: Backend)`, for tests that set up more than one app (a mock
///   provider of their own, several processes).
#[macro_export]
macro_rules! both_backends {
    ($name:ident, [$($k:expr => $v:expr),*], $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                common::run(common::Backend::Sqlite, &[$(($k, $v)),*], $body).await
            }
            #[tokio::test]
            async fn postgres() {
                common::run(common::Backend::Postgres, &[$(($k, $v)),*], $body).await
            }
        }
    };
    ($name:ident, database_only, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                common::run_db(common::Backend::Sqlite, $body).await
            }
            #[tokio::test]
            async fn postgres() {
                common::run_db(common::Backend::Postgres, $body).await
            }
        }
    };
    ($name:ident, fn $test:ident) => {
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$test($crate::common::Backend::Sqlite).await
            }
            #[tokio::test]
            async fn postgres() {
                super::$test($crate::common::Backend::Postgres).await
            }
        }
    };
    ($name:ident, fn $test:ident, multi_thread) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$test($crate::common::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$test($crate::common::Backend::Postgres).await
            }
        }
    };
}

/// Deterministic bytes that do not repeat at chunk boundaries.
pub fn data(len: usize, seed: u64) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15 ^ seed;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// The SHA-256 of `bytes`, lowercase hex (as the file endpoints report it).
pub fn sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The objects stored under `prefix` (`songs`, `images`): files in `storage_dir`, or the
/// objects of `bucket` on the shared S3 server.
pub fn stored_files(bucket: Option<&str>, storage_dir: &Path, prefix: &str) -> Vec<String> {
    match bucket {
        Some(bucket) => s3::S3Server::shared()
            .files(bucket)
            .into_iter()
            .filter(|k| k.starts_with(&format!("{prefix}/")))
            .collect(),
        None => files_under(&storage_dir.join(prefix))
            .into_iter()
            .map(|p| p.display().to_string())
            .collect(),
    }
}

impl TestApp {
    /// The objects this app stored under `prefix`, on whichever backend it uses.
    pub fn stored_files(&self, prefix: &str) -> Vec<String> {
        let bucket = self.config.s3.as_ref().map(|s| s.bucket.as_str());
        stored_files(bucket, &self.config.storage_dir, prefix)
    }
}

/// Every file below `dir` (none when it does not exist).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
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
