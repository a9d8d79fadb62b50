//! Sign-in throttling, kept in the database so it holds across server processes and restarts.
//!
//! Two counts, both checked and counted in one transaction before a password is verified (so
//! concurrent guesses cannot overshoot them), with the rows locked while deciding:
//! - **per client address**: at most `max_failures` failures per window, then 429 until the
//!   window ends. A success takes back only its own reservation, so signing in to an account of
//!   one's own never forgives guesses at another.
//! - **per account** (the normalised email, whether or not such an account exists, so the
//!   answer does not tell which do): after [`FREE_ACCOUNT_FAILURES`] failures in a row, each
//!   further attempt must wait a delay that doubles from 1 s up to [`MAX_ACCOUNT_DELAY`]. Guessing
//!   from many addresses is slowed to a crawl, while the owner is never locked out for longer
//!   than that. A success clears the account's count.
//! - **known addresses**: an address that signed in to an account before (within
//!   [`KNOWN_ADDRESS_DAYS`]) is not held back by that account's delay, so a guesser elsewhere
//!   cannot keep the owner waiting; it stays under its own per-address limit.

use std::net::IpAddr;
use std::time::Duration;

use super::db::throttle::{self as rows, lock_row, store_row};
use crate::error::AppError;
use crate::infra::{now_ms, Db};
pub use crate::state::ThrottlePolicy;

/// Failures in a row an account allows before attempts are spaced out.
pub const FREE_ACCOUNT_FAILURES: i64 = 5;
/// The longest an account's next attempt is held back.
pub const MAX_ACCOUNT_DELAY: Duration = Duration::from_secs(300);
/// Counts untouched for this long are swept.
const KEEP_MS: i64 = 24 * 3600 * 1000;
/// How long an address that signed in to an account stays known to it.
pub const KNOWN_ADDRESS_DAYS: i64 = 90;
const KNOWN_PREFIX: &str = "known:";

/// A sign-in attempt that was allowed and counted as a failure until [`Attempt::succeeded`]
/// says otherwise.
pub struct Attempt {
    address_key: String,
    account_key: Option<String>,
    /// Marks this address as known to the account once the attempt succeeds.
    known_key: Option<String>,
}

/// The address a client is counted under: IPv4 addresses one by one, IPv6 by their /64 network,
/// since one household or server is handed a whole /64 and could otherwise count afresh from
/// each of its addresses.
pub fn address_group(client: IpAddr) -> String {
    match client {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// How long an account waits before its next attempt after `failures` in a row.
pub fn account_delay(failures: i64) -> Duration {
    if failures < FREE_ACCOUNT_FAILURES {
        return Duration::ZERO;
    }
    let doublings = (failures - FREE_ACCOUNT_FAILURES).min(20) as u32;
    Duration::from_secs(1u64 << doublings).min(MAX_ACCOUNT_DELAY)
}

fn retry_after(until_ms: i64, now: i64) -> AppError {
    let secs = ((until_ms - now).max(0) as u64).div_ceil(1000).max(1);
    AppError::RateLimited {
        retry_after_secs: secs,
    }
}

/// Checks both limits and counts the attempt as a failure, atomically; `RateLimited` when
/// either limit says wait. `account` is the normalised email, when the input was one.
pub async fn begin_attempt(
    db: &Db,
    policy: ThrottlePolicy,
    client: IpAddr,
    account: Option<&str>,
) -> Result<Attempt, AppError> {
    let now = now_ms();
    let group = address_group(client);
    let address_key = format!("ip:{group}");
    let account_key = account.map(|a| format!("account:{a}"));
    let known_key = account.map(|a| format!("{KNOWN_PREFIX}{a}|{group}"));
    let mut tx = db.begin_write().await?;
    // Always in this order (address, then account), so two attempts cannot deadlock.
    let mut address = lock_row(&mut tx, &address_key, now).await?;
    let window_ms = policy.window.as_millis() as i64;
    if now - address.window_start >= window_ms {
        address.failures = 0;
        address.window_start = now;
    }
    if address.failures >= policy.max_failures {
        return Err(retry_after(address.window_start + window_ms, now));
    }
    let mut account_row = match &account_key {
        Some(key) => Some(lock_row(&mut tx, key, now).await?),
        None => None,
    };
    let known = match &known_key {
        Some(key) => rows::exists(&mut tx, key).await?,
        None => false,
    };
    if let Some(row) = &mut account_row {
        if now < row.next_allowed_at && !known {
            return Err(retry_after(row.next_allowed_at, now));
        }
        row.failures += 1;
        // No delay means no deadline: `now` was read before waiting for the row lock, so a
        // deadline of `now` would refuse a concurrent attempt that read the clock earlier.
        let delay = account_delay(row.failures);
        row.next_allowed_at = if delay.is_zero() {
            0
        } else {
            now + delay.as_millis() as i64
        };
    }
    address.failures += 1;
    store_row(&mut tx, &address_key, &address, now).await?;
    if let (Some(key), Some(row)) = (&account_key, &account_row) {
        store_row(&mut tx, key, row, now).await?;
    }
    tx.commit().await?;
    sweep_now_and_then(db, now).await;
    Ok(Attempt {
        address_key,
        account_key,
        known_key,
    })
}

impl Attempt {
    /// The password was right: the account's count is cleared and the address's reservation
    /// taken back (its earlier failures stand).
    pub async fn succeeded(self, db: &Db) -> Result<(), AppError> {
        let mut tx = db.begin_write().await?;
        rows::forgive_one(&mut tx, &self.address_key).await?;
        if let Some(key) = &self.account_key {
            rows::forget(&mut tx, key).await?;
        }
        if let Some(key) = &self.known_key {
            rows::touch(&mut tx, key, now_ms()).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Forgets counts nobody touched for a day and known addresses unused for
/// [`KNOWN_ADDRESS_DAYS`], on about one attempt in a hundred (each row is a few bytes; this only
/// keeps a table of tried addresses and names from growing forever).
async fn sweep_now_and_then(db: &Db, now: i64) {
    if rand::random::<u8>() >= 3 {
        return;
    }
    let swept = rows::sweep(
        db,
        KNOWN_PREFIX,
        now - KEEP_MS,
        now,
        now - KNOWN_ADDRESS_DAYS * KEEP_MS,
    )
    .await;
    if let Err(err) = swept {
        tracing::warn!(error = %err, "sweeping old sign-in counts failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_count_by_network() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_group(a), address_group(b));
        assert_ne!(address_group(a), address_group(other));
        assert_eq!(
            address_group("::ffff:192.0.2.7".parse().unwrap()),
            "192.0.2.7"
        );
        assert_eq!(address_group("192.0.2.7".parse().unwrap()), "192.0.2.7");
    }

    #[test]
    fn account_delays_grow_and_stop_growing() {
        assert_eq!(account_delay(FREE_ACCOUNT_FAILURES - 1), Duration::ZERO);
        assert_eq!(account_delay(FREE_ACCOUNT_FAILURES), Duration::from_secs(1));
        assert_eq!(
            account_delay(FREE_ACCOUNT_FAILURES + 3),
            Duration::from_secs(8)
        );
        assert_eq!(account_delay(1_000_000), MAX_ACCOUNT_DELAY);
    }
}
