//! Server functions for sketches; another user's id answers "not found".

use leptos::prelude::*;

use super::{Sketch, SketchQuery};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, MAX_LYRICS_CHARS, MAX_PROMPT_CHARS, MAX_TAGS_CHARS, MAX_TITLE_CHARS, WORKFLOWS},
    crate::auth::session,
    crate::error::Field,
    crate::server::{now_ms, respond_error, state},
    crate::templates::generate::generate_with_template,
    shared::accounts::InputProblem,
};

#[server(endpoint = "list_sketches")]
pub async fn list_sketches(#[server(default)] query: SketchQuery) -> Result<Vec<Sketch>, AppError> {
    let state = state()?;
    let user = session::current_user().await.map_err(respond_error)?;
    let mut query = query;
    query.search = query.search.chars().take(200).collect();
    if !query.workflow.is_empty() && !WORKFLOWS.contains(&query.workflow.as_str()) {
        query.workflow.clear();
    }
    Ok(db::list(&state.db, &user.id, &query).await?)
}

#[server(endpoint = "get_sketch")]
pub async fn get_sketch(id: String) -> Result<Sketch, AppError> {
    let state = state()?;
    let user = session::current_user().await.map_err(respond_error)?;
    db::get(&state.db, &user.id, &id)
        .await?
        .ok_or_else(|| respond_error(AppError::NotFound))
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
    let state = state()?;
    let user = session::current_user().await.map_err(respond_error)?;
    let bad = |f: Field, p: InputProblem| respond_error(AppError::invalid(f, p));
    let long = |s: &str, max: usize| s.chars().count() > max;
    let mut s = Sketch {
        id: id.trim().to_string(),
        title: title.trim().to_string(),
        lyrics: lyrics.trim_end().to_string(),
        prompt: prompt.trim().to_string(),
        tags: tags.trim().to_string(),
        workflow: if workflow.is_empty() {
            "draft".into()
        } else {
            workflow
        },
        ..Default::default()
    };
    if s.prompt.is_empty() {
        return Err(bad(Field::Prompt, InputProblem::Required));
    }
    for (value, max, field) in [
        (&s.title, MAX_TITLE_CHARS, Field::Title),
        (&s.lyrics, MAX_LYRICS_CHARS, Field::Lyrics),
        (&s.prompt, MAX_PROMPT_CHARS, Field::Prompt),
        (&s.tags, MAX_TAGS_CHARS, Field::Tags),
    ] {
        if long(value, max) {
            return Err(bad(field, InputProblem::TooLong));
        }
    }
    if !WORKFLOWS.contains(&s.workflow.as_str()) {
        return Err(bad(Field::Workflow, InputProblem::UnknownOption));
    }
    let now = now_ms();
    if s.id.is_empty() {
        s.id = db::insert(&state.db, &user.id, &s, now).await?;
    } else if !db::update(&state.db, &user.id, &s, now).await? {
        return Err(respond_error(AppError::NotFound));
    }
    db::get(&state.db, &user.id, &s.id)
        .await?
        .ok_or_else(|| respond_error(AppError::NotFound))
}

#[server(endpoint = "delete_sketch")]
pub async fn delete_sketch(id: String) -> Result<(), AppError> {
    let state = state()?;
    let user = session::current_user().await.map_err(respond_error)?;
    if !db::delete(&state.db, &user.id, &id).await? {
        return Err(respond_error(AppError::NotFound));
    }
    Ok(())
}

/// Suggests a title for lyrics or an idea (template `titles`/`generate`), one line, no quotes.
#[server(endpoint = "suggest_title")]
pub async fn suggest_title(text: String) -> Result<String, AppError> {
    let state = state()?;
    session::current_user().await.map_err(respond_error)?;
    let answer = generate_with_template(&state, "titles", "generate", &text)
        .await
        .map_err(respond_error)?;
    let line = answer.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let title: String = line
        .trim()
        .trim_matches(|c| matches!(c, '"' | '\'' | '“' | '”' | '„' | '*'))
        .chars()
        .take(MAX_TITLE_CHARS)
        .collect();
    Ok(title)
}
