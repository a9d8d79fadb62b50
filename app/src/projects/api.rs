//! Server functions for song projects; another user's ids answer "not found". Files travel
//! over the versioned endpoints in `transfer.rs`; everything else is here.

use leptos::prelude::*;

use super::{
    FilePage, FolderForm, Project, ProjectChoice, ProjectDetail, ProjectForm, ProjectPageData,
    ProjectQuery,
};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, path, AssetKind, FolderIcon, FolderType, LinkedAsset, SyncStatus},
    super::{MAX_BATCH, MAX_DESCRIPTION_CHARS, MAX_FOLDER_CHARS, MAX_NAME_CHARS, MAX_TAGS_CHARS},
    crate::auth::signed_in,
    crate::error::{Field, FieldCheck},
    crate::infra::{now_ms, outbox, record_id},
    crate::state::AppState,
    shared::input::InputProblem,
    shared::paging::MAX_SEARCH_CHARS,
    shared::text::{MultiLine, SingleLine},
};

/// The signed-in user's state and project `id`, or "not found".
#[cfg(feature = "ssr")]
async fn owned(id: &str) -> Result<(AppState, crate::auth::db::UserRow), AppError> {
    let (state, user) = signed_in().await?;
    record_id(id)?;
    if !db::is_owned(&state.db, &user.id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok((state, user))
}

/// Folder `folder` of project `project` (which the caller owns), or "not found".
#[cfg(feature = "ssr")]
async fn folder_of(
    state: &AppState,
    user_id: &str,
    project: &str,
    folder: &str,
) -> Result<String, AppError> {
    record_id(folder)?;
    db::folder_name(&state.db, user_id, project, folder)
        .await?
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "list_projects")]
pub async fn list_projects(
    #[server(default)] query: ProjectQuery,
) -> Result<ProjectPageData, AppError> {
    let (state, user) = signed_in().await?;
    let mut query = query;
    query.search = SingleLine::parse(&query.search, MAX_SEARCH_CHARS)
        .field(Field::Search)?
        .into_string();
    query.tag = SingleLine::parse(&query.tag, MAX_SEARCH_CHARS)
        .field(Field::Tags)?
        .into_string();
    let (items, total) = db::list(&state.db, &user.id, &query).await?;
    let tags = db::tags(&state.db, &user.id).await?;
    Ok(ProjectPageData { items, total, tags })
}

