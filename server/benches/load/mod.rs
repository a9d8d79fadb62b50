//! How the benchmarks load a page: a steady rate in an open loop for latency, many clients in
//! a closed loop for throughput. Shared by every list benchmark, so their figures compare.

use std::time::{Duration, Instant};

pub const RATE_PER_SEC: u64 = 200;
const OPEN_LOOP: Duration = Duration::from_secs(5);
pub const CLIENTS: usize = 50;
const CLOSED_LOOP_REQUESTS: usize = 1_000;

/// The list target every list page is held to (the gallery's): p99 at 200 req/s.
pub const TARGET_P99_MS: f64 = 50.0;

/// One page's figures under load.
pub struct PageLoad {
    pub p50: f64,
    pub p99: f64,
    pub per_sec: f64,
}

impl std::fmt::Display for PageLoad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "at {RATE_PER_SEC}/s: p50 {:6.1} ms  p99 {:7.1} ms (target p99 <= {TARGET_P99_MS} ms: {})  \
             {CLIENTS} clients: {:6.0} req/s",
            self.p50,
            self.p99,
            if self.p99 <= TARGET_P99_MS { "met" } else { "NOT met" },
            self.per_sec
        )
    }
}

/// Warms up (pool, statement caches, allocator), then measures `url` both ways.
pub async fn measure_page(http: &reqwest::Client, url: &str) -> PageLoad {
    for _ in 0..20 {
        get(http, url).await;
    }
    let (p50, p99) = open_loop(http, url).await;
    let per_sec = closed_loop(http, url).await;
    PageLoad { p50, p99, per_sec }
}

/// Requests sent on a fixed schedule; each latency counts from when its request was due, so
/// a slow server cannot hide its queue.
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

/// The `p` quantile of `times`, in milliseconds.
pub fn percentile(times: &mut [Duration], p: f64) -> f64 {
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
