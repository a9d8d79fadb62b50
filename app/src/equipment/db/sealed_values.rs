//! Queries on the sealed columns of every user's records, for the keyring's start-up check and
//! for key rotation (`super::super::rotate`); nothing here reads a secret.

use sqlx::Row;

use crate::equipment::Secret;
use crate::infra::Db;

/// How many sealed values exist (of every user): with any, a lost key file is an emergency,
/// not a first start.
pub async fn count_sealed(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COALESCE(SUM(CASE WHEN password_encrypted IS NULL THEN 0 ELSE 1 END \
         + CASE WHEN license_key_encrypted IS NULL THEN 0 ELSE 1 END \
         + CASE WHEN price_encrypted IS NULL THEN 0 ELSE 1 END), 0) FROM equipment",
    )
    .fetch_one(&db.pool)
    .await
}

/// A record's sealed values, as the rotation reads and swaps them.
#[derive(Debug, Clone, PartialEq)]
pub struct SealedRow {
    pub id: String,
    pub values: [Option<String>; 3],
}

/// The order of `SealedRow::values`.
pub const SEALED: [Secret; 3] = [Secret::Password, Secret::LicenseKey, Secret::Price];

/// Up to `limit` records (of every user) holding a value not sealed under key `newest`.
pub async fn sealed_under_older_keys(
    db: &Db,
    newest: u32,
    limit: u32,
) -> Result<Vec<SealedRow>, sqlx::Error> {
    let current = crate::infra::list_query::like_contains(&format!("v1:{newest}:"));
    // `like_contains` wraps in %…%; a sealed text starts with its prefix, so drop the first %.
    let prefix = current.trim_start_matches('%').to_string();
    let stale = |c: &str| format!("({c} IS NOT NULL AND {c} NOT LIKE $1 ESCAPE '\\')");
    let sql = format!(
        "SELECT id, password_encrypted, license_key_encrypted, price_encrypted FROM equipment \
         WHERE {} OR {} OR {} ORDER BY id LIMIT {limit}",
        stale("password_encrypted"),
        stale("license_key_encrypted"),
        stale("price_encrypted")
    );
    sqlx::query(&sql)
        .bind(prefix)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(SealedRow {
                id: r.try_get("id")?,
                values: [
                    r.try_get("password_encrypted")?,
                    r.try_get("license_key_encrypted")?,
                    r.try_get("price_encrypted")?,
                ],
            })
        })
        .collect()
}

/// Replaces a record's sealed values with `new` if they are still `old` (a save in between
/// wins; the rotation comes back for it). True if replaced.
pub async fn swap_sealed(
    db: &Db,
    old: &SealedRow,
    new: &[Option<String>; 3],
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE equipment SET password_encrypted = $2, license_key_encrypted = $3, \
         price_encrypted = $4 WHERE id = $1 AND password_encrypted IS NOT DISTINCT FROM $5 \
         AND license_key_encrypted IS NOT DISTINCT FROM $6 AND price_encrypted IS NOT DISTINCT FROM $7",
    )
    .bind(&old.id)
    .bind(new[0].clone())
    .bind(new[1].clone())
    .bind(new[2].clone())
    .bind(old.values[0].clone())
    .bind(old.values[1].clone())
    .bind(old.values[2].clone())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
