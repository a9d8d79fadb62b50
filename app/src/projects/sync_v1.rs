//! What the command-line client needs beyond the file endpoints of `transfer.rs`, versioned
//! JSON under `/api/v1/` with the same authentication and error answers:
//!
//! | Method | Path | |
//! |---|---|---|
//! | `GET` | `/api/v1/projects` | the user's projects, by name |
//! | `GET` | `/api/v1/projects/{p}` | one project with its folders in order |
//! | `DELETE` | `/api/v1/projects/{p}/files/{file}` | 204; the object goes with the record |
//! | `PUT` | `/api/v1/projects/{p}/sync` | `{"status": "synced"}`: 204, the time is the server's |
//!
//! The answers are their own types, not the page's, so the page can change without breaking
//! a client built against this version.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::{db, split_tags, Folder, FolderType, Project, SyncStatus};
use crate::auth::SignedInUser;
use crate::error::{AppError, Field};
use crate::infra::{now_ms, outbox, record_id};
use crate::state::AppState;
use shared::input::InputProblem;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/projects", get(list))
        .route("/api/v1/projects/{project}", get(one))
        .route("/api/v1/projects/{project}/files/{file}", delete(remove))
        .route("/api/v1/projects/{project}/sync", put(sync))
}

#[derive(Serialize)]
struct ProjectV1 {
    id: String,
    name: String,
    description: String,
    tags: Vec<String>,
    sync_status: SyncStatus,
    /// Unix milliseconds.
    last_sync_at: Option<i64>,
    total_files: i64,
    total_bytes: i64,
    updated_at: i64,
}

impl From<Project> for ProjectV1 {
    fn from(p: Project) -> Self {
        ProjectV1 {
            tags: split_tags(&p.tags),
            id: p.id,
            name: p.name,
            description: p.description,
            sync_status: p.sync_status,
            last_sync_at: p.last_sync_at,
            total_files: p.total_files,
            total_bytes: p.total_bytes,
            updated_at: p.updated_at,
        }
    }
}

#[derive(Serialize)]
struct FolderV1 {
    id: String,
    name: String,
    folder_type: FolderType,
    position: i64,
    file_count: i64,
    byte_count: i64,
}

impl From<Folder> for FolderV1 {
    fn from(f: Folder) -> Self {
        FolderV1 {
            id: f.id,
            name: f.name,
            folder_type: f.folder_type,
            position: f.position,
            file_count: f.file_count,
            byte_count: f.byte_count,
        }
    }
}

#[derive(Serialize)]
struct ProjectTreeV1 {
    #[serde(flatten)]
    project: ProjectV1,
    folders: Vec<FolderV1>,
}

#[derive(Deserialize)]
struct SyncForm {
    status: String,
}

async fn list(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
) -> Result<Json<Vec<ProjectV1>>, AppError> {
    let all = db::all(&state.db, &user.id).await?;
    Ok(Json(all.into_iter().map(ProjectV1::from).collect()))
}

async fn one(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    Path(project): Path<String>,
) -> Result<Json<ProjectTreeV1>, AppError> {
    record_id(&project)?;
    let found = db::get(&state.db, &user.id, &project)
        .await?
        .ok_or(AppError::NotFound)?;
    let folders = db::folders(&state.db, &project).await?;
    Ok(Json(ProjectTreeV1 {
        project: found.into(),
        folders: folders.into_iter().map(FolderV1::from).collect(),
    }))
}

async fn remove(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    Path((project, file)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    record_id(&project)?;
    record_id(&file)?;
    if !db::is_owned(&state.db, &user.id, &project).await? {
        return Err(AppError::NotFound);
    }
    let (deleted, entries) =
        db::delete_files(&state.db, &project, std::slice::from_ref(&file), now_ms()).await?;
    outbox::deliver(&state.db, &state.storage, &entries).await;
    match deleted {
        0 => Err(AppError::NotFound),
        _ => Ok(StatusCode::NO_CONTENT),
    }
}

async fn sync(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    Path(project): Path<String>,
    body: Result<Json<SyncForm>, JsonRejection>,
) -> Result<StatusCode, AppError> {
    record_id(&project)?;
    let Json(form) = body.map_err(|_| AppError::BadRequest)?;
    let status = SyncStatus::parse(&form.status).ok_or(AppError::invalid(
        Field::Status,
        InputProblem::UnknownOption,
    ))?;
    match db::set_sync(&state.db, &user.id, &project, status, now_ms()).await? {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(AppError::NotFound),
    }
}
