//! `GET /media/songs/{choice}/{mp3|flac}`: a song's audio for its owner only, with HTTP Range
//! (seeking in the player) and `?download=1` naming the file after the song.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use http::request::Parts;

use super::db;
use crate::images::media::{owner, MediaQuery};
use crate::server::media::{serve_object, Disposition};
use crate::server::{AppState, StorageKey};

pub async fn audio(
    State(state): State<AppState>,
    Path((choice, format)): Path<(String, String)>,
    Query(q): Query<MediaQuery>,
    parts: Parts,
) -> Response {
    let user_id = match owner(&state, &parts).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let (flac, mime) = match format.as_str() {
        "mp3" => (false, "audio/mpeg"),
        "flac" => (true, "audio/flac"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let (key, title, index) = match db::choice_file(&state.db, &user_id, &choice, flac).await {
        Ok(Some((Some(key), title, index))) => (key, title, index),
        Ok(_) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "song file lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let Ok(key) = StorageKey::new(key) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
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
    response
}
