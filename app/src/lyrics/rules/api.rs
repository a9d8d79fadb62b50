//! Server functions for the parsing rules: everyone signed in reads them (the editor runs
//! them), administrators change them. A pattern that does not compile is refused with the
//! engine's message and its position, so a broken rule never reaches anyone's editor.

use leptos::prelude::*;

use super::{LyricRule, RuleForm, RulesApplied};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_REPLACEMENT_CHARS, MAX_RULES},
    crate::auth::{admin, signed_in},
    crate::error::{Field, FieldCheck},
    crate::infra::{now_ms, record_id},
    shared::input::InputProblem,
    shared::lyrics::{compile_pattern, RuleKind},
    shared::text::SingleLine,
};

/// Every rule in execution order.
#[server(endpoint = "list_lyric_rules")]
pub async fn list_lyric_rules() -> Result<Vec<LyricRule>, AppError> {
    let (state, _) = signed_in().await?;
    Ok(db::list(&state.db).await?)
}

/// Creates (empty `id`, placed last) or updates a rule.
#[server(endpoint = "save_lyric_rule")]
pub async fn save_lyric_rule(rule: RuleForm) -> Result<LyricRule, AppError> {
    let (state, _) = admin().await?;
    let mut checked = super::labels::to_store(check(&rule)?);
    let now = now_ms();
    if checked.id.is_empty() {
        if db::count(&state.db).await? >= MAX_RULES as i64 {
            return Err(AppError::invalid(Field::Rules, InputProblem::TooMany));
        }
        checked.id = db::insert(&state.db, &checked, now).await?;
    } else {
        record_id(&checked.id)?;
        if !db::update(&state.db, &checked, now).await? {
            return Err(AppError::NotFound);
        }
    }
    db::get(&state.db, &checked.id)
        .await?
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "set_lyric_rule_active")]
pub async fn set_lyric_rule_active(id: String, active: bool) -> Result<(), AppError> {
    let (state, _) = admin().await?;
    record_id(&id)?;
    if !db::set_active(&state.db, &id, active, now_ms()).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

#[server(endpoint = "delete_lyric_rule")]
pub async fn delete_lyric_rule(id: String) -> Result<(), AppError> {
    let (state, _) = admin().await?;
    record_id(&id)?;
    if !db::delete(&state.db, &id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Puts the rules in the order of `ids` (every rule exactly once); a list that no longer
/// matches the stored rules (another administrator added or deleted one) changes nothing.
#[server(endpoint = "reorder_lyric_rules")]
pub async fn reorder_lyric_rules(ids: Vec<String>) -> Result<(), AppError> {
    let (state, _) = admin().await?;
    if ids.len() > MAX_RULES {
        return Err(AppError::BadRequest);
    }
    for id in &ids {
        record_id(id)?;
    }
    if !db::reorder(&state.db, &ids, now_ms()).await? {
        return Err(AppError::ChangedElsewhere);
    }
    Ok(())
}

/// Runs the active rules on `text` here on the server (`kind`: `cleanup`, `section` or empty
/// for both) and gives the result with its gutter in `language`: what the editor computes in
/// the browser, for clients without the engine (and for the test that the two agree).
#[server(endpoint = "apply_lyric_rules")]
pub async fn apply_lyric_rules(
    text: String,
    kind: String,
    language: String,
) -> Result<RulesApplied, AppError> {
    let (state, _) = signed_in().await?;
    let text = shared::text::MultiLine::parse(&text, crate::sketches::MAX_LYRICS_CHARS)
        .field(Field::Lyrics)?;
    let kind = match kind.as_str() {
        "" => None,
        "cleanup" => Some(RuleKind::Cleanup),
        "section" => Some(RuleKind::Section),
        _ => return Err(AppError::invalid(Field::Kind, InputProblem::UnknownOption)),
    };
    let language = shared::locale::Language::from_tag(&language).ok_or(AppError::invalid(
        Field::Language,
        InputProblem::UnknownOption,
    ))?;
    let rules = super::engine_rules(&db::list(&state.db).await?);
    let set =
        shared::lyrics::RuleSet::compile(&rules).map_err(|(_, e)| AppError::InvalidPattern {
            message: e.message,
            position: e.position,
        })?;
    let out = set.apply(text.as_str(), kind);
    let gutter = shared::lyrics::gutter(&out, language);
    Ok(RulesApplied { text: out, gutter })
}

/// The rule to store, every field checked and the pattern compiled.
#[cfg(feature = "ssr")]
fn check(form: &RuleForm) -> Result<LyricRule, AppError> {
    let kind = match form.kind.as_str() {
        "cleanup" => RuleKind::Cleanup,
        "section" => RuleKind::Section,
        _ => return Err(AppError::invalid(Field::Kind, InputProblem::UnknownOption)),
    };
    let name = SingleLine::required(&form.name, MAX_NAME_CHARS).field(Field::Name)?;
    let description = shared::text::MultiLine::parse(&form.description, MAX_DESCRIPTION_CHARS)
        .field(Field::Description)?;
    let pattern = exact_text(&form.pattern, 2_000).field(Field::Pattern)?;
    let replacement =
        exact_text(&form.replacement, MAX_REPLACEMENT_CHARS).field(Field::Replacement)?;
    compile_pattern(&pattern).map_err(|e| AppError::InvalidPattern {
        message: e.message,
        position: e.position,
    })?;
    Ok(LyricRule {
        id: form.id.trim().to_string(),
        name: name.into_string(),
        description: description.into_string(),
        pattern,
        replacement,
        kind,
        active: form.active,
        order: 0,
        updated_at: 0,
    })
}

/// Patterns and replacements are kept exactly as typed (a replacement may be one space or two
/// line breaks), so they are not trimmed like other text; control characters other than
/// newline and tab are still refused.
#[cfg(feature = "ssr")]
fn exact_text(raw: &str, max_chars: usize) -> Result<String, InputProblem> {
    let text = raw.replace("\r\n", "\n");
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(InputProblem::InvalidCharacters);
    }
    if text.chars().count() > max_chars {
        return Err(InputProblem::TooLong);
    }
    Ok(text)
}
