//! `--bwlimit`: all transfers of a run together stay under a rate (bytes per second), as
//! rclone's option of that name; without one, nothing waits.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

#[derive(Clone, Default)]
pub struct BandwidthLimit {
    inner: Option<Arc<Mutex<Window>>>,
}

struct Window {
    rate: u64,
    started: Instant,
    bytes: u64,
}

impl BandwidthLimit {
    pub fn new(rate: Option<u64>) -> Self {
        BandwidthLimit {
            inner: rate.map(|rate| {
                Arc::new(Mutex::new(Window {
                    rate: rate.max(1),
                    started: Instant::now(),
                    bytes: 0,
                }))
            }),
        }
    }

    /// Counts `n` bytes, waiting as long as they take at the limit.
    pub async fn take(&self, n: u64) {
        let Some(inner) = &self.inner else { return };
        let wait = {
            let mut w = inner.lock().await;
            w.bytes += n;
            let due = Duration::from_secs_f64(w.bytes as f64 / w.rate as f64);
            due.saturating_sub(w.started.elapsed())
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}
