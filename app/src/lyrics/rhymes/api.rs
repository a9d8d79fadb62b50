//! The rhyme lookup.

use leptos::prelude::*;

use super::RhymeSuggestions;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{dictionary, MAX_WORD_CHARS},
    crate::auth::signed_in,
    crate::error::{Field, FieldCheck},
    shared::input::InputProblem,
    shared::locale::Language,
    shared::text::SingleLine,
};

/// Perfect and near rhymes for `word` in `language` (`en` or `de`).
#[server(endpoint = "suggest_rhymes")]
pub async fn suggest_rhymes(word: String, language: String) -> Result<RhymeSuggestions, AppError> {
    let _ = signed_in().await?;
    let word = SingleLine::required(&word, MAX_WORD_CHARS).field(Field::Text)?;
    let language = Language::from_tag(&language).ok_or(AppError::invalid(
        Field::Language,
        InputProblem::UnknownOption,
    ))?;
    Ok(dictionary::suggest(word.as_str(), language))
}
