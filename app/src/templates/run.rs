//! The one path every AI text operation takes: load the template, check it, call Ollama.

use super::{db, PromptTemplate, MAX_INPUT_CHARS};
use crate::error::{AppError, Field};
use crate::providers::ollama::ChatRequest;
use crate::state::AppState;
use shared::input::InputProblem;

/// The text the model sees as the user turn: the input, then the template's closing
/// instruction (the pre-condition goes in the system turn).
pub fn user_turn(template: &PromptTemplate, input: &str) -> String {
    let post = template.post_condition.trim();
    if post.is_empty() {
        input.trim().to_string()
    } else {
        format!("{}\n\n{post}", input.trim())
    }
}

/// Runs `template` on `input` against Ollama.
pub async fn run_template(
    state: &AppState,
    template: &PromptTemplate,
    input: &str,
) -> Result<String, AppError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(AppError::invalid(Field::Prompt, InputProblem::Required));
    }
    if input.chars().count() > MAX_INPUT_CHARS {
        return Err(AppError::invalid(Field::Prompt, InputProblem::TooLong));
    }
    let user = user_turn(template, input);
    let answer = state
        .providers
        .ollama
        .chat(&ChatRequest {
            model: &template.model,
            system: &template.pre_condition,
            user: &user,
            temperature: template.temperature,
            max_tokens: template.max_tokens,
        })
        .await?;
    Ok(clean_answer(&answer))
}

/// Loads the active template for `category`/`action` and runs it.
pub async fn generate_with_template(
    state: &AppState,
    category: &str,
    action: &str,
    input: &str,
) -> Result<String, AppError> {
    let template = db::by_purpose(&state.db, category, action)
        .await?
        .filter(|t| t.active)
        .ok_or_else(|| {
            tracing::error!(category, action, "prompt template missing or inactive");
            AppError::NotFound
        })?;
    run_template(state, &template, input).await
}

/// Strips what chat models like to wrap answers in: surrounding quotes and a "Prompt:" label.
pub fn clean_answer(answer: &str) -> String {
    let mut text = answer.trim();
    for label in ["Prompt:", "Title:", "Answer:"] {
        if let Some(rest) = text.strip_prefix(label) {
            text = rest.trim_start();
        }
    }
    let quoted = text.len() >= 2
        && ((text.starts_with('"') && text.ends_with('"'))
            || (text.starts_with('“') && text.ends_with('”')));
    if quoted {
        let mut chars = text.chars();
        chars.next();
        chars.next_back();
        text = chars.as_str().trim();
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_lose_labels_and_quotes() {
        assert_eq!(clean_answer("  \"A red fox\" "), "A red fox");
        assert_eq!(clean_answer("Prompt: “Neon city”"), "Neon city");
        assert_eq!(clean_answer("plain"), "plain");
        assert_eq!(clean_answer("\""), "\"");
    }
}
