//! Putting an image into storage and the database together: decode check, thumbnail, files,
//! record. Used by generation and by the cover editor's "apply".

use shared::overlay::{decode, sniff_mime, thumbnail_jpeg};

use super::db::{self, NewImage};
use crate::error::AppError;
use crate::infra::{now_ms, StorageKey};
use crate::state::AppState;

/// Longest side of gallery thumbnails: sharp on 2× screens at the grid's tile size.
const THUMB_SIDE: u32 = 384;

/// Stores `bytes` as a new image of `record.user_id` and inserts `record` (its id, keys, size
/// and dimensions are filled in here). Files are removed again if the record cannot be saved.
pub async fn save_image(
    state: &AppState,
    bytes: Vec<u8>,
    mut record: NewImage,
) -> Result<String, AppError> {
    let mime = sniff_mime(&bytes).ok_or(AppError::UnreadableImage)?;
    let (bytes, thumb, width, height) = tokio::task::spawn_blocking(move || {
        let img = decode(&bytes).map_err(|_| AppError::UnreadableImage)?;
        let thumb = thumbnail_jpeg(&img, THUMB_SIDE, 82);
        Ok::<_, AppError>((bytes, thumb, img.width(), img.height()))
    })
    .await
    .map_err(|_| AppError::Internal)??;
    let id = uuid::Uuid::new_v4().to_string();
    let ext = shared::mime::extension_for(mime).unwrap_or("png");
    let key = StorageKey::new(format!("images/{}/{id}.{ext}", record.user_id))?;
    let thumb_key = StorageKey::new(format!("images/{}/{id}-thumb.jpg", record.user_id))?;
    state.storage.put(&key, &bytes).await?;
    if let Err(e) = state.storage.put(&thumb_key, &thumb).await {
        let _ = state.storage.delete(&key).await;
        return Err(e.into());
    }
    record.id = id.clone();
    record.mime = mime.to_string();
    record.byte_size = bytes.len() as i64;
    record.width = i64::from(width);
    record.height = i64::from(height);
    record.storage_key = key.as_str().to_string();
    record.thumb_key = thumb_key.as_str().to_string();
    if let Err(e) = db::insert(&state.db, &record, now_ms()).await {
        let _ = state.storage.delete(&key).await;
        let _ = state.storage.delete(&thumb_key).await;
        return Err(e.into());
    }
    Ok(id)
}

/// Removes an image's files; a failure is logged, not returned, because the record is already
/// gone and the user asked for the image to disappear.
pub async fn remove_files(state: &AppState, files: &db::ImageFiles) {
    for key in [&files.storage_key, &files.thumb_key] {
        match StorageKey::new(key.clone()) {
            Ok(k) => {
                if let Err(e) = state.storage.delete(&k).await {
                    tracing::error!(key, error = %e, "could not delete image file");
                }
            }
            Err(e) => tracing::error!(key, error = %e, "stored key invalid"),
        }
    }
}
