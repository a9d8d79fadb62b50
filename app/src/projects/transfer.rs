//! The versioned file endpoints (`/api/v1/projects/…`), for the browser and the command-line
//! client alike; the session cookie or a Bearer token; errors as every server function's
//! (`AppError` as JSON with its status).
//!
//! | Method | Path | |
//! |---|---|---|
//! | `PUT` | `/api/v1/projects/{p}/folders/{f}/files?path=…[&sha256=…][&modified=…][&replace=1]` | body: the file's bytes; 201 with the file |
//! | `GET` | `/api/v1/projects/{p}/files/{file}[?download=1]` | the bytes, with Range |
//! | `GET` | `/api/v1/projects/{p}/folders/{f}/zip` | the folder as a streamed ZIP |
//! | `GET` | `/api/v1/projects/{p}/folders/{f}/manifest` | path, size, SHA-256, modified of every file |
//!
//! An upload streams into storage while it is hashed and counted; the record is saved, in the
//! same transaction as the project's statistics, only once the object is complete and matches
//! the client's hash. A refused, broken or cancelled upload leaves neither.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use futures::TryStreamExt;
use http::request::Parts;

use super::db::{self, NewFile};
use super::{path, Manifest, UploadQuery};
use crate::auth::SignedInUser;
use crate::error::AppError;
use crate::infra::error_response::refuse;
use crate::infra::file_response::{content_disposition, serve_owned_file, MediaQuery, OwnedFile};
use crate::infra::storage::{parse_sha256, ByteStream, WriteCheck};
use crate::infra::zip_stream::{self, ZipEntry};
use crate::infra::{now_ms, objects, outbox, record_id, StorageKey};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/projects/{project}/folders/{folder}/files",
            put(upload),
        )
        .route(
            "/api/v1/projects/{project}/folders/{folder}/manifest",
            get(manifest),
        )
        .route("/api/v1/projects/{project}/folders/{folder}/zip", get(zip))
        .route("/api/v1/projects/{project}/files/{file}", get(download))
}

/// A new object key for a file of `project`: `projects/<project>/<uuid>`. Kept short (the
/// project id is unique; no user id): file-backed S3 servers such as s3s-fs name a multipart
/// upload's metadata file after the encoded key, and a longer key passed the 255-byte name
/// limit, failing every upload above one part.
pub(crate) fn object_key(project: &str) -> Result<StorageKey, AppError> {
    Ok(StorageKey::generate(&format!("projects/{project}"), "")?)
}

/// The folder of the user's project, or "not found" for anything else (another user's ids
/// included, so their existence is not revealed).
async fn owned_folder(
    state: &AppState,
    user_id: &str,
    project: &str,
    folder: &str,
) -> Result<String, AppError> {
    record_id(project)?;
    record_id(folder)?;
    db::folder_name(&state.db, user_id, project, folder)
        .await?
        .ok_or(AppError::NotFound)
}

/// What must hold before a byte is stored: the folder, the path, the hash's form, the size
/// the client announced, and (unless replacing) a free path.
async fn admit(
    state: &AppState,
    user_id: &str,
    project: &str,
    folder: &str,
    q: &UploadQuery,
    headers: &HeaderMap,
) -> Result<(String, WriteCheck), AppError> {
    owned_folder(state, user_id, project, folder).await?;
    let path = path::checked(&q.path)?;
    let sha256 = match q.sha256.as_deref() {
        None | Some("") => None,
        Some(hex) => Some(parse_sha256(hex).ok_or(AppError::BadRequest)?),
    };
    let announced = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let (Some(len), Some(max)) = (announced, state.project_max_file_bytes) {
        if len > max {
            return Err(AppError::PayloadTooLarge);
        }
    }
    db::check_free(&state.db, folder, &path, q.replaces()).await?;
    Ok((
        path,
        WriteCheck {
            sha256,
            max_bytes: state.project_max_file_bytes,
        },
    ))
}

