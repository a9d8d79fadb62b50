//! Queries on `song_sketches`, all scoped to the owner.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{Sketch, SketchQuery, PAGE_SIZE};
use crate::server::Db;

const COLUMNS: &str = "id, title, lyrics, prompt, tags, workflow, created_at, updated_at";

fn sketch(r: &AnyRow) -> Result<Sketch, sqlx::Error> {
    Ok(Sketch {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        lyrics: r.try_get("lyrics")?,
        prompt: r.try_get("prompt")?,
        tags: r.try_get("tags")?,
        workflow: r.try_get("workflow")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// `%`, `_` and `\` in a search are literal.
fn like_pattern(search: &str) -> String {
    let escaped: String = search
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

pub async fn list(db: &Db, user_id: &str, q: &SketchQuery) -> Result<Vec<Sketch>, sqlx::Error> {
    let workflow_clause = if q.workflow.is_empty() {
        "workflow <> 'archived'"
    } else {
        "workflow = $3"
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM song_sketches WHERE user_id = $1 AND {workflow_clause} \
         AND (LOWER(title) LIKE $2 ESCAPE '\\' OR LOWER(lyrics) LIKE $2 ESCAPE '\\' \
         OR LOWER(prompt) LIKE $2 ESCAPE '\\' OR LOWER(tags) LIKE $2 ESCAPE '\\') \
         ORDER BY updated_at DESC, id LIMIT {PAGE_SIZE} OFFSET {}",
        q.page.offset(PAGE_SIZE)
    );
    let mut query = sqlx::query(&sql)
        .bind(user_id)
        .bind(like_pattern(&q.search));
    if !q.workflow.is_empty() {
        query = query.bind(&q.workflow);
    }
    query
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(sketch)
        .collect()
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
        "INSERT INTO song_sketches (id, user_id, title, lyrics, prompt, tags, workflow, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(&s.title)
    .bind(&s.lyrics)
    .bind(&s.prompt)
    .bind(&s.tags)
    .bind(&s.workflow)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(id)
}

pub async fn update(db: &Db, user_id: &str, s: &Sketch, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE song_sketches SET title = $3, lyrics = $4, prompt = $5, tags = $6, workflow = $7, \
         updated_at = $8 WHERE id = $1 AND user_id = $2",
    )
    .bind(&s.id)
    .bind(user_id)
    .bind(&s.title)
    .bind(&s.lyrics)
    .bind(&s.prompt)
    .bind(&s.tags)
    .bind(&s.workflow)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete(db: &Db, user_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM song_sketches WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}
