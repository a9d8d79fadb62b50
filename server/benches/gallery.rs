//! Gallery server render under load: 1,000 images, 50 concurrent clients on loopback, the whole
//! SSR page (session check, query, HTML) per request. Prints latency percentiles per backend
//! (target: p99 ≤ 50 ms); never fails on a figure. Run with `scripts/bench.sh` or
//! `cargo bench -p server --bench gallery`.

// The allocator the server binary runs with (`server/src/main.rs`), so the figures are its own.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::{Backend, TestApp};
use serde_json::Value;

const IMAGES: usize = 1_000;
const CONCURRENCY: usize = 50;
const REQUESTS: usize = 2_000;

#[tokio::main]
async fn main() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = TestApp::spawn(backend, &[]).await else {
            println!("gallery/{backend:?}: skipped (database not reachable)");
            continue;
        };
        let c = app.admin("bench@example.org").await;
        let me: Value = c.call_ok("get_profile", &[]).await;
        common::seed_rows(&app, me["id"].as_str().unwrap(), IMAGES).await;
        for (name, path) in [
            ("first page", "/images"),
            ("page 12 of 21", "/images?page=12"),
            (
                "search + filter",
                "/images?q=lake&composition=landscape&sort=title",
            ),
        ] {
            let url = format!("{}{path}", app.base);
            // Warm-up: connection pool, statement caches, allocator.
            for _ in 0..20 {
                get(&c.http, &url).await;
            }
            let started = Instant::now();
            let per_worker = REQUESTS / CONCURRENCY;
            let workers: Vec<_> = (0..CONCURRENCY)
                .map(|_| {
                    let (http, url) = (c.http.clone(), url.clone());
                    tokio::spawn(async move {
                        let mut times = Vec::with_capacity(per_worker);
                        for _ in 0..per_worker {
                            times.push(get(&http, &url).await);
                        }
                        times
                    })
                })
                .collect();
            let mut times = Vec::with_capacity(REQUESTS);
            for w in workers {
                times.extend(w.await.expect("worker"));
            }
            let wall = started.elapsed();
            times.sort();
            let pct = |p: f64| {
                let i = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1;
                times[i].as_secs_f64() * 1000.0
            };
            println!(
                "gallery/{backend:?} {name:<16} {IMAGES} images, {CONCURRENCY} concurrent: \
                 p50 {:6.1} ms  p95 {:6.1} ms  p99 {:6.1} ms  max {:6.1} ms  {:6.0} req/s  \
                 (target p99 <= 50 ms: {})",
                pct(0.50),
                pct(0.95),
                pct(0.99),
                pct(1.0),
                times.len() as f64 / wall.as_secs_f64(),
                if pct(0.99) <= 50.0 { "met" } else { "NOT met" },
            );
        }
        app.stop().await;
    }
}

async fn get(http: &reqwest::Client, url: &str) -> Duration {
    let t = Instant::now();
    let res = http.get(url).send().await.expect("request");
    assert_eq!(res.status(), 200, "{url}");
    let body = res.bytes().await.expect("body");
    assert!(body.len() > 1000, "a whole page");
    t.elapsed()
}
