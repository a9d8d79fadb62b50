//! Copying a song's audio or an image into a folder as a file of its own, so the
//! command-line client syncs it like anything else in the folder (the final MP3 into
//! 02 Mixing, the cover into an artwork folder). The bytes stream from one object into a new
//! one; the link, if any, stays as it is.

use leptos::prelude::*;

use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::db::{self, NewFile},
    super::{path, AssetKind},
    crate::auth::signed_in,
    crate::infra::storage::WriteCheck,
    crate::infra::{now_ms, objects, outbox, record_id, StorageKey},
    crate::state::AppState,
};

/// Copies song `asset`'s first variant (MP3) or image `asset` into `folder` under a name made
/// from its title; `replace` as for uploads. Returns the new file's path.
#[server(endpoint = "copy_into_project")]
pub async fn copy_into_project(
    project: String,
    folder: String,
    kind: String,
    asset: String,
    #[server(default)] replace: bool,
) -> Result<String, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&project)?;
    record_id(&folder)?;
    record_id(&asset)?;
    db::folder_name(&state.db, &user.id, &project, &folder)
        .await?
        .ok_or(AppError::NotFound)?;
    let (key, name) = match AssetKind::parse(&kind).ok_or(AppError::BadRequest)? {
        AssetKind::Song => {
            let song = crate::songs::db::get(&state.db, &user.id, &asset)
                .await?
                .ok_or(AppError::NotFound)?;
            let choice = song.choices.first().ok_or(AppError::NotFound)?;
            let (key, title, _) =
                crate::songs::db::choice_file(&state.db, &user.id, &choice.id, false)
                    .await?
                    .ok_or(AppError::NotFound)?;
            let fallback = format!("song-{}", &asset[..8.min(asset.len())]);
            (
                key.ok_or(AppError::NotFound)?,
                shared::images::download_name(&title, &fallback, "mp3"),
            )
        }
        AssetKind::Image => {
            let files = crate::images::db::files(&state.db, &user.id, &asset)
                .await?
                .ok_or(AppError::NotFound)?;
            let ext = shared::mime::extension_for(&files.mime).unwrap_or("png");
            let fallback = format!("image-{}", &asset[..8.min(asset.len())]);
            (
                files.storage_key,
                shared::images::download_name(&files.title, &fallback, ext),
            )
        }
        AssetKind::Sketch => return Err(AppError::BadRequest),
    };
    let path = path::checked(&name)?;
    db::check_free(&state.db, &folder, &path, replace).await?;
    copy_object(&state, &project, &folder, &key, &path, replace).await?;
    Ok(path)
}

#[cfg(feature = "ssr")]
async fn copy_object(
    state: &AppState,
    project: &str,
    folder: &str,
    source: &str,
    path: &str,
    replace: bool,
) -> Result<(), AppError> {
    let backend = objects::backend_of(&state.db, source).await?;
    let read = state
        .storage
        .read(backend, &StorageKey::new(source)?, None)
        .await?;
    let key = super::transfer::object_key(project)?;
    let check = WriteCheck {
        sha256: None,
        max_bytes: state.project_max_file_bytes,
    };
    let written = objects::write(&state.db, &state.storage, key, read.body, check).await?;
    let (file_type, mime_type) = path::classify(path::file_name(path));
    let now = now_ms();
    let new = NewFile {
        project_id: project.to_string(),
        folder_id: folder.to_string(),
        relative_path: path.to_string(),
        file_type,
        mime_type,
        modified_at: now,
    };
    match db::save_file(&state.db, &new, &written, replace, now).await {
        Ok((_, released)) => {
            outbox::deliver(&state.db, &state.storage, &released).await;
            Ok(())
        }
        Err(err) => {
            objects::discard(&state.db, &state.storage, vec![written]).await;
            Err(err)
        }
    }
}
