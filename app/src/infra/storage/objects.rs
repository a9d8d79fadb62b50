//! The record of every stored object (`stored_objects`): which backend holds it, its size and
//! SHA-256, kept in step with the features' records so that neither outlives the other.
//!
//! Writing is two-phase. [`write`] registers the key as being written under a lease, streams
//! the bytes, and returns; the feature then inserts its own record and [`claim`]s the object
//! in the same transaction. A writer that dies between the two leaves a lease that runs out,
//! and the outbox ([`super::outbox`]) removes whatever arrived. Deleting is the reverse:
//! [`release`] in the feature's deleting transaction turns its objects into outbox entries,
//! which are deleted from storage after the commit and retried until that succeeds.

use std::time::Duration;

use sqlx::Row;

use super::{outbox, Backend, ByteStream, Storage, StorageKey, WriteCheck, Written};
use crate::error::AppError;
use crate::infra::{now_ms, Db};

/// How long a write may go without renewing its lease before it counts as abandoned. Renewed
/// every third of it while the write runs, so only a dead writer lets it run out.
pub const DEFAULT_WRITE_LEASE: Duration = Duration::from_secs(600);

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// A written object not yet claimed by a record. Its lease is renewed for as long as this
/// lives (a song's first file waits while the others download); dropped unclaimed, the
/// renewal stops and the outbox removes the object once the lease runs out.
#[derive(Debug)]
pub struct Unclaimed {
    pub file: Written,
    _lease: LeaseKeeper,
}

impl std::ops::Deref for Unclaimed {
    type Target = Written;
    fn deref(&self) -> &Written {
        &self.file
    }
}

/// Renews a write's lease until dropped.
#[derive(Debug)]
struct LeaseKeeper(tokio::task::AbortHandle);

impl Drop for LeaseKeeper {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Streams `body` into a new object under `key` on the default backend, registered as being
/// written. The caller claims it with [`claim`] in the transaction that saves its record, or
/// gives it back with [`discard`] when that fails.
pub async fn write(
    db: &Db,
    storage: &Storage,
    key: StorageKey,
    body: ByteStream,
    check: WriteCheck,
) -> Result<Unclaimed, AppError> {
    let backend = storage.default_backend();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO stored_objects (object_key, backend, state, lease_expires_at, created_at) \
         VALUES ($1, $2, 'writing', $3, $4)",
    )
    .bind(key.as_str())
    .bind(backend.as_str())
    .bind(now + storage.write_lease().as_millis() as i64)
    .bind(now)
    .execute(&db.pool)
    .await?;
    let (lost_tx, mut lost) = tokio::sync::oneshot::channel();
    let renewal = tokio::spawn(renew_lease(
        db.clone(),
        key.clone(),
        storage.write_lease(),
        lost_tx,
    ));
    let lease = LeaseKeeper(renewal.abort_handle());
    let written = tokio::select! {
        w = storage.write(&key, body, check) => w.map_err(AppError::from),
        Ok(()) = &mut lost => {
            tracing::error!(key = key.as_str(), "write lease lost mid-write; write stopped");
            Err(AppError::Internal)
        }
    };
    // The lease may have run out between two renewals while the last bytes went out; the
    // outbox may then be about to delete what just landed.
    let written = match written {
        Ok(file) if still_writing(db, &key, storage.write_lease()).await => Ok(file),
        Ok(_) => {
            tracing::error!(key = key.as_str(), "write lease lost as the write ended");
            Err(AppError::Internal)
        }
        Err(err) => Err(err),
    };
    match written {
        Ok(file) => Ok(Unclaimed {
            file,
            _lease: lease,
        }),
        Err(err) => {
            // The backends remove what they wrote when they fail; but a write can succeed on
            // the server and fail on the way back, so its key goes to the outbox regardless.
            abandon(db, storage, backend, &key).await;
            Err(err)
        }
    }
}

/// Renews the lease once more; false when the row is no longer being written.
async fn still_writing(db: &Db, key: &StorageKey, lease: Duration) -> bool {
    sqlx::query(
        "UPDATE stored_objects SET lease_expires_at = $2 \
         WHERE object_key = $1 AND state = 'writing'",
    )
    .bind(key.as_str())
    .bind(now_ms() + lease.as_millis() as i64)
    .execute(&db.pool)
    .await
    .is_ok_and(|done| done.rows_affected() == 1)
}

/// Stores bytes already in memory (generated images, thumbnails).
pub async fn write_bytes(
    db: &Db,
    storage: &Storage,
    key: StorageKey,
    bytes: impl Into<bytes::Bytes>,
) -> Result<Unclaimed, AppError> {
    write(db, storage, key, super::once(bytes), WriteCheck::default()).await
}

