//! Queries on `songs` and `song_choices`; every user-facing one is scoped to the owner.

use sqlx::any::AnyRow;
use sqlx::Row;

mod choices;

pub use choices::{choice_file, rate, save_choices, NewChoice};

use super::job_kind::SongJob;
use super::preflight::Checked;
use super::{Song, SongChoice, SongStatus, SongWorkflow};
use crate::infra::{objects, Db};
use crate::jobs::{FailureKind, JobState, Queue};

/// The provider every song job counts against.
pub const PROVIDER: &str = "mureka";

/// Creates the song and its job in one transaction, or returns the song an earlier request
/// with the same idempotency key created (and `false`).
///
/// The insert itself decides which request was first (`ON CONFLICT DO NOTHING` on the unique
/// key): on PostgreSQL a concurrent second insert waits for the first to commit and then finds
/// its row, where a read-then-insert would have failed with a unique violation.
pub async fn create(
    queue: &Queue,
    user_id: &str,
    key: &str,
    song: &Checked,
    instrumental: bool,
    sketch_id: Option<&str>,
) -> Result<(String, bool), sqlx::Error> {
    let db = queue.db();
    let now = queue.now_ms();
    let mut tx = db.begin_write().await?;
    let id = uuid::Uuid::new_v4().to_string();
    let kind = if instrumental {
        SongJob::Instrumental
    } else {
        SongJob::Song
    };
    let inserted: Option<String> = sqlx::query_scalar(
        "INSERT INTO songs (id, user_id, sketch_id, idempotency_key, lyrics, prompt, model, title, \
         tags, is_instrumental, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) \
         ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(&id)
    .bind(user_id)
    .bind(sketch_id)
    .bind(key)
    .bind(&song.lyrics)
    .bind(&song.prompt)
    .bind(&song.model)
    .bind(&song.title)
    .bind(&song.tags)
    .bind(instrumental as i64)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    if inserted.is_none() {
        tx.rollback().await?;
        let existing: String =
            sqlx::query_scalar("SELECT id FROM songs WHERE user_id = $1 AND idempotency_key = $2")
                .bind(user_id)
                .bind(key)
                .fetch_one(&db.pool)
                .await?;
        return Ok((existing, false));
    }
    let job_id = queue
        .enqueue(&mut tx, user_id, kind.as_str(), &id, PROVIDER)
        .await?;
    sqlx::query("UPDATE songs SET job_id = $1 WHERE id = $2")
        .bind(&job_id)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    if let Some(sketch) = sketch_id {
        crate::sketches::db::mark_used(&mut tx, user_id, sketch, now).await?;
    }
    tx.commit().await?;
    queue.notify();
    Ok((id, true))
}

/// What a job step needs of its song.
#[derive(Debug, Clone)]
pub struct JobSong {
    pub id: String,
    pub user_id: String,
    pub lyrics: String,
    pub prompt: String,
    pub model: String,
}

pub async fn for_job(db: &Db, song_id: &str) -> Result<Option<JobSong>, sqlx::Error> {
    let row = sqlx::query("SELECT id, user_id, lyrics, prompt, model FROM songs WHERE id = $1")
        .bind(song_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| {
        Ok(JobSong {
            id: r.try_get("id")?,
            user_id: r.try_get("user_id")?,
            lyrics: r.try_get("lyrics")?,
            prompt: r.try_get("prompt")?,
            model: r.try_get("model")?,
        })
    })
    .transpose()
}

pub(super) type Tx = sqlx::Transaction<'static, sqlx::Any>;

const SONG_COLUMNS: &str = "s.id, s.title, s.tags, s.lyrics, s.prompt, s.model, s.workflow, \
    s.is_instrumental, s.sketch_id, s.created_at, s.completed_at, j.state, j.progress, \
    j.provider_status, j.error_kind, j.last_error, j.attempts";

fn song(row: &AnyRow) -> Result<Song, sqlx::Error> {
    let state: String = row.try_get("state")?;
    Ok(Song {
        id: row.try_get("id")?,
        title: row.try_get("title")?,
        tags: row.try_get("tags")?,
        lyrics: row.try_get("lyrics")?,
        prompt: row.try_get("prompt")?,
        model: row.try_get("model")?,
        workflow: {
            let stored: String = row.try_get("workflow")?;
            SongWorkflow::parse(&stored).ok_or_else(|| {
                sqlx::Error::Decode(format!("unknown song workflow {stored:?}").into())
            })?
        },
        is_instrumental: row.try_get::<i64, _>("is_instrumental")? != 0,
        sketch_id: row.try_get("sketch_id")?,
        created_at: row.try_get("created_at")?,
        completed_at: row.try_get("completed_at")?,
        status: SongStatus {
            state: JobState::parse(&state).unwrap_or(JobState::Failed),
            progress: row.try_get("progress")?,
            provider_status: row.try_get("provider_status")?,
            error_kind: row
                .try_get::<Option<String>, _>("error_kind")?
                .map(|k| FailureKind::parse(&k).unwrap_or(FailureKind::Other)),
            error_message: row.try_get("last_error")?,
            attempts: row.try_get("attempts")?,
        },
        choices: Vec::new(),
    })
}

async fn attach_choices(db: &Db, songs: &mut [Song]) -> Result<(), sqlx::Error> {
    if songs.is_empty() {
        return Ok(());
    }
    let placeholders: Vec<String> = (1..=songs.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT id, song_id, choice_index, duration_ms, flac_key, rating FROM song_choices \
         WHERE song_id IN ({}) ORDER BY song_id, choice_index",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(&sql);
    for s in songs.iter() {
        query = query.bind(&s.id);
    }
    for row in query.fetch_all(&db.pool).await? {
        let song_id: String = row.try_get("song_id")?;
        let choice = SongChoice {
            id: row.try_get("id")?,
            index: row.try_get("choice_index")?,
            duration_ms: row.try_get("duration_ms")?,
            has_flac: row.try_get::<Option<String>, _>("flac_key")?.is_some(),
            rating: row.try_get("rating")?,
        };
        if let Some(s) = songs.iter_mut().find(|s| s.id == song_id) {
            s.choices.push(choice);
        }
    }
    Ok(())
}

/// The user's songs, newest first.
pub async fn list(
    db: &Db,
    user_id: &str,
    limit: u32,
    offset: i64,
) -> Result<Vec<Song>, sqlx::Error> {
    let sql = format!(
        "SELECT {SONG_COLUMNS} FROM songs s JOIN jobs j ON j.id = s.job_id \
         WHERE s.user_id = $1 ORDER BY s.created_at DESC, s.id LIMIT $2 OFFSET $3"
    );
    let rows = sqlx::query(&sql)
        .bind(user_id)
        .bind(limit as i64)
        .bind(offset)
        .fetch_all(&db.pool)
        .await?;
    let mut songs = rows.iter().map(song).collect::<Result<Vec<_>, _>>()?;
    attach_choices(db, &mut songs).await?;
    Ok(songs)
}

pub async fn get(db: &Db, user_id: &str, id: &str) -> Result<Option<Song>, sqlx::Error> {
    let sql = format!(
        "SELECT {SONG_COLUMNS} FROM songs s JOIN jobs j ON j.id = s.job_id \
         WHERE s.user_id = $1 AND s.id = $2"
    );
    let Some(row) = sqlx::query(&sql)
        .bind(user_id)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    let mut songs = vec![song(&row)?];
    attach_choices(db, &mut songs).await?;
    Ok(songs.pop())
}

/// The song's job id, if the song is the user's.
pub async fn job_of(db: &Db, user_id: &str, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT job_id FROM songs WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await
        .map(Option::flatten)
}

pub async fn update(
    db: &Db,
    user_id: &str,
    id: &str,
    title: &str,
    tags: &str,
    workflow: SongWorkflow,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE songs SET title = $3, tags = $4, workflow = $5, updated_at = $6 \
         WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .bind(title)
    .bind(tags)
    .bind(workflow.as_str())
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes the song, its choices and its job, releasing its files to the storage outbox;
/// returns the outbox entries to deliver after the commit.
pub async fn delete(db: &Db, user_id: &str, id: &str) -> Result<Option<Vec<String>>, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    // Lock the song first: a save of its results in flight finishes before its keys are read.
    sqlx::query("UPDATE songs SET updated_at = updated_at WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let job: Option<Option<String>> =
        sqlx::query_scalar("SELECT job_id FROM songs WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(job) = job else {
        return Ok(None);
    };
    let keys = choices::choice_keys(&mut tx, id).await?;
    sqlx::query("DELETE FROM songs WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if let Some(job) = job {
        sqlx::query("DELETE FROM jobs WHERE id = $1")
            .bind(job)
            .execute(&mut *tx)
            .await?;
    }
    let outbox = objects::release(&mut tx, &keys).await?;
    tx.commit().await?;
    Ok(Some(outbox))
}
