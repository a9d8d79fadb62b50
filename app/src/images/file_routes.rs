//! `GET /media/images/{id}` and `/media/images/{id}/thumb`: image files for their owner only,
//! with HTTP Range, validators and long private caching (files never change once written; a
//! cover is a new image with a new id).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use http::request::Parts;

use super::db;
use crate::auth::SignedInUser;
use crate::error::AppError;
use crate::infra::file_response::{serve_owned_file, MediaQuery, OwnedFile};
use crate::infra::{objects, record_id, StorageKey};
use crate::state::AppState;

pub async fn image(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    Path(id): Path<String>,
    Query(q): Query<MediaQuery>,
    parts: Parts,
) -> Result<Response, AppError> {
    serve(state, &user.id, parts, id, false, q.wants_download()).await
}

pub async fn thumb(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    Path(id): Path<String>,
    parts: Parts,
) -> Result<Response, AppError> {
    serve(state, &user.id, parts, id, true, false).await
}

async fn serve(
    state: AppState,
    user_id: &str,
    parts: Parts,
    id: String,
    thumb: bool,
    download: bool,
) -> Result<Response, AppError> {
    record_id(&id)?;
    let files = db::files(&state.db, user_id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (key, mime, etag) = if thumb {
        (
            files.thumb_key,
            "image/jpeg".to_string(),
            format!("\"{id}-t\""),
        )
    } else {
        (files.storage_key, files.mime, format!("\"{id}\""))
    };
    let download_name = download.then(|| {
        let ext = shared::mime::extension_for(&mime).unwrap_or("png");
        let fallback = format!("image-{}", &id[..8.min(id.len())]);
        shared::images::download_name(&files.title, &fallback, ext)
    });
    let file = OwnedFile {
        backend: objects::backend_of(&state.db, &key).await?,
        key: StorageKey::new(key)?,
        mime,
        etag,
        download_name,
    };
    Ok(serve_owned_file(&state.storage, &parts.headers, file).await)
}
