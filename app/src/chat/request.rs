//! The checks a conversation's settings and a message pass, in the browser (before sending)
//! and on the server alike.

use shared::input::InputProblem;
use shared::text::{MultiLine, SingleLine};

use super::{
    ChatProvider, ConversationForm, MAX_MESSAGE_CHARS, MAX_MODEL_CHARS, MAX_REPLY_TOKENS,
    MAX_SYSTEM_CHARS, MAX_TITLE_CHARS,
};
use crate::error::Field;

/// A conversation's settings, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub provider: ChatProvider,
    pub model: String,
    pub title: String,
    pub system_context: String,
    pub temperature: f64,
    pub max_reply_tokens: u32,
}

pub fn check_settings(form: &ConversationForm) -> Result<Settings, (Field, InputProblem)> {
    let at = |field: Field| move |problem: InputProblem| (field, problem);
    let (provider, model) = form
        .model
        .split_once(':')
        .and_then(|(p, m)| Some((ChatProvider::parse(p)?, m)))
        .ok_or((Field::Model, InputProblem::UnknownOption))?;
    if !(0.0..=2.0).contains(&form.temperature) || form.temperature.is_nan() {
        return Err((Field::Temperature, InputProblem::OutOfRange));
    }
    if !(1..=MAX_REPLY_TOKENS).contains(&form.max_reply_tokens) {
        return Err((Field::MaxTokens, InputProblem::OutOfRange));
    }
    Ok(Settings {
        provider,
        model: SingleLine::required(model, MAX_MODEL_CHARS)
            .map_err(at(Field::Model))?
            .into_string(),
        title: SingleLine::parse(&form.title, MAX_TITLE_CHARS)
            .map_err(at(Field::Title))?
            .into_string(),
        system_context: MultiLine::parse(&form.system_context, MAX_SYSTEM_CHARS)
            .map_err(at(Field::SystemContext))?
            .into_string(),
        temperature: form.temperature,
        max_reply_tokens: form.max_reply_tokens,
    })
}

/// A message to send: not blank, not over the limit.
pub fn check_message(content: &str) -> Result<String, (Field, InputProblem)> {
    MultiLine::required(content, MAX_MESSAGE_CHARS)
        .map(MultiLine::into_string)
        .map_err(|problem| (Field::Message, problem))
}

/// A new title given by the user.
pub fn check_title(title: &str) -> Result<String, (Field, InputProblem)> {
    SingleLine::required(title, MAX_TITLE_CHARS)
        .map(SingleLine::into_string)
        .map_err(|problem| (Field::Title, problem))
}
