//! Server functions for sketches; another user's id answers "not found".

use leptos::prelude::*;

use super::{Sketch, SketchQuery};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, MAX_LYRICS_CHARS, MAX_PROMPT_CHARS, MAX_TAGS_CHARS, MAX_TITLE_CHARS, WORKFLOWS},
    crate::error::{Field, FieldCheck},
    crate::server::{now_ms, record_id, signed_in},
    crate::templates::generate::generate_with_template,
    shared::accounts::InputProblem,
    shared::paging::MAX_SEARCH_CHARS,
    shared::text::{MultiLine, SingleLine},
};

#[server(endpoint = "list_sketches")]
pub async fn list_sketches(#[server(default)] query: SketchQuery) -> Result<Vec<Sketch>, AppError> {
    let (state, user) = signed_in().await?;
    let mut query = query;
    query.search = SingleLine::parse(&query.search, MAX_SEARCH_CHARS)
        .field(Field::Search)?
        .into_string();
    if !query.workflow.is_empty() && !WORKFLOWS.contains(&query.workflow.as_str()) {
        query.workflow.clear();
    }
    Ok(db::list(&state.db, &user.id, &query).await?)
}

#[server(endpoint = "get_sketch")]
pub async fn get_sketch(id: String) -> Result<Sketch, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    db::get(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Creates (empty `id`) or updates a sketch; the style prompt is required, as in the spec.
#[server(endpoint = "save_sketch")]
pub async fn save_sketch(
    #[server(default)] id: String,
    #[server(default)] title: String,
    #[server(default)] lyrics: String,
    prompt: String,
    #[server(default)] tags: String,
    #[server(default)] workflow: String,
) -> Result<Sketch, AppError> {
    let (state, user) = signed_in().await?;
    let mut s = Sketch {
        id: id.trim().to_string(),
        title: SingleLine::parse(&title, MAX_TITLE_CHARS)
            .field(Field::Title)?
            .into_string(),
        lyrics: MultiLine::parse(&lyrics, MAX_LYRICS_CHARS)
            .field(Field::Lyrics)?
            .into_string(),
        prompt: MultiLine::required(prompt.trim_start(), MAX_PROMPT_CHARS)
            .field(Field::Prompt)?
            .into_string(),
        tags: SingleLine::parse(&tags, MAX_TAGS_CHARS)
            .field(Field::Tags)?
            .into_string(),
        workflow: if workflow.is_empty() {
            "draft".into()
        } else {
            workflow
        },
        ..Default::default()
    };
    if !WORKFLOWS.contains(&s.workflow.as_str()) {
        return Err(AppError::invalid(
            Field::Workflow,
            InputProblem::UnknownOption,
        ));
    }
    let now = now_ms();
    if s.id.is_empty() {
        s.id = db::insert(&state.db, &user.id, &s, now).await?;
    } else {
        record_id(&s.id)?;
        if !db::update(&state.db, &user.id, &s, now).await? {
            return Err(AppError::NotFound);
        }
    }
    db::get(&state.db, &user.id, &s.id)
        .await?
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "delete_sketch")]
pub async fn delete_sketch(id: String) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    if !db::delete(&state.db, &user.id, &id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Suggests a title for lyrics or an idea (template `titles`/`generate`), one line, no quotes.
#[server(endpoint = "suggest_title")]
pub async fn suggest_title(text: String) -> Result<String, AppError> {
    let (state, _) = signed_in().await?;
    let text = MultiLine::required(&text, MAX_LYRICS_CHARS).field(Field::Text)?;
    let answer = generate_with_template(&state, "titles", "generate", &text).await?;
    let line = answer.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let title: String = line
        .trim()
        .trim_matches(|c| matches!(c, '"' | '\'' | '“' | '”' | '„' | '*'))
        .chars()
        .take(MAX_TITLE_CHARS)
        .collect();
    Ok(title)
}
