//! Queries on `song_sketches`, all scoped to the owner.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use shared::locale::Language;
use shared::lyrics::Architecture;

use super::{LyricsSave, Sketch, SketchQuery, SketchWorkflow, PAGE_SIZE};
use crate::infra::{Db, ListQuery, TextSearch};

const COLUMNS: &str = "id, title, lyrics, prompt, tags, workflow, lyric_language, structure, \
                       version, created_at, updated_at";

fn sketch(r: &AnyRow) -> Result<Sketch, sqlx::Error> {
    Ok(Sketch {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        lyrics: r.try_get("lyrics")?,
        prompt: r.try_get("prompt")?,
        tags: r.try_get("tags")?,
        workflow: {
            let stored: String = r.try_get("workflow")?;
            SketchWorkflow::parse(&stored).ok_or_else(|| {
                sqlx::Error::Decode(format!("unknown sketch workflow {stored:?}").into())
            })?
        },
        language: {
            let stored: String = r.try_get("lyric_language")?;
            Language::from_tag(&stored).ok_or_else(|| {
                sqlx::Error::Decode(format!("unknown lyric language {stored:?}").into())
            })?
        },
        // Written only from a parsed architecture; an unreadable one is shown as none.
        structure: Architecture::parse(&r.try_get::<String, _>("structure")?).unwrap_or_default(),
        version: r.try_get("version")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// What a library search looks in.
pub const SEARCH: TextSearch = TextSearch {
    columns: &["title", "lyrics", "prompt", "tags"],
    sqlite_table: "song_sketches_search",
    postgres_expression: "lower(title || chr(1) || lyrics || chr(1) || prompt || chr(1) || tags)",
};

/// One page of the library, most recently changed first; archived sketches only when asked for.
pub async fn list(db: &Db, user_id: &str, q: &SketchQuery) -> Result<Vec<Sketch>, sqlx::Error> {
    let query = ListQuery::owned_by("song_sketches", user_id).search(db, &SEARCH, &q.search);
    let query = match q.workflow_filter() {
        Some(workflow) => query.equals("workflow", workflow.as_str()),
        None => query.not_equals("workflow", SketchWorkflow::Archived.as_str()),
    };
    query
        .page(
            db,
            COLUMNS,
            "updated_at DESC, id",
            q.page,
            PAGE_SIZE,
            sketch,
        )
        .await
}

/// The `limit` most recently changed sketches that are not archived (for the home page).
pub async fn newest(db: &Db, user_id: &str, limit: u32) -> Result<Vec<Sketch>, sqlx::Error> {
    ListQuery::owned_by("song_sketches", user_id)
        .not_equals("workflow", SketchWorkflow::Archived.as_str())
        .page(
            db,
            COLUMNS,
            "updated_at DESC, id",
            Default::default(),
            limit,
            sketch,
        )
        .await
}

pub async fn get(db: &Db, user_id: &str, id: &str) -> Result<Option<Sketch>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM song_sketches WHERE id = $1 AND user_id = $2"
    ))
    .bind(id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(sketch)
    .transpose()
}

pub async fn insert(db: &Db, user_id: &str, s: &Sketch, now: i64) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO song_sketches (id, user_id, title, lyrics, prompt, tags, workflow, \
         lyric_language, structure, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $9, $10, $8, $8)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(&s.title)
    .bind(&s.lyrics)
    .bind(&s.prompt)
    .bind(&s.tags)
    .bind(s.workflow.as_str())
    .bind(now)
    .bind(s.language.tag())
    .bind(s.structure.to_text())
    .execute(&db.pool)
    .await?;
    Ok(id)
}

/// What an update found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Updated {
    /// Saved; the sketch now has this version.
    Saved(i64),
    /// The sketch is at another version than the one the change started from.
    Stale,
    NotFound,
}

/// Updates the library's fields of sketch `s.id` if it is still at `s.version`.
pub async fn update(db: &Db, user_id: &str, s: &Sketch, now: i64) -> Result<Updated, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE song_sketches SET title = $3, lyrics = $4, prompt = $5, tags = $6, workflow = $7, \
         updated_at = $8, lyric_language = $9, version = version + 1 \
         WHERE id = $1 AND user_id = $2 AND version = $10",
    )
    .bind(&s.id)
    .bind(user_id)
    .bind(&s.title)
    .bind(&s.lyrics)
    .bind(&s.prompt)
    .bind(&s.tags)
    .bind(s.workflow.as_str())
    .bind(now)
    .bind(s.language.tag())
    .bind(s.version)
    .execute(&db.pool)
    .await?;
    updated(db, user_id, &s.id, s.version, done.rows_affected()).await
}

/// The lyric studio's save: the lyrics, their language and the structure, if the sketch is
/// still at `version`.
pub async fn save_lyrics(
    db: &Db,
    user_id: &str,
    save: &LyricsSave,
    now: i64,
) -> Result<Updated, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE song_sketches SET lyrics = $3, lyric_language = $4, structure = $5, \
         updated_at = $6, version = version + 1 WHERE id = $1 AND user_id = $2 AND version = $7",
    )
    .bind(&save.id)
    .bind(user_id)
    .bind(&save.lyrics)
    .bind(save.language.tag())
    .bind(save.structure.to_text())
    .bind(now)
    .bind(save.version)
    .execute(&db.pool)
    .await?;
    updated(db, user_id, &save.id, save.version, done.rows_affected()).await
}

/// Tells a refused conditional update's two causes apart.
async fn updated(
    db: &Db,
    user_id: &str,
    id: &str,
    from: i64,
    rows: u64,
) -> Result<Updated, sqlx::Error> {
    if rows == 1 {
        return Ok(Updated::Saved(from + 1));
    }
    Ok(if is_owned(db, user_id, id).await? {
        Updated::Stale
    } else {
        Updated::NotFound
    })
}

pub async fn delete(db: &Db, user_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM song_sketches WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the user has a sketch of that id.
pub async fn is_owned(db: &Db, user_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM song_sketches WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(found.is_some())
}

/// Marks a sketch used, in the transaction that creates the song made from it.
pub async fn mark_used(
    tx: &mut Transaction<'static, Any>,
    user_id: &str,
    id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE song_sketches SET workflow = $4, updated_at = $3 WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .bind(now)
    .bind(SketchWorkflow::Used.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
