//! `GET /export/v1/chat/{id}.md` and `{id}.json`: a conversation as a download, for its owner
//! only. `?lang=de` writes the Markdown's headings in German (the JSON has none).

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use http::header;
use serde::Deserialize;
use shared::locale::Language;

use super::{format, markdown, ExportFormat};
use crate::auth::SignedInUser;
use crate::chat::db;
use crate::error::AppError;
use crate::infra::file_response::content_disposition;
use crate::infra::{now_ms, record_id};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    lang: Option<String>,
}

pub async fn export(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    Path(file): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, AppError> {
    let (id, format) = match file.rsplit_once('.') {
        Some((id, "md")) => (id, ExportFormat::Markdown),
        Some((id, "json")) => (id, ExportFormat::Json),
        _ => return Err(AppError::NotFound),
    };
    record_id(id)?;
    let c = db::get(&state.db, &user.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let archived = db::all_archived(&state.db, id).await?;
    let (body, mime) = match format {
        ExportFormat::Json => {
            let file = format::export(&c, &archived);
            let json = serde_json::to_string_pretty(&file).map_err(|e| {
                tracing::error!(error = %e, "writing a conversation export failed");
                AppError::Internal
            })?;
            (json, "application/json")
        }
        ExportFormat::Markdown => {
            let language = q
                .lang
                .as_deref()
                .and_then(Language::from_tag)
                .unwrap_or(Language::En);
            (
                markdown::render(&c, &archived, language, now_ms()),
                "text/markdown; charset=utf-8",
            )
        }
    };
    let name = shared::images::download_name(&c.title, "conversation", format.extension());
    Ok((
        [
            (header::CONTENT_TYPE, http::HeaderValue::from_static(mime)),
            (header::CONTENT_DISPOSITION, content_disposition(&name)),
            (
                header::CACHE_CONTROL,
                http::HeaderValue::from_static("private, no-store"),
            ),
        ],
        body,
    )
        .into_response())
}
