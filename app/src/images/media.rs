//! `GET /media/images/{id}` and `/media/images/{id}/thumb`: image files for their owner only,
//! with HTTP Range, validators and long private caching (files never change once written; a
//! cover is a new image with a new id).

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use http::request::Parts;

use super::db;
use crate::auth::session;
use crate::server::media::{serve_object, Disposition};
use crate::server::{AppState, StorageKey};

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

pub(crate) async fn owner(state: &AppState, parts: &Parts) -> Result<String, Response> {
    let token =
        session::token_from_parts(parts).ok_or_else(|| StatusCode::UNAUTHORIZED.into_response())?;
    match session::user_for_token(state, &token).await {
        Ok(Some(user)) => Ok(user.id),
        Ok(None) => Err(StatusCode::UNAUTHORIZED.into_response()),
        Err(_) => Err(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
    }
}

pub async fn image(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<MediaQuery>,
    parts: Parts,
) -> Response {
    serve(state, parts, id, false, q.download.is_some()).await
}

pub async fn thumb(
    State(state): State<AppState>,
    Path(id): Path<String>,
    parts: Parts,
) -> Response {
    serve(state, parts, id, true, false).await
}

async fn serve(state: AppState, parts: Parts, id: String, thumb: bool, download: bool) -> Response {
    let user_id = match owner(&state, &parts).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let files = match db::files(&state.db, &user_id, &id).await {
        Ok(Some(f)) => f,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "image lookup failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let (key, mime, etag) = if thumb {
        (
            files.thumb_key,
            "image/jpeg".to_string(),
            format!("\"{id}-t\""),
        )
    } else {
        (files.storage_key, files.mime, format!("\"{id}\""))
    };
    let Ok(key) = StorageKey::new(key) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let disposition = download.then(|| {
        let ext = match mime.as_str() {
            "image/jpeg" => "jpg",
            "image/webp" => "webp",
            _ => "png",
        };
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
    response
}
