//! Server functions for songs. Every query is scoped to the signed-in user; another user's id
//! answers "not found", the same as an id that never existed.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::preflight::SongRequest;
use super::Song;
use crate::error::AppError;
use crate::providers::MurekaBilling;
use shared::paging::Page;

#[cfg(feature = "ssr")]
use {
    super::{db, preflight, SongWorkflow},
    crate::auth::signed_in,
    crate::error::{Field, FieldCheck},
    crate::infra::{now_ms, outbox, record_id},
    shared::input::InputProblem,
    shared::text::SingleLine,
};

/// The answer to a song request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Created {
    pub song: Song,
    /// False when an earlier request with the same idempotency key made it.
    pub new: bool,
    /// Section headers renamed for the provider, as (from, to).
    pub mappings: Vec<(String, String)>,
}

/// Songs per page of the list.
#[cfg(feature = "ssr")]
const PAGE_SIZE: u32 = 200;

#[cfg(feature = "ssr")]
async fn song_or_404(
    state: &crate::state::AppState,
    user: &str,
    id: &str,
) -> Result<Song, AppError> {
    db::get(&state.db, user, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Checks the request, then creates the song and queues its generation; returns at once.
#[server(endpoint = "create_song")]
pub async fn create_song(request: SongRequest) -> Result<Created, AppError> {
    let (state, user) = signed_in().await?;
    if !preflight::valid_key(&request.idempotency_key) {
        return Err(AppError::BadRequest);
    }
    let checked =
        preflight::check(&request).map_err(|(field, problem)| AppError::invalid(field, problem))?;
    let sketch = request.sketch_id.as_deref().filter(|s| !s.is_empty());
    if let Some(sketch) = sketch {
        record_id(sketch)?;
        if !crate::sketches::db::is_owned(&state.db, &user.id, sketch).await? {
            return Err(AppError::NotFound);
        }
    }
    let (id, new) = db::create(
        &state.jobs,
        &user.id,
        &request.idempotency_key,
        &checked,
        request.instrumental,
        sketch,
    )
    .await?;
    let song = song_or_404(&state, &user.id, &id).await?;
    let mappings = checked
        .mappings
        .iter()
        .map(|m| (m.from.clone(), m.to.name().to_string()))
        .collect();
    Ok(Created {
        song,
        new,
        mappings,
    })
}

/// One page of the user's songs, newest first.
#[server(endpoint = "list_songs")]
pub async fn list_songs(#[server(default)] page: Page) -> Result<Vec<Song>, AppError> {
    let (state, user) = signed_in().await?;
    Ok(db::list(&state.db, &user.id, PAGE_SIZE, page.offset(PAGE_SIZE)).await?)
}

#[server(endpoint = "get_song")]
pub async fn get_song(id: String) -> Result<Song, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    song_or_404(&state, &user.id, &id).await
}

/// Stops a song's generation (a job the provider already runs is no longer polled).
#[server(endpoint = "cancel_song")]
pub async fn cancel_song(id: String) -> Result<Song, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    let job = db::job_of(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    state.jobs.cancel(&user.id, &job).await?;
    song_or_404(&state, &user.id, &id).await
}

/// Submits a failed, cancelled or interrupted song again (the user's explicit choice to pay).
#[server(endpoint = "retry_song")]
pub async fn retry_song(id: String) -> Result<Song, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    let job = db::job_of(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    state.jobs.requeue(&user.id, &job).await?;
    song_or_404(&state, &user.id, &id).await
}

#[server(endpoint = "update_song")]
pub async fn update_song(
    id: String,
    title: String,
    tags: String,
    workflow: String,
) -> Result<Song, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    let title = SingleLine::parse(&title, preflight::MAX_TITLE_CHARS).field(Field::Title)?;
    let tags = SingleLine::parse(&tags, preflight::MAX_TAGS_CHARS).field(Field::Tags)?;
    let workflow = SongWorkflow::parse(&workflow).ok_or(AppError::invalid(
        Field::Workflow,
        InputProblem::UnknownOption,
    ))?;
    if !db::update(&state.db, &user.id, &id, &title, &tags, workflow, now_ms()).await? {
        return Err(AppError::NotFound);
    }
    song_or_404(&state, &user.id, &id).await
}

/// Thumbs up (1), down (0), or cleared (none).
#[server(endpoint = "rate_choice")]
pub async fn rate_choice(choice_id: String, rating: Option<i64>) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&choice_id)?;
    if rating.is_some_and(|r| !(0..=1).contains(&r)) {
        return Err(AppError::invalid(Field::Rating, InputProblem::OutOfRange));
    }
    if !db::rate(&state.db, &user.id, &choice_id, rating, now_ms()).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Deletes the song, its generation job and its audio files.
#[server(endpoint = "delete_song")]
pub async fn delete_song(id: String) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    let entries = db::delete(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    outbox::deliver(&state.db, &state.storage, &entries).await;
    Ok(())
}

/// The Mureka account: balance, spending, concurrency limit (cents).
#[server(endpoint = "mureka_account")]
pub async fn mureka_account() -> Result<MurekaBilling, AppError> {
    let (state, _) = signed_in().await?;
    state
        .providers
        .mureka
        .billing()
        .await
        .map_err(AppError::from)
}
