//! Per-client limit on failed sign-in attempts, to slow down password guessing.
//!
//! Kept in process memory: a restart forgives, which is acceptable for a brake on guessing, and
//! argon2's cost already bounds how fast any single process can verify guesses.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Sliding-window counter of failures per client address.
pub struct RateLimiter {
    max_failures: usize,
    window: Duration,
    failures: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

/// Entries kept before stale clients are swept, so the map cannot grow without bound.
const SWEEP_THRESHOLD: usize = 10_000;

impl RateLimiter {
    pub fn new(max_failures: usize, window: Duration) -> Self {
        RateLimiter {
            max_failures,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(seconds until a retry is allowed)` when the client has used up its failures.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let Some(times) = map.get_mut(&client) else {
            return Ok(());
        };
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
        if times.len() >= self.max_failures {
            let oldest = *times.front().expect("non-empty when over the limit");
            let wait = self.window.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs().max(1));
        }
        Ok(())
    }

    /// Records one failed attempt.
    pub fn record_failure(&self, client: IpAddr) {
        let now = Instant::now();
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > SWEEP_THRESHOLD {
            let window = self.window;
            map.retain(|_, t| {
                t.back()
                    .is_some_and(|last| now.duration_since(*last) < window)
            });
        }
        map.entry(client).or_default().push_back(now);
    }

    /// Forgets a client's failures after it signed in successfully.
    pub fn reset(&self, client: IpAddr) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&client);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_max_failures_and_recovers_after_window() {
        let limiter = RateLimiter::new(2, Duration::from_millis(50));
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.1".parse().unwrap();
        assert!(limiter.check(ip).is_ok());
        limiter.record_failure(ip);
        limiter.record_failure(ip);
        assert!(limiter.check(ip).is_err());
        assert!(limiter.check(other).is_ok(), "limits are per client");
        std::thread::sleep(Duration::from_millis(60));
        assert!(limiter.check(ip).is_ok());
        limiter.record_failure(ip);
        limiter.reset(ip);
        assert!(limiter.check(ip).is_ok());
    }
}
