//! Object deletions that must not be forgotten (`storage_outbox`).
//!
//! A record's objects are deleted after the transaction that deleted the record commits; if
//! the storage is down then, or the process dies, the entry stays and is retried with
//! backoff by a loop every server process runs. Writes whose writer died (their lease ran
//! out, see [`super::objects`]) join the outbox the same way, so no object is left without a
//! record.

use std::time::Duration;

use sqlx::Row;

use super::{Backend, Storage, StorageKey};
use crate::infra::{now_ms, Db};

/// Longest wait between two attempts at one deletion.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    /// Writes whose writer died, queued for deletion.
    pub abandoned: u64,
    pub deleted: u64,
    /// Deletions that failed and wait for their next attempt.
    pub failed: u64,
}

/// Queues the deletion of an object in the caller's transaction; returns the entry's id.
pub async fn queue(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    backend: &str,
    key: &str,
    now: i64,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO storage_outbox (id, backend, object_key, attempts, next_attempt_at, \
         created_at) VALUES ($1, $2, $3, 0, $4, $4)",
    )
    .bind(&id)
    .bind(backend)
    .bind(key)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Tries the given entries now (right after the commit that queued them).
pub async fn deliver(db: &Db, storage: &Storage, ids: &[String]) {
    for id in ids {
        let row =
            sqlx::query("SELECT backend, object_key, attempts FROM storage_outbox WHERE id = $1")
                .bind(id)
                .fetch_optional(&db.pool)
                .await;
        match row {
            Ok(Some(row)) => {
                let _ = attempt(db, storage, id, &row, now_ms()).await;
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "outbox entry not read; the retry loop takes it"),
        }
    }
}

/// One pass: abandoned writes into the outbox, then every due entry attempted.
pub async fn pass(db: &Db, storage: &Storage, now: i64) -> Result<Pass, sqlx::Error> {
    let mut done = Pass {
        abandoned: queue_abandoned_writes(db, now).await?,
        ..Pass::default()
    };
    let due = sqlx::query(
        "SELECT id, backend, object_key, attempts FROM storage_outbox \
         WHERE next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT 500",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    for row in &due {
        let id: String = row.try_get("id")?;
        if attempt(db, storage, &id, row, now).await? {
            done.deleted += 1;
        } else {
            done.failed += 1;
        }
    }
    Ok(done)
}

async fn queue_abandoned_writes(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    let expired = sqlx::query(
        "SELECT object_key, backend FROM stored_objects \
         WHERE state = 'writing' AND lease_expires_at < $1",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    let mut queued = 0;
    for row in expired {
        let key: String = row.try_get("object_key")?;
        let backend: String = row.try_get("backend")?;
        let mut tx = db.begin_write().await?;
        // Still expired and unclaimed: a claim in between wins.
        let gone = sqlx::query(
            "DELETE FROM stored_objects WHERE object_key = $1 AND state = 'writing' \
             AND lease_expires_at < $2",
        )
        .bind(&key)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if gone.rows_affected() == 1 {
            queue(&mut tx, &backend, &key, now).await?;
            queued += 1;
        }
        tx.commit().await?;
    }
    Ok(queued)
}

/// Deletes one entry's object; on success the entry goes, on failure it waits longer.
async fn attempt(
    db: &Db,
    storage: &Storage,
    id: &str,
    row: &sqlx::any::AnyRow,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let backend: String = row.try_get("backend")?;
    let key: String = row.try_get("object_key")?;
    let attempts: i64 = row.try_get("attempts")?;
    let result = match (Backend::parse(&backend), StorageKey::new(key.clone())) {
        (Some(backend), Ok(k)) => storage.delete(backend, &k).await.map_err(|e| e.to_string()),
        // Never deletable: keep it visible to `storage check` rather than loop on it.
        _ => Err(format!("unusable entry: backend {backend:?}, key {key:?}")),
    };
    match result {
        Ok(()) => {
            sqlx::query("DELETE FROM storage_outbox WHERE id = $1")
                .bind(id)
                .execute(&db.pool)
                .await?;
            Ok(true)
        }
        Err(error) => {
            let wait = backoff(attempts + 1);
            tracing::warn!(key, attempts = attempts + 1, retry_in_s = wait.as_secs(), %error,
                "object deletion failed; will retry");
            sqlx::query(
                "UPDATE storage_outbox SET attempts = attempts + 1, next_attempt_at = $2, \
                 last_error = $3 WHERE id = $1",
            )
            .bind(id)
            .bind(now + wait.as_millis() as i64)
            .bind(&error)
            .execute(&db.pool)
            .await?;
            Ok(false)
        }
    }
}

/// 5 s, 10 s, 20 s … up to an hour.
fn backoff(attempts: i64) -> Duration {
    let exp = attempts.clamp(1, 20) as u32 - 1;
    Duration::from_secs(5)
        .saturating_mul(1u32 << exp.min(12))
        .min(MAX_BACKOFF)
}

/// Entries still waiting, for `storage check`.
pub async fn pending(db: &Db) -> Result<Vec<(String, String, i64, Option<String>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT backend, object_key, attempts, last_error FROM storage_outbox ORDER BY created_at",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("backend")?,
                r.try_get("object_key")?,
                r.try_get("attempts")?,
                r.try_get("last_error")?,
            ))
        })
        .collect()
}

/// Runs [`pass`] every `interval` for the life of the process.
pub fn start(db: Db, storage: Storage, interval: Duration) {
    tokio::spawn(async move {
        loop {
            match pass(&db, &storage, now_ms()).await {
                Ok(p) if p != Pass::default() => tracing::info!(?p, "storage outbox pass"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "storage outbox pass failed"),
            }
            tokio::time::sleep(interval).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::from_secs(5));
        assert_eq!(backoff(2), Duration::from_secs(10));
        assert_eq!(backoff(4), Duration::from_secs(40));
        assert_eq!(backoff(30), MAX_BACKOFF);
    }
}