async fn renew_lease(
    db: Db,
    key: StorageKey,
    lease: Duration,
    lost: tokio::sync::oneshot::Sender<()>,
) {
    loop {
        tokio::time::sleep(lease / 3).await;
        let until = now_ms() + lease.as_millis() as i64;
        let renewed = sqlx::query(
            "UPDATE stored_objects SET lease_expires_at = $2 \
             WHERE object_key = $1 AND state = 'writing'",
        )
        .bind(key.as_str())
        .bind(until)
        .execute(&db.pool)
        .await;
        match renewed {
            // Claimed (nothing left to renew) or taken by the outbox (the write must stop).
            Ok(done) if done.rows_affected() == 0 => {
                let _ = lost.send(());
                return;
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(key = key.as_str(), error = %e, "write lease not renewed"),
        }
    }
}

/// Turns an unclaimed write into an outbox entry and delivers it: the object is deleted now
/// or retried later, never forgotten. A write already claimed (a commit that reported an error
/// after it went through) is left alone; one whose row the outbox already took is queued
/// again (its object may have landed after that deletion; keys are never reused, and deleting
/// a missing object is harmless).
async fn abandon(db: &Db, storage: &Storage, backend: Backend, key: &StorageKey) {
    let queued = async {
        let mut tx = db.begin_write().await?;
        let writing: Option<String> = sqlx::query_scalar(
            "DELETE FROM stored_objects WHERE object_key = $1 AND state = 'writing' \
             RETURNING backend",
        )
        .bind(key.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let claimed: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM stored_objects WHERE object_key = $1")
                .bind(key.as_str())
                .fetch_one(&mut *tx)
                .await?;
        let queue_on = match (writing, claimed) {
            (Some(recorded), _) => Some(recorded),
            (None, 0) => Some(backend.as_str().to_string()),
            (None, _) => None,
        };
        let id = match queue_on {
            Some(b) => Some(outbox::queue(&mut tx, &b, key.as_str(), now_ms()).await?),
            None => None,
        };
        tx.commit().await?;
        Ok::<_, sqlx::Error>(id)
    }
    .await;
    match queued {
        Ok(Some(id)) => outbox::deliver(db, storage, &[id]).await,
        Ok(None) => {}
        // The lease runs out and the outbox takes it from there.
        Err(e) => tracing::warn!(key = key.as_str(), error = %e, "unclaimed write not queued"),
    }
}

/// Marks a written object as belonging to the record saved in `tx`. Fails when the lease ran
/// out meanwhile (the object may be gone), so the record is never saved without its object.
pub async fn claim(tx: &mut Tx, written: &Unclaimed) -> Result<(), AppError> {
    let done = sqlx::query(
        "UPDATE stored_objects SET state = 'stored', byte_size = $2, sha256 = $3, \
         lease_expires_at = NULL WHERE object_key = $1 AND state = 'writing'",
    )
    .bind(written.key.as_str())
    .bind(written.size as i64)
    .bind(&written.sha256)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        tracing::error!(
            key = written.key.as_str(),
            "write lease lost before its record was saved"
        );
        Err(AppError::Internal)
    }
}

/// Gives back objects whose record could not be saved (see [`abandon`]).
pub async fn discard(db: &Db, storage: &Storage, written: Vec<Unclaimed>) {
    for w in written {
        abandon(db, storage, w.backend, &w.key).await;
    }
}

/// In the transaction deleting their records: the objects under `keys` stop being records and
/// become outbox entries. Returns the entries' ids, for [`super::outbox::deliver`] after the
/// commit.
pub async fn release(tx: &mut Tx, keys: &[String]) -> Result<Vec<String>, sqlx::Error> {
    let now = now_ms();
    let mut ids = Vec::with_capacity(keys.len());
    for key in keys {
        let backend: Option<String> = sqlx::query_scalar(
            "DELETE FROM stored_objects WHERE object_key = $1 RETURNING backend",
        )
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(backend) = backend else {
            tracing::warn!(key, "released an object that was never recorded");
            continue;
        };
        ids.push(outbox::queue(tx, &backend, key, now).await?);
    }
    Ok(ids)
}

/// Which backend holds a recorded object; objects recorded before backends were tracked are
/// local files.
pub async fn backend_of(db: &Db, key: &str) -> Result<Backend, sqlx::Error> {
    let backend: Option<String> =
        sqlx::query_scalar("SELECT backend FROM stored_objects WHERE object_key = $1")
            .bind(key)
            .fetch_optional(&db.pool)
            .await?;
    Ok(backend
        .as_deref()
        .and_then(Backend::parse)
        .unwrap_or(Backend::Filesystem))
}

/// Whether anything names the key: a record, a write in progress or a queued deletion.
pub async fn is_recorded(db: &Db, key: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM stored_objects WHERE object_key = $1) \
         + (SELECT COUNT(*) FROM storage_outbox WHERE object_key = $1)",
    )
    .bind(key)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// A recorded object as `storage check` sees it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub key: String,
    pub backend: Backend,
    pub size: Option<u64>,
    pub sha256: Option<String>,
    /// Still being written (not yet claimed, lease running).
    pub writing: bool,
}

/// Every recorded object.
pub async fn all(db: &Db) -> Result<Vec<Recorded>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT object_key, backend, byte_size, sha256, state FROM stored_objects \
         ORDER BY object_key",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let backend: String = r.try_get("backend")?;
            Ok(Recorded {
                key: r.try_get("object_key")?,
                backend: Backend::parse(&backend).unwrap_or(Backend::Filesystem),
                size: r
                    .try_get::<Option<i64>, _>("byte_size")?
                    .map(|s| s.max(0) as u64),
                sha256: r.try_get("sha256")?,
                writing: r.try_get::<String, _>("state")? == "writing",
            })
        })
        .collect()
}

/// Records the size and hash of an object recorded without them (before they were tracked).
pub async fn record_digest(db: &Db, key: &str, size: u64, sha256: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE stored_objects SET byte_size = $2, sha256 = $3 WHERE object_key = $1 \
         AND state = 'stored' AND sha256 IS NULL",
    )
    .bind(key)
    .bind(size as i64)
    .bind(sha256)
    .execute(&db.pool)
    .await?;
    Ok(())
}
