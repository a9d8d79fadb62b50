//! Server functions for sketches; another user's id answers "not found".

use leptos::prelude::*;

use super::request::SketchForm;
use super::{LyricDraft, Sketch, SketchQuery};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, request, MAX_LYRICS_CHARS, MAX_PROMPT_CHARS, MAX_TITLE_CHARS},
    crate::auth::signed_in,
    crate::error::{Field, FieldCheck},
    crate::infra::{now_ms, record_id},
    crate::templates::run::generate_with_template,
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

/// Creates (empty `id`) or updates a sketch, if nobody changed it since the form was opened.
#[server(endpoint = "save_sketch")]
pub async fn save_sketch(sketch: SketchForm) -> Result<Sketch, AppError> {
    let (state, user) = signed_in().await?;
    let mut s =
        request::check(&sketch).map_err(|(field, problem)| AppError::invalid(field, problem))?;
    let now = now_ms();
    if s.id.is_empty() {
        s.id = db::insert(&state.db, &user.id, &s, now).await?;
    } else {
        record_id(&s.id)?;
        match db::update(&state.db, &user.id, &s, now).await? {
            db::Updated::Saved(_) => {}
            db::Updated::Stale => return Err(AppError::ChangedElsewhere),
            db::Updated::NotFound => return Err(AppError::NotFound),
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

/// Creates a draft sketch to write lyrics in; returns its id.
#[server(endpoint = "new_lyric")]
pub async fn new_lyric(draft: LyricDraft) -> Result<String, AppError> {
    let (state, user) = signed_in().await?;
    let sketch = Sketch {
        title: SingleLine::parse(&draft.title, MAX_TITLE_CHARS)
            .field(Field::Title)?
            .into_string(),
        lyrics: MultiLine::parse(&draft.lyrics, MAX_LYRICS_CHARS)
            .field(Field::Lyrics)?
            .into_string(),
        prompt: MultiLine::parse(draft.prompt.trim_start(), MAX_PROMPT_CHARS)
            .field(Field::Prompt)?
            .into_string(),
        language: request::language(&draft.language).field(Field::Language)?,
        ..Sketch::default()
    };
    Ok(db::insert(&state.db, &user.id, &sketch, now_ms()).await?)
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
