//! Server functions for saved music styles.

use leptos::prelude::*;

use super::StylePrompt;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, MAX_NAME_CHARS, MAX_PROMPT_CHARS},
    crate::auth::signed_in,
    crate::error::{Field, FieldCheck},
    crate::infra::{is_unique_violation, now_ms, record_id},
    shared::text::{MultiLine, SingleLine},
};

#[server(endpoint = "list_style_prompts")]
pub async fn list_style_prompts() -> Result<Vec<StylePrompt>, AppError> {
    let (state, user) = signed_in().await?;
    Ok(db::list(&state.db, &user.id).await?)
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
    let id = match db::upsert(&state.db, &user.id, &name, &prompt, now_ms()).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(AppError::BadRequest),
        Err(e) => return Err(e.into()),
    };
    Ok(StylePrompt { id, name, prompt })
}

#[server(endpoint = "delete_style_prompt")]
pub async fn delete_style_prompt(id: String) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    if db::delete(&state.db, &user.id, &id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
