//! Real server processes (the `server` binary) for the crash and shutdown tests, with a
//! Bearer client, song queueing and waiting.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use app::auth::api::{CreateToken, Setup};
use app::songs::api::{CreateSong, ListSongs};
use app::songs::preflight::SongRequest;
use app::songs::Song;
use mock::MockServer;
use shared::paging::Page;

use super::{Backend, Client, JWT_SECRET, PASSWORD};

/// On PostgreSQL, server processes keep files in S3, in a bucket named after the database so a
/// restart (or a second process) finds them.
pub fn bucket_for(database_url: &str) -> Option<String> {
    database_url
        .starts_with("postgres")
        .then(|| format!("p{}", database_url.rsplit('_').next().unwrap_or("x")))
}

pub struct Server {
    pub child: Child,
    pub base: String,
    /// The process's stderr, shown when it does not come up.
    log: std::path::PathBuf,
}

impl Server {
    /// A server process; on PostgreSQL its files go to S3 (see [`bucket_for`]).
    pub fn start(database_url: &str, data_dir: &Path, mock: &MockServer) -> Server {
        Server::start_with(database_url, data_dir, mock, true)
    }

    /// `s3` false keeps files in the data directory whatever the database.
    pub fn start_with(database_url: &str, data_dir: &Path, mock: &MockServer, s3: bool) -> Server {
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
        // Known to the server's own tests; the harness is shared with the command-line
        // client's tests, which never start server processes.
        let bin =
            option_env!("CARGO_BIN_EXE_server").expect("only the server's tests start processes");
        let mut command = Command::new(bin);
        if let Some(bucket) = bucket_for(database_url).filter(|_| s3) {
            command.envs(super::s3::S3Server::shared().vars(&bucket));
        }
        let child = command
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
            .env("OLLAMA_URL", &mock.base_url)
            .env("OPENAI_BASE_URL", format!("{}/v1", mock.base_url))
            .env("OPENAI_API_KEY", "sk-test")
            .env("JOB_WORKERS", "4")
            .env("JOB_POLL_INTERVAL_MS", "200")
            .env("JOB_LEASE_SECS", "2")
            // A killed writer's objects are removed within seconds, not ten minutes.
            .env("STORAGE_WRITE_LEASE_SECS", "2")
            .env("STORAGE_RETRY_INTERVAL_MS", "200")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start the server binary");
        Server {
            child,
            log: data_dir.join("server.log"),
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    pub async fn ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(r) = reqwest::get(format!("{}/health", self.base)).await {
                if r.status() == 200 {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(20).collect();
        panic!(
            "server at {} did not come up; its log ends:\n{}",
            self.base,
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }

    /// SIGKILL: no shutdown code runs.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

pub fn client(base: &str, token: &str) -> Client {
    Client {
        base: base.to_string(),
        http: super::http_client().build().unwrap(),
        bearer: Some(token.to_string()),
        extra: Default::default(),
    }
}

pub async fn admin_token(base: &str) -> String {
    let c = Client {
        base: base.to_string(),
        http: super::http_client().cookie_store(true).build().unwrap(),
        bearer: None,
        extra: Default::default(),
    };
    c.run_ok(Setup {
        email: "admin@example.org".into(),
        password: PASSWORD.into(),
        confirm_password: PASSWORD.into(),
        artist_name: String::new(),
    })
    .await;
    c.run_ok(CreateToken {
        email: "admin@example.org".into(),
        password: PASSWORD.into(),
    })
    .await
    .token
}

pub async fn queue_songs(c: &Client, n: usize, tag: &str) {
    for i in 0..n {
        let request = SongRequest {
            lyrics: format!("0001 {tag} take {i}"),
            prompt: "pop".into(),
            idempotency_key: format!("key-{tag}-{i:05}"),
            ..Default::default()
        };
        c.run_ok(CreateSong { request }).await;
    }
}

/// Every song once none is still being made.
pub async fn all_settled(c: &Client, within: Duration) -> Vec<Song> {
    let deadline = Instant::now() + within;
    loop {
        let list = c.run_ok(ListSongs { page: Page::FIRST }).await;
        if list.iter().all(|s| s.status.state.is_settled()) {
            return list;
        }
        assert!(Instant::now() < deadline, "songs did not settle");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

pub async fn database(backend: Backend, dir: &Path) -> Option<String> {
    match backend {
        Backend::Sqlite => Some(format!(
            "sqlite://{}?mode=rwc",
            dir.join("jobs.db").display()
        )),
        Backend::Postgres => super::fresh_postgres().await,
    }
}
