//! `GET /media/songs/{choice}/{mp3|flac}`: a song's audio for its owner only, with HTTP Range
//! (seeking in the player) and `?download=1` naming the file after the song.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use http::request::Parts;

use super::db;
use crate::auth::SignedInUser;
use crate::error::AppError;
use crate::infra::file_response::{serve_owned_file, MediaQuery, OwnedFile};
use crate::infra::{objects, record_id, StorageKey};
use crate::state::AppState;

pub async fn audio(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    Path((choice, format)): Path<(String, String)>,
    Query(q): Query<MediaQuery>,
    parts: Parts,
) -> Result<Response, AppError> {
    let Some(mime) = shared::mime::mime_for(&format).filter(|m| m.starts_with("audio/")) else {
        return Err(AppError::NotFound);
    };
    let flac = format == "flac";
    record_id(&choice)?;
    let (key, title, index) = match db::choice_file(&state.db, &user.id, &choice, flac).await? {
        Some((Some(key), title, index)) => (key, title, index),
        _ => return Err(AppError::NotFound),
    };
    let download_name = q.wants_download().then(|| {
        let title = if title.trim().is_empty() {
            String::new()
        } else {
            format!("{title} - {}", index + 1)
        };
        let fallback = format!("song-{}", &choice[..8.min(choice.len())]);
        shared::images::download_name(&title, &fallback, &format)
    });
    let file = OwnedFile {
        backend: objects::backend_of(&state.db, &key).await?,
        key: StorageKey::new(key)?,
        mime: mime.to_string(),
        etag: format!("\"{choice}-{format}\""),
        download_name,
    };
    Ok(serve_owned_file(&state.storage, &parts.headers, file).await)
}
