//! `GET /media/songs/{choice}/{mp3|flac}`: a song's audio for its owner only, with HTTP Range
//! (seeking in the player) and `?download=1` naming the file after the song.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use http::request::Parts;

use super::db;
use crate::error::AppError;
use crate::images::media::MediaQuery;
use crate::server::media::{serve_object, Disposition};
use crate::server::{record_id, AppState, SignedInUser, StorageKey};

pub async fn audio(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    Path((choice, format)): Path<(String, String)>,
    Query(q): Query<MediaQuery>,
    parts: Parts,
) -> Result<Response, AppError> {
    let Some(mime) = shared::media::mime_for(&format).filter(|m| m.starts_with("audio/")) else {
        return Err(AppError::NotFound);
    };
    let flac = format == "flac";
    record_id(&choice)?;
    let (key, title, index) = match db::choice_file(&state.db, &user.id, &choice, flac).await? {
        Some((Some(key), title, index)) => (key, title, index),
        _ => return Err(AppError::NotFound),
    };
    let key = StorageKey::new(key)?;
    let disposition = q.wants_download().then(|| {
        let title = if title.trim().is_empty() {
            String::new()
        } else {
            format!("{title} - {}", index + 1)
        };
        Disposition::Attachment(shared::images::download_name(
            &title,
            &format!("song-{}", &choice[..8.min(choice.len())]),
            &format,
        ))
    });
    let etag = format!("\"{choice}-{format}\"");
    let mut response = serve_object(&state, &parts.headers, &key, mime, &etag, disposition).await;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    Ok(response)
}
