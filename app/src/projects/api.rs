//! Server functions for projects, their links and the pickers; folders and files are in
//! `files_api.rs`, the bytes in `transfer.rs`. Another user's ids answer "not found".

use leptos::prelude::*;

use super::{Project, ProjectChoice, ProjectDetail, ProjectForm, ProjectPageData, ProjectQuery};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::access::{folder_of, owned},
    super::{db, AssetKind, FilePage, LinkedAsset, SyncStatus},
    super::{MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_TAGS_CHARS},
    crate::auth::signed_in,
    crate::error::{Field, FieldCheck},
    crate::infra::{now_ms, outbox, record_id},
    crate::state::AppState,
    shared::input::InputProblem,
    shared::paging::MAX_SEARCH_CHARS,
    shared::text::{MultiLine, SingleLine},
};

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

/// Moves a linked image one place up (`step` −1) or down (1) among the images of the project
/// itself (empty `folder`) or of one folder.
#[server(endpoint = "move_project_image")]
pub async fn move_project_image(
    project: String,
    #[server(default)] folder: String,
    image: String,
    step: i64,
) -> Result<(), AppError> {
    let (state, _) = owned(&project).await?;
    record_id(&image)?;
    if !matches!(step, -1 | 1) {
        return Err(AppError::BadRequest);
    }
    let folder = (!folder.is_empty()).then_some(folder.as_str());
    if let Some(f) = folder {
        record_id(f)?;
    }
    if !db::move_image(&state.db, &project, folder, &image, step).await? {
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
