//! Server functions for prompt templates: everyone signed in may read and test them, only the
//! administrator changes them (they are shared by every account of the instance).

use leptos::prelude::*;

use super::PromptTemplate;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, generate, MAX_CONDITION_CHARS, MAX_TOKENS_RANGE, TEMPERATURE_RANGE},
    crate::error::{Field, FieldCheck},
    crate::server::{admin, now_ms, record_id, signed_in},
    shared::accounts::InputProblem,
    shared::text::{MultiLine, SingleLine},
};

#[server(endpoint = "list_templates")]
pub async fn list_templates() -> Result<Vec<PromptTemplate>, AppError> {
    let (state, _) = signed_in().await?;
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
    let (state, _) = admin().await?;
    record_id(&id)?;
    let bad = AppError::invalid;
    let model = SingleLine::required(&model, 100)
        .field(Field::Model)?
        .into_string();
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
    let text = |raw: &str, field| {
        MultiLine::parse(raw.trim_start(), MAX_CONDITION_CHARS)
            .field(field)
            .map(MultiLine::into_string)
    };
    let pre_condition = MultiLine::required(pre_condition.trim_start(), MAX_CONDITION_CHARS)
        .field(Field::Condition)?
        .into_string();
    let template = PromptTemplate {
        id,
        category: String::new(),
        action: String::new(),
        pre_condition,
        post_condition: text(&post_condition, Field::Condition)?,
        description: text(&description, Field::Description)?,
        version: String::new(),
        model,
        temperature,
        max_tokens,
        active: active.is_some_and(|v| v != "false"),
        updated_at: 0,
    };
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
    generate::run_template(&state, &template, &input).await
}
