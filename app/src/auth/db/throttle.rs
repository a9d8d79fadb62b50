//! The sign-in counts (`login_throttle`): one row per client address, per account and per
//! address known to an account. The rules that read and change them are `auth::throttle`.

use sqlx::{Any, Row, Transaction};

use crate::infra::{Backend, Db};

/// One count as stored.
pub struct Counter {
    pub failures: i64,
    pub window_start: i64,
    pub next_allowed_at: i64,
}

/// Creates the row or locks the existing one, in one statement: a no-op `DO UPDATE` takes the
/// row lock on PostgreSQL (SQLite's `BEGIN IMMEDIATE` holds the database's write lock anyway),
/// and there is no moment between creating and locking in which a concurrent success could
/// delete the row.
pub async fn lock_row(
    tx: &mut Transaction<'static, Any>,
    key: &str,
    now: i64,
) -> Result<Counter, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO login_throttle (key, failures, window_start, next_allowed_at, updated_at) \
         VALUES ($1, 0, $2, 0, $2) \
         ON CONFLICT (key) DO UPDATE SET updated_at = login_throttle.updated_at \
         RETURNING failures, window_start, next_allowed_at",
    )
    .bind(key)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(Counter {
        failures: row.try_get("failures")?,
        window_start: row.try_get("window_start")?,
        next_allowed_at: row.try_get("next_allowed_at")?,
    })
}

pub async fn store_row(
    tx: &mut Transaction<'static, Any>,
    key: &str,
    c: &Counter,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE login_throttle SET failures = $2, window_start = $3, next_allowed_at = $4, \
         updated_at = $5 WHERE key = $1",
    )
    .bind(key)
    .bind(c.failures)
    .bind(c.window_start)
    .bind(c.next_allowed_at)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn exists(tx: &mut Transaction<'static, Any>, key: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT key FROM login_throttle WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?
        .is_some())
}

/// Takes back one failure (never below zero).
pub async fn forgive_one(tx: &mut Transaction<'static, Any>, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE login_throttle SET failures = CASE WHEN failures > 0 THEN failures - 1 \
         ELSE 0 END WHERE key = $1",
    )
    .bind(key)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn forget(tx: &mut Transaction<'static, Any>, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Creates the row, or marks an existing one as touched now.
pub async fn touch(
    tx: &mut Transaction<'static, Any>,
    key: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO login_throttle (key, failures, window_start, next_allowed_at, \
         updated_at) VALUES ($1, 0, $2, 0, $2) \
         ON CONFLICT (key) DO UPDATE SET updated_at = excluded.updated_at",
    )
    .bind(key)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Deletes counts untouched since `counts_before` whose delay has passed, and rows starting with
/// `known_prefix` untouched since `known_before`. Rows an attempt holds are skipped on
/// PostgreSQL: deleting in no particular order could otherwise deadlock with an attempt locking
/// its address and then its account.
pub async fn sweep(
    db: &Db,
    known_prefix: &str,
    counts_before: i64,
    now: i64,
    known_before: i64,
) -> Result<(), sqlx::Error> {
    let skip_locked = match db.backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    sqlx::query(&format!(
        "DELETE FROM login_throttle WHERE key IN (SELECT key FROM login_throttle \
         WHERE (key NOT LIKE $4 AND updated_at < $1 AND next_allowed_at < $2) \
         OR (key LIKE $4 AND updated_at < $3){skip_locked})"
    ))
    .bind(counts_before)
    .bind(now)
    .bind(known_before)
    .bind(format!("{known_prefix}%"))
    .execute(&db.pool)
    .await?;
    Ok(())
}
