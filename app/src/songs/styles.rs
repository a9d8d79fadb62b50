//! Music style prompts the user keeps and picks from in the song form.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::preflight::MAX_PROMPT_CHARS,
    crate::error::{Field, FieldCheck},
    crate::server::{is_unique_violation, now_ms, record_id, signed_in},
    shared::text::{MultiLine, SingleLine},
    sqlx::Row,
};

pub const MAX_NAME_CHARS: usize = 80;
/// Most saved styles the song form lists (a picker, not a library; alphabetical).
#[cfg(feature = "ssr")]
const MAX_LISTED: u32 = 500;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StylePrompt {
    pub id: String,
    pub name: String,
    pub prompt: String,
}

#[server(endpoint = "list_style_prompts")]
pub async fn list_style_prompts() -> Result<Vec<StylePrompt>, AppError> {
    let (state, user) = signed_in().await?;
    let rows = sqlx::query(&format!(
        "SELECT id, name, prompt FROM style_prompts WHERE user_id = $1 ORDER BY name, id \
         LIMIT {MAX_LISTED}"
    ))
    .bind(&user.id)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StylePrompt {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                prompt: r.try_get("prompt")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Saves a style under a name; saving an existing name replaces its prompt.
#[server(endpoint = "save_style_prompt")]
pub async fn save_style_prompt(name: String, prompt: String) -> Result<StylePrompt, AppError> {
    let (state, user) = signed_in().await?;
    let name = SingleLine::required(&name, MAX_NAME_CHARS)
        .field(Field::Name)?
        .into_string();
    let prompt = MultiLine::required(prompt.trim_start(), MAX_PROMPT_CHARS)
        .field(Field::Prompt)?
        .into_string();
    let now = now_ms();
    let id = uuid::Uuid::new_v4().to_string();
    let saved = sqlx::query(
        "INSERT INTO style_prompts (id, user_id, name, prompt, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (user_id, name) \
         DO UPDATE SET prompt = excluded.prompt, updated_at = excluded.updated_at RETURNING id",
    )
    .bind(&id)
    .bind(&user.id)
    .bind(&name)
    .bind(&prompt)
    .bind(now)
    .fetch_one(&state.db.pool)
    .await;
    let id: String = match saved {
        Ok(row) => row.try_get("id")?,
        Err(e) if is_unique_violation(&e) => return Err(AppError::BadRequest),
        Err(e) => return Err(e.into()),
    };
    Ok(StylePrompt { id, name, prompt })
}

#[server(endpoint = "delete_style_prompt")]
pub async fn delete_style_prompt(id: String) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    let done = sqlx::query("DELETE FROM style_prompts WHERE id = $1 AND user_id = $2")
        .bind(&id)
        .bind(&user.id)
        .execute(&state.db.pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
