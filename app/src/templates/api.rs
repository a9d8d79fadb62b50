//! Server functions for prompt templates: everyone signed in may read and test them, only the
//! administrator changes them (they are shared by every account of the instance).

use leptos::prelude::*;

use super::PromptTemplate;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, generate, MAX_CONDITION_CHARS, MAX_TOKENS_RANGE, TEMPERATURE_RANGE},
    crate::auth::session,
    crate::error::Field,
    crate::server::{now_ms, respond_error, state},
    shared::accounts::InputProblem,
};

#[server(endpoint = "list_templates")]
pub async fn list_templates() -> Result<Vec<PromptTemplate>, AppError> {
    let state = state()?;
    session::current_user().await.map_err(respond_error)?;
    Ok(db::list(&state.db).await?)
}

/// Saves a template's editable fields (admin only); the version counts up.
#[server(endpoint = "save_template")]
#[allow(clippy::too_many_arguments)]
pub async fn save_template(
    id: String,
    pre_condition: String,
    post_condition: String,
    description: String,
    model: String,
    temperature: String,
    max_tokens: String,
    #[server(default)] active: Option<String>,
) -> Result<PromptTemplate, AppError> {
    let state = state()?;
    session::current_admin().await.map_err(respond_error)?;
    let bad = |f: Field, p: InputProblem| respond_error(AppError::invalid(f, p));
    let model = model.trim().to_string();
    if model.is_empty() {
        return Err(bad(Field::Model, InputProblem::Required));
    }
    if model.chars().count() > 100 {
        return Err(bad(Field::Model, InputProblem::TooLong));
    }
    let temperature: f64 = temperature
        .trim()
        .parse()
        .ok()
        .filter(|t: &f64| TEMPERATURE_RANGE.contains(t))
        .ok_or_else(|| bad(Field::Temperature, InputProblem::OutOfRange))?;
    let max_tokens: i64 = max_tokens
        .trim()
        .parse()
        .ok()
        .filter(|n| MAX_TOKENS_RANGE.contains(n))
        .ok_or_else(|| bad(Field::MaxTokens, InputProblem::OutOfRange))?;
    for text in [&pre_condition, &post_condition, &description] {
        if text.chars().count() > MAX_CONDITION_CHARS {
            return Err(bad(Field::Condition, InputProblem::TooLong));
        }
    }
    if pre_condition.trim().is_empty() {
        return Err(bad(Field::Condition, InputProblem::Required));
    }
    let template = PromptTemplate {
        id,
        category: String::new(),
        action: String::new(),
        pre_condition: pre_condition.trim().to_string(),
        post_condition: post_condition.trim().to_string(),
        description: description.trim().to_string(),
        version: String::new(),
        model,
        temperature,
        max_tokens,
        active: active.is_some_and(|v| v != "false"),
        updated_at: 0,
    };
    db::update(&state.db, &template, now_ms())
        .await?
        .ok_or_else(|| respond_error(AppError::NotFound))
}

/// Runs a template on a sample input and returns the model's answer, without saving anything.
#[server(endpoint = "test_template")]
pub async fn test_template(id: String, input: String) -> Result<String, AppError> {
    let state = state()?;
    session::current_user().await.map_err(respond_error)?;
    let template = db::by_id(&state.db, &id)
        .await?
        .ok_or_else(|| respond_error(AppError::NotFound))?;
    generate::run_template(&state, &template, &input)
        .await
        .map_err(respond_error)
}