#[server(endpoint = "get_project")]
pub async fn get_project(id: String) -> Result<ProjectDetail, AppError> {
    let (state, user) = owned(&id).await?;
    let project = db::get(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let folders = db::folders(&state.db, &id).await?;
    let mut assets = Vec::new();
    for link in db::links(&state.db, &id).await? {
        if let Some(asset) = describe(&state, &user.id, link).await? {
            assets.push(asset);
        }
    }
    Ok(ProjectDetail {
        project,
        folders,
        assets,
    })
}

/// The project page's data: the project, the open folder and a page of its files.
#[server(endpoint = "open_project")]
pub async fn open_project(
    id: String,
    #[server(default)] folder: String,
    #[server(default)] files_page: shared::paging::Page,
) -> Result<super::ProjectView, AppError> {
    let detail = get_project(id.clone()).await?;
    let open_folder = detail
        .folders
        .iter()
        .find(|f| f.id == folder)
        .or(detail.folders.first())
        .map(|f| f.id.clone());
    let (state, _) = signed_in().await?;
    let files = match &open_folder {
        Some(f) => db::file_page(&state.db, &id, f, files_page).await?,
        None => FilePage {
            items: Vec::new(),
            total: 0,
        },
    };
    Ok(super::ProjectView {
        detail,
        open_folder,
        files,
        files_page,
    })
}

/// A link with its asset's title (and a song's playable variant).
#[cfg(feature = "ssr")]
async fn describe(
    state: &AppState,
    user_id: &str,
    link: db::Link,
) -> Result<Option<LinkedAsset>, AppError> {
    let (title, audio_choice) = match link.kind {
        AssetKind::Song => match crate::songs::db::get(&state.db, user_id, &link.asset_id).await? {
            Some(song) => {
                let choice = song.choices.first().map(|c| c.id.clone());
                (song.display_title(""), choice)
            }
            None => return Ok(None),
        },
        AssetKind::Sketch => {
            match crate::sketches::db::get(&state.db, user_id, &link.asset_id).await? {
                Some(sketch) => (sketch.title, None),
                None => return Ok(None),
            }
        }
        AssetKind::Image => {
            match crate::images::db::files(&state.db, user_id, &link.asset_id).await? {
                Some(files) => (files.title, None),
                None => return Ok(None),
            }
        }
    };
    Ok(Some(LinkedAsset {
        kind: link.kind,
        id: link.asset_id,
        title,
        folder_id: link.folder_id,
        audio_choice,
    }))
}

/// Creates (empty `id`) or updates a project.
#[server(endpoint = "save_project")]
pub async fn save_project(project: ProjectForm) -> Result<Project, AppError> {
    let (state, user) = signed_in().await?;
    let mut form = project;
    form.name = SingleLine::required(&form.name, MAX_NAME_CHARS)
        .field(Field::Name)?
        .into_string();
    form.description = MultiLine::parse(&form.description, MAX_DESCRIPTION_CHARS)
        .field(Field::Description)?
        .into_string();
    let tags = SingleLine::parse(&form.tags, MAX_TAGS_CHARS).field(Field::Tags)?;
    form.tags = super::split_tags(tags.as_str()).join(", ");
    if !form.cover_image_id.is_empty() {
        record_id(&form.cover_image_id)?;
        if crate::images::db::files(&state.db, &user.id, &form.cover_image_id)
            .await?
            .is_none()
        {
            return Err(AppError::NotFound);
        }
    }
    let id = if form.id.is_empty() {
        let id = uuid::Uuid::new_v4().to_string();
        db::insert(&state.db, &user.id, &id, &form, now_ms()).await?;
        id
    } else {
        record_id(&form.id)?;
        if !db::update(&state.db, &user.id, &form, now_ms()).await? {
            return Err(AppError::NotFound);
        }
        form.id.clone()
    };
    db::get(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Deletes a project with its folders, files and stored objects (through the outbox, so a
/// storage that is down now gets them deleted later).
#[server(endpoint = "delete_project")]
pub async fn delete_project(id: String) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    let entries = db::delete(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    outbox::deliver(&state.db, &state.storage, &entries).await;
    Ok(())
}

/// One page of a folder's files.
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

/// Links a song or sketch to a folder, or an image to the project (empty `folder`) or a folder.
#[server(endpoint = "link_project_asset")]
pub async fn link_project_asset(
    project: String,
    #[server(default)] folder: String,
    kind: String,
    asset: String,
) -> Result<(), AppError> {
    let (state, user) = owned(&project).await?;
    let kind = AssetKind::parse(&kind).ok_or(AppError::BadRequest)?;
    record_id(&asset)?;
    let owned = match kind {
        AssetKind::Song => crate::songs::db::get(&state.db, &user.id, &asset)
            .await?
            .is_some(),
        AssetKind::Sketch => crate::sketches::db::is_owned(&state.db, &user.id, &asset).await?,
        AssetKind::Image => crate::images::db::files(&state.db, &user.id, &asset)
            .await?
            .is_some(),
    };
    if !owned {
        return Err(AppError::NotFound);
    }
    let folder = match folder.as_str() {
        "" if kind == AssetKind::Image => None,
        "" => return Err(AppError::invalid(Field::Folder, InputProblem::Required)),
        f => {
            folder_of(&state, &user.id, &project, f).await?;
            Some(f)
        }
    };
    db::link(&state.db, kind, &asset, &project, folder, now_ms()).await?;
    Ok(())
}

#[server(endpoint = "unlink_project_asset")]
pub async fn unlink_project_asset(
    project: String,
    #[server(default)] folder: String,
    kind: String,
    asset: String,
) -> Result<(), AppError> {
    let (state, _) = owned(&project).await?;
    let kind = AssetKind::parse(&kind).ok_or(AppError::BadRequest)?;
    record_id(&asset)?;
    let folder = (!folder.is_empty()).then_some(folder.as_str());
    if let Some(f) = folder {
        record_id(f)?;
    }
    if !db::unlink(&state.db, kind, &asset, &project, folder).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The user's projects and their folders, for the pickers on asset pages.
#[server(endpoint = "project_choices")]
pub async fn project_choices() -> Result<Vec<ProjectChoice>, AppError> {
    let (state, user) = signed_in().await?;
    Ok(db::choices(&state.db, &user.id).await?)
}

/// The user's newest songs, sketches and images, to pick one to link.
#[server(endpoint = "project_link_choices")]
pub async fn project_link_choices() -> Result<super::LinkChoices, AppError> {
    let (state, user) = signed_in().await?;
    const SHOWN: u32 = 100;
    let songs = crate::songs::db::list(&state.db, &user.id, SHOWN, 0).await?;
    let sketches = crate::sketches::db::newest(&state.db, &user.id, SHOWN).await?;
    let images = crate::images::db::newest(&state.db, &user.id, SHOWN).await?;
    Ok(super::LinkChoices {
        songs: songs
            .into_iter()
            .map(|s| (s.id.clone(), s.display_title("")))
            .collect(),
        sketches: sketches.into_iter().map(|s| (s.id, s.title)).collect(),
        images: images.into_iter().map(|i| (i.id, i.title)).collect(),
    })
}

/// Records a sync by the command-line client (spec 6.9.4: `synced` or `syncing`).
#[server(endpoint = "set_project_sync")]
pub async fn set_project_sync(id: String, status: String) -> Result<(), AppError> {
    let (state, user) = owned(&id).await?;
    let status = SyncStatus::parse(&status).ok_or(AppError::invalid(
        Field::Status,
        InputProblem::UnknownOption,
    ))?;
    db::set_sync(&state.db, &user.id, &id, status, now_ms()).await?;
    Ok(())
}
