//! Trying again on network trouble: a Wi-Fi drop or a server restart in the middle of a long
//! run should cost a few seconds, not the run. Only requests that may be repeated safely go
//! through here (reads, uploads the server refuses to store twice, deletes that answer 404
//! the second time, the idempotent sync status); signing in does not.

use std::future::Future;
use std::time::Duration;

/// The pause before each retry; after the last, the error stands.
pub const BACKOFF: [Duration; 3] = [
    Duration::from_secs(1),
    Duration::from_secs(3),
    Duration::from_secs(8),
];

/// Runs `attempt` until it succeeds, fails for good (`transient` says no), or the pauses run
/// out. `before_retry` runs before each pause (a progress bar starts over).
pub async fn with_backoff<T, E, F, Fut>(
    transient: impl Fn(&E) -> bool,
    mut before_retry: impl FnMut(),
    mut attempt: F,
) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut pauses = BACKOFF.iter();
    loop {
        match attempt().await {
            Err(err) if transient(&err) => match pauses.next() {
                Some(pause) => {
                    before_retry();
                    tokio::time::sleep(*pause).await;
                }
                None => return Err(err),
            },
            done => return done,
        }
    }
}
