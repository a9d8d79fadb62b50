//! Server functions for prompt templates: everyone signed in may read and test them, only the
//! administrator changes them (they are shared by every account of the instance).

use leptos::prelude::*;

use super::edit::TemplateEdit;
use super::PromptTemplate;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, edit, labels, run, MAX_CONDITION_CHARS},
    crate::auth::{admin, signed_in},
    crate::error::{Field, FieldCheck},
    crate::infra::{now_ms, record_id},
    shared::text::MultiLine,
};

#[server(endpoint = "list_templates")]
pub async fn list_templates() -> Result<Vec<PromptTemplate>, AppError> {
    let (state, _) = signed_in().await?;
    Ok(db::list(&state.db).await?)
}

/// Saves a template's editable fields (admin only); the version counts up.
#[server(endpoint = "save_template")]
pub async fn save_template(edit: TemplateEdit) -> Result<PromptTemplate, AppError> {
    let (state, _) = admin().await?;
    record_id(&edit.id)?;
    let mut template =
        edit::check(&edit).map_err(|(field, problem)| AppError::invalid(field, problem))?;
    let stored = db::by_id(&state.db, &template.id)
        .await?
        .ok_or(AppError::NotFound)?;
    template.description =
        labels::description_to_store(&stored.category, &stored.action, &template.description);
    db::update(&state.db, &template, now_ms())
        .await?
        .ok_or(AppError::NotFound)
}

/// Runs a template on a sample input and returns the model's answer, without saving anything.
#[server(endpoint = "test_template")]
pub async fn test_template(id: String, input: String) -> Result<String, AppError> {
    let (state, _) = signed_in().await?;
    record_id(&id)?;
    let input = MultiLine::required(&input, MAX_CONDITION_CHARS).field(Field::Text)?;
    let template = db::by_id(&state.db, &id).await?.ok_or(AppError::NotFound)?;
    run::run_template(&state, &template, &input).await
}
