//! Job runner throughput and overhead: 1,000 songs against the mock Mureka with zero provider
//! latency (submit, one poll, four files fetched into storage), on SQLite and PostgreSQL. Prints
//! jobs per second and database round trips per job (the queue's own statements plus the song
//! handler's, counted where they are made). Never fails on a figure. Run with
//! `scripts/bench.sh` or `cargo bench -p server --bench runner`.

// The allocator the server binary runs with (`server/src/main.rs`), so the figures are its own.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use app::infra::Storage;
use app::jobs::{JobContext, Policy, Queue, Runner, SystemClock};
use app::providers::{http_client, Endpoint, Mureka, Ollama, OpenAi, Providers};
use app::songs::preflight::Checked;
use common::{Backend, TestApp};
use mock::MockConfig;

const JOBS: usize = 1_000;
const WORKERS: usize = 8;

fn endpoint(base: &str) -> Endpoint {
    Endpoint {
        base_url: base.to_string(),
        api_key: Some("mk-bench".into()),
        demo: false,
    }
}

#[tokio::main]
async fn main() {
    let mock = mock::start(
        "127.0.0.1:0".parse().unwrap(),
        MockConfig {
            job_duration: Duration::ZERO,
            concurrent_limit: 10_000,
            ..MockConfig::default()
        },
    )
    .await
    .unwrap();
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = TestApp::spawn(backend, &[("JOB_WORKERS", "0")]).await else {
            println!("runner/{backend:?}: skipped (database not reachable)");
            continue;
        };
        app.admin("bench@example.org").await;
        let user: String = sqlx::query_scalar("SELECT id FROM users LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let queue = Queue::new(
            app.db.clone(),
            Arc::new(SystemClock),
            Policy {
                poll_interval: Duration::ZERO,
                ..Policy::default()
            },
        );
        queue.set_slots("mureka", 64).await.unwrap();
        let song = Checked {
            lyrics: "[Verse]\n0001 benchmark".into(),
            prompt: "pop".into(),
            model: "auto".into(),
            title: String::new(),
            tags: String::new(),
            mappings: Vec::new(),
        };
        for i in 0..JOBS {
            app::songs::db::create(
                &queue,
                &user,
                &format!("bench-key-{i:06}"),
                &song,
                false,
                None,
            )
            .await
            .unwrap();
        }
        let http = http_client(Duration::from_secs(30));
        let providers = Providers {
            openai: OpenAi {
                endpoint: endpoint(&mock.base_url),
                admin_key: None,
                image_model: "gpt-image-1".into(),
                http: http.clone(),
            },
            ollama: Ollama {
                endpoint: endpoint(&mock.base_url),
                http: http.clone(),
            },
            mureka: Mureka {
                endpoint: endpoint(&mock.base_url),
                http,
            },
            chat: app::providers::chat::ChatProviders::new(
                endpoint(&mock.base_url),
                endpoint(&format!("{}/v1", mock.base_url)),
                Duration::from_secs(30),
                32_768,
                Vec::new(),
            ),
        };
        let storage_dir = tempfile::tempdir().unwrap();
        let ctx = JobContext {
            queue: queue.clone(),
            storage: Storage::local(storage_dir.path()),
            providers: Arc::new(providers),
        };
        let before = queue.round_trips();
        let started = Instant::now();
        let runner = Runner::new(ctx, server::jobs::JobKinds, WORKERS)
            .idle_poll(Duration::from_millis(5))
            .start(Duration::from_secs(5));
        loop {
            let open: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM jobs WHERE state NOT IN ('succeeded', 'failed', 'cancelled', 'interrupted')",
            )
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
            if open == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let wall = started.elapsed();
        runner.shutdown(Duration::from_secs(5)).await;
        let done: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE state = 'succeeded'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let trips = queue.round_trips() - before;
        println!(
            "runner/{backend:?}: {JOBS} jobs ({done} succeeded) with {WORKERS} workers in {:.2} s = \
             {:.0} jobs/s; {:.1} database round trips per job (idle polls included)",
            wall.as_secs_f64(),
            JOBS as f64 / wall.as_secs_f64(),
            trips as f64 / JOBS as f64,
        );
        app.stop().await;
    }
}
