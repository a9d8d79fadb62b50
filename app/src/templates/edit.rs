//! A template edit as the editor's form sends it, and the one check it passes (in the browser
//! before sending, and on the server).

use serde::{Deserialize, Serialize};
use shared::input::InputProblem;
use shared::text::{MultiLine, SingleLine};

use super::{PromptTemplate, MAX_CONDITION_CHARS, MAX_TOKENS_RANGE, TEMPERATURE_RANGE};
use crate::error::Field;

/// Longest model name accepted.
pub const MAX_MODEL_CHARS: usize = 100;

/// The editor's fields (`edit[model]`, …), as text the way a form sends them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateEdit {
    pub id: String,
    pub pre_condition: String,
    pub post_condition: String,
    pub description: String,
    pub model: String,
    pub temperature: String,
    pub max_tokens: String,
    /// A checkbox: present (any value but `false`) when ticked.
    pub active: Option<String>,
}

/// The edited template, every field checked; category, action and version stay as stored.
pub fn check(edit: &TemplateEdit) -> Result<PromptTemplate, (Field, InputProblem)> {
    let at = |field: Field| move |problem: InputProblem| (field, problem);
    let model = SingleLine::required(&edit.model, MAX_MODEL_CHARS).map_err(at(Field::Model))?;
    let temperature = edit
        .temperature
        .trim()
        .parse()
        .ok()
        .filter(|t: &f64| TEMPERATURE_RANGE.contains(t))
        .ok_or((Field::Temperature, InputProblem::OutOfRange))?;
    let max_tokens = edit
        .max_tokens
        .trim()
        .parse()
        .ok()
        .filter(|n| MAX_TOKENS_RANGE.contains(n))
        .ok_or((Field::MaxTokens, InputProblem::OutOfRange))?;
    let text = |raw: &str, field| {
        MultiLine::parse(raw.trim_start(), MAX_CONDITION_CHARS)
            .map(MultiLine::into_string)
            .map_err(at(field))
    };
    let pre_condition = MultiLine::required(edit.pre_condition.trim_start(), MAX_CONDITION_CHARS)
        .map_err(at(Field::Condition))?
        .into_string();
    Ok(PromptTemplate {
        id: edit.id.clone(),
        category: String::new(),
        action: String::new(),
        pre_condition,
        post_condition: text(&edit.post_condition, Field::Condition)?,
        description: text(&edit.description, Field::Description)?,
        version: String::new(),
        model: model.into_string(),
        temperature,
        max_tokens,
        active: edit.active.as_deref().is_some_and(|v| v != "false"),
        updated_at: 0,
    })
}
