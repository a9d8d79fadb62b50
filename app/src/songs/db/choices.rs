//! A song's results: the provider's variants with their files (saved and claimed together),
//! ratings, and the file a variant's player or download serves.

use sqlx::Row;

use super::Tx;
use crate::error::AppError;
use crate::infra::objects::{self, Unclaimed};
use crate::infra::Db;

/// A fetched result, its files already in storage.
#[derive(Debug, Clone)]
pub struct NewChoice {
    pub provider_choice_id: String,
    pub index: i64,
    pub duration_ms: i64,
    pub mp3_key: String,
    pub flac_key: Option<String>,
}

/// Stores the results and claims their files; fetching again (after a crash) updates the same
/// rows and releases the files they named before. Returns those releases' outbox entries.
pub async fn save_choices(
    db: &Db,
    song_id: &str,
    choices: &[NewChoice],
    files: &[Unclaimed],
    now: i64,
) -> Result<Vec<String>, AppError> {
    let mut tx = db.begin_write().await?;
    // First, so a second save of the same song (a worker that took the job over) waits for
    // this one on PostgreSQL's row lock and then sees its keys as the ones to release.
    sqlx::query("UPDATE songs SET completed_at = $2, updated_at = $2 WHERE id = $1")
        .bind(song_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    let before = choice_keys(&mut tx, song_id).await?;
    for c in choices {
        sqlx::query(
            "INSERT INTO song_choices (id, song_id, provider_choice_id, choice_index, duration_ms, \
             mp3_key, flac_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
             ON CONFLICT (song_id, choice_index) DO UPDATE SET \
             provider_choice_id = excluded.provider_choice_id, duration_ms = excluded.duration_ms, \
             mp3_key = excluded.mp3_key, flac_key = excluded.flac_key, updated_at = excluded.updated_at",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(song_id)
        .bind(&c.provider_choice_id)
        .bind(c.index)
        .bind(c.duration_ms)
        .bind(&c.mp3_key)
        .bind(&c.flac_key)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    for file in files {
        objects::claim(&mut tx, file).await?;
    }
    let after = choice_keys(&mut tx, song_id).await?;
    let replaced: Vec<String> = before.into_iter().filter(|k| !after.contains(k)).collect();
    let outbox = objects::release(&mut tx, &replaced).await?;
    tx.commit().await?;
    Ok(outbox)
}

/// The storage keys of a song's choices.
pub(super) async fn choice_keys(tx: &mut Tx, song_id: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows = sqlx::query("SELECT mp3_key, flac_key FROM song_choices WHERE song_id = $1")
        .bind(song_id)
        .fetch_all(&mut **tx)
        .await?;
    let mut keys = Vec::new();
    for r in rows {
        keys.push(r.try_get::<String, _>("mp3_key")?);
        if let Some(k) = r.try_get::<Option<String>, _>("flac_key")? {
            keys.push(k);
        }
    }
    Ok(keys)
}

pub async fn rate(
    db: &Db,
    user_id: &str,
    choice_id: &str,
    rating: Option<i64>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE song_choices SET rating = $3, updated_at = $4 WHERE id = $1 \
         AND song_id IN (SELECT id FROM songs WHERE user_id = $2)",
    )
    .bind(choice_id)
    .bind(user_id)
    .bind(rating)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A choice's file for its owner: (storage key, song title).
pub async fn choice_file(
    db: &Db,
    user_id: &str,
    choice_id: &str,
    flac: bool,
) -> Result<Option<(Option<String>, String, i64)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT c.mp3_key, c.flac_key, c.choice_index, s.title FROM song_choices c \
         JOIN songs s ON s.id = c.song_id WHERE c.id = $1 AND s.user_id = $2",
    )
    .bind(choice_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        let key = if flac {
            r.try_get::<Option<String>, _>("flac_key")?
        } else {
            Some(r.try_get::<String, _>("mp3_key")?)
        };
        Ok((key, r.try_get("title")?, r.try_get("choice_index")?))
    })
    .transpose()
}
