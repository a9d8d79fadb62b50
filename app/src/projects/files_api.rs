//! Server functions for a project's folders and files (the records: bytes travel over the
//! versioned endpoints in `transfer.rs`).

use leptos::prelude::*;

use super::{FilePage, FolderForm};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::access::{folder_of, owned},
    super::{db, path, FolderIcon, FolderType, MAX_BATCH, MAX_FOLDER_CHARS},
    crate::error::{Field, FieldCheck},
    crate::infra::{now_ms, outbox, record_id},
    shared::input::InputProblem,
    shared::text::SingleLine,
};

#[server(endpoint = "list_project_files")]
pub async fn list_project_files(
    project: String,
    folder: String,
    #[server(default)] page: shared::paging::Page,
) -> Result<FilePage, AppError> {
    let (state, user) = owned(&project).await?;
    folder_of(&state, &user.id, &project, &folder).await?;
    Ok(db::file_page(&state.db, &project, &folder, page).await?)
}

/// A folder's name, type and icon, checked: a name is one path segment (it becomes a folder
/// on the user's disk when the project is cloned).
#[cfg(feature = "ssr")]
fn check_folder(form: &FolderForm) -> Result<(String, FolderType, Option<FolderIcon>), AppError> {
    let name = SingleLine::required(&form.name, MAX_FOLDER_CHARS).field(Field::Name)?;
    if name.as_str().contains('/') {
        return Err(AppError::invalid(
            Field::Name,
            InputProblem::InvalidCharacters,
        ));
    }
    let name = path::checked(name.as_str())?;
    let kind = match form.folder_type.as_str() {
        "" => FolderType::Custom,
        t => FolderType::parse(t)
            .ok_or(AppError::invalid(Field::Type, InputProblem::UnknownOption))?,
    };
    let icon = match form.icon.as_str() {
        "" => None,
        i => Some(
            FolderIcon::parse(i)
                .ok_or(AppError::invalid(Field::Icon, InputProblem::UnknownOption))?,
        ),
    };
    Ok((name, kind, icon))
}

#[cfg(feature = "ssr")]
fn name_taken(e: sqlx::Error, name: &str) -> AppError {
    if crate::infra::is_unique_violation(&e) {
        AppError::FileExists {
            path: name.to_string(),
        }
    } else {
        e.into()
    }
}

#[server(endpoint = "add_project_folder")]
pub async fn add_project_folder(project: String, folder: FolderForm) -> Result<String, AppError> {
    let (name, kind, icon) = check_folder(&folder)?;
    let (state, _) = owned(&project).await?;
    db::add_folder(&state.db, &project, &name, kind, icon, now_ms())
        .await
        .map_err(|e| name_taken(e, &name))?
        .ok_or(AppError::invalid(Field::Folder, InputProblem::TooMany))
}

#[server(endpoint = "update_project_folder")]
pub async fn update_project_folder(
    project: String,
    id: String,
    folder: FolderForm,
) -> Result<(), AppError> {
    let (name, kind, icon) = check_folder(&folder)?;
    let (state, user) = owned(&project).await?;
    folder_of(&state, &user.id, &project, &id).await?;
    db::update_folder(&state.db, &project, &id, &name, kind, icon)
        .await
        .map_err(|e| name_taken(e, &name))?;
    Ok(())
}

/// Moves a folder one place up (`step` −1) or down (1).
#[server(endpoint = "move_project_folder")]
pub async fn move_project_folder(project: String, id: String, step: i64) -> Result<(), AppError> {
    let (state, _) = owned(&project).await?;
    record_id(&id)?;
    if !matches!(step, -1 | 1) {
        return Err(AppError::BadRequest);
    }
    if !db::move_folder(&state.db, &project, &id, step).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Deletes a folder with its files.
#[server(endpoint = "delete_project_folder")]
pub async fn delete_project_folder(project: String, id: String) -> Result<(), AppError> {
    let (state, _) = owned(&project).await?;
    record_id(&id)?;
    let entries = db::delete_folder(&state.db, &project, &id, now_ms())
        .await?
        .ok_or(AppError::NotFound)?;
    outbox::deliver(&state.db, &state.storage, &entries).await;
    Ok(())
}

/// Renames a file within its folder (the record only: object keys are opaque).
#[server(endpoint = "rename_project_file")]
pub async fn rename_project_file(
    project: String,
    id: String,
    path: String,
) -> Result<(), AppError> {
    let (state, _) = owned(&project).await?;
    record_id(&id)?;
    let path = path::checked(&path)?;
    if !db::rename_file(&state.db, &project, &id, &path).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

#[cfg(feature = "ssr")]
fn checked_ids(ids: &[String]) -> Result<(), AppError> {
    if ids.is_empty() || ids.len() > MAX_BATCH {
        return Err(AppError::BadRequest);
    }
    ids.iter().try_for_each(|id| record_id(id))
}

/// Moves files into another folder of the same project, all or none.
#[server(endpoint = "move_project_files")]
pub async fn move_project_files(
    project: String,
    ids: Vec<String>,
    folder: String,
) -> Result<u64, AppError> {
    let (state, user) = owned(&project).await?;
    checked_ids(&ids)?;
    folder_of(&state, &user.id, &project, &folder).await?;
    db::move_files(&state.db, &project, &ids, &folder).await
}

/// Deletes files (one or many) and their stored objects.
#[server(endpoint = "delete_project_files")]
pub async fn delete_project_files(project: String, ids: Vec<String>) -> Result<u64, AppError> {
    let (state, _) = owned(&project).await?;
    checked_ids(&ids)?;
    let (deleted, entries) = db::delete_files(&state.db, &project, &ids, now_ms()).await?;
    outbox::deliver(&state.db, &state.storage, &entries).await;
    Ok(deleted)
}