async fn upload(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    Path((project, folder)): Path<(String, String)>,
    query: Result<Query<UploadQuery>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Ok(Query(q)) = query else {
        return refuse(body, AppError::BadRequest).await;
    };
    let (path, check) = match admit(&state, &user.id, &project, &folder, &q, &headers).await {
        Ok(admitted) => admitted,
        Err(err) => return refuse(body, err).await,
    };
    match store(&state, &user.id, project, folder, path, &q, check, body).await {
        Ok(file) => (StatusCode::CREATED, Json(file)).into_response(),
        Err(err) => err.into_response(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn store(
    state: &AppState,
    user_id: &str,
    project: String,
    folder: String,
    path: String,
    q: &UploadQuery,
    check: WriteCheck,
    body: Body,
) -> Result<super::ProjectFile, AppError> {
    let key = object_key(&project)?;
    let stream: ByteStream = Box::pin(body.into_data_stream().map_err(std::io::Error::other));
    let written = objects::write(&state.db, &state.storage, key, stream, check).await?;
    let (file_type, mime_type) = path::classify(path::file_name(&path));
    let now = now_ms();
    let new = NewFile {
        project_id: project.clone(),
        folder_id: folder,
        relative_path: path,
        file_type,
        mime_type,
        modified_at: q.modified.filter(|m| *m > 0).unwrap_or(now),
    };
    let (id, released) = match db::save_file(&state.db, &new, &written, q.replaces(), now).await {
        Ok(saved) => saved,
        Err(err) => {
            objects::discard(&state.db, &state.storage, vec![written]).await;
            return Err(err);
        }
    };
    outbox::deliver(&state.db, &state.storage, &released).await;
    db::owned_file(&state.db, user_id, &project, &id)
        .await?
        .map(|(file, _)| file)
        .ok_or(AppError::NotFound)
}

async fn download(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    Path((project, file)): Path<(String, String)>,
    Query(q): Query<MediaQuery>,
    parts: Parts,
) -> Result<Response, AppError> {
    record_id(&project)?;
    record_id(&file)?;
    let (file, key) = db::owned_file(&state.db, &user.id, &project, &file)
        .await?
        .ok_or(AppError::NotFound)?;
    let owned = OwnedFile {
        backend: objects::backend_of(&state.db, &key).await?,
        key: StorageKey::new(key)?,
        mime: file.mime_type,
        etag: format!("\"{}\"", file.sha256),
        download_name: q.wants_download().then_some(file.file_name),
    };
    Ok(serve_owned_file(&state.storage, &parts.headers, owned).await)
}

async fn manifest(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    Path((project, folder)): Path<(String, String)>,
) -> Result<Json<Manifest>, AppError> {
    let folder_name = owned_folder(&state, &user.id, &project, &folder).await?;
    let files = db::manifest(&state.db, &project, &folder).await?;
    Ok(Json(Manifest {
        project_id: project,
        folder_id: folder,
        folder_name,
        files,
    }))
}

async fn zip(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    Path((project, folder)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let folder_name = owned_folder(&state, &user.id, &project, &folder).await?;
    let project_name = db::get(&state.db, &user.id, &project)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let mut entries = Vec::new();
    for source in db::folder_objects(&state.db, &project, &folder).await? {
        let backend = objects::backend_of(&state.db, &source.storage_key).await?;
        let key = StorageKey::new(source.storage_key.clone())?;
        entries.push(ZipEntry {
            name: format!("{folder_name}/{}", source.file.relative_path),
            size: source.file.size.max(0) as u64,
            crc32: source.crc32,
            modified_ms: source.file.modified_at,
            backend,
            key,
        });
    }
    let name = format!("{project_name} - {folder_name}.zip");
    let (length, body) = zip_stream::archive(state.storage.clone(), entries);
    Ok((
        [
            (header::CONTENT_LENGTH, HeaderValue::from(length)),
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (header::CONTENT_DISPOSITION, content_disposition(&name)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        Body::from_stream(body),
    )
        .into_response())
}
