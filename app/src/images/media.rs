//! `GET /media/images/{id}` and `/media/images/{id}/thumb`: image files for their owner only,
//! with HTTP Range, validators and long private caching (files never change once written; a
//! cover is a new image with a new id).

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::Response;
use http::request::Parts;

use super::db;
use crate::error::AppError;
use crate::server::media::{serve_object, Disposition};
use crate::server::{record_id, AppState, SignedInUser, StorageKey};

#[derive(serde::Deserialize)]
pub struct MediaQuery {
    #[serde(default)]
    download: Option<String>,
}

impl MediaQuery {
    pub fn wants_download(&self) -> bool {
        self.download.is_some()
    }
}

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
    let key = StorageKey::new(key)?;
    let disposition = download.then(|| {
        let ext = shared::media::extension_for(&mime).unwrap_or("png");
        Disposition::Attachment(shared::images::download_name(
            &files.title,
            &format!("image-{}", &id[..8.min(id.len())]),
            ext,
        ))
    });
    let mut response = serve_object(&state, &parts.headers, &key, &mime, &etag, disposition).await;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    Ok(response)
}
