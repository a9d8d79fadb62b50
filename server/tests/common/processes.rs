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

pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    pub fn start(database_url: &str, data_dir: &Path, mock: &MockServer) -> Server {
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
            .env("OLLAMA_URL", &mock.base_url)
            .env("OPENAI_BASE_URL", format!("{}/v1", mock.base_url))
            .env("OPENAI_API_KEY", "sk-test")
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
        panic!("server at {} did not come up", self.base);
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
