//! Queries on `style_prompts`, all scoped to the owner.

use sqlx::Row;

use super::StylePrompt;
use crate::infra::Db;

/// Most saved styles the song form lists (a picker, not a library; alphabetical).
const MAX_LISTED: u32 = 500;

pub async fn list(db: &Db, user_id: &str) -> Result<Vec<StylePrompt>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT id, name, prompt FROM style_prompts WHERE user_id = $1 ORDER BY name, id \
         LIMIT {MAX_LISTED}"
    ))
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StylePrompt {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                prompt: r.try_get("prompt")?,
            })
        })
        .collect()
}

/// Inserts a style, or replaces the prompt of the user's style of that name; the saved id.
pub async fn upsert(
    db: &Db,
    user_id: &str,
    name: &str,
    prompt: &str,
    now: i64,
) -> Result<String, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO style_prompts (id, user_id, name, prompt, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (user_id, name) \
         DO UPDATE SET prompt = excluded.prompt, updated_at = excluded.updated_at RETURNING id",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(user_id)
    .bind(name)
    .bind(prompt)
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    row.try_get("id")
}

/// Whether the user had such a style to delete.
pub async fn delete(db: &Db, user_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM style_prompts WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() > 0)
}
