//! Putting an image into storage and the database together: decode check, thumbnail, files,
//! record. Used by generation and by the cover editor's "apply".

use shared::overlay::{decode, sniff_mime, thumbnail_jpeg};

use super::db::{self, NewImage};
use crate::error::AppError;
use crate::infra::{now_ms, objects, outbox, StorageKey};
use crate::state::AppState;

/// Longest side of gallery thumbnails: sharp on 2× screens at the grid's tile size.
const THUMB_SIDE: u32 = 384;

/// Stores `bytes` as a new image of `record.user_id` and inserts `record` (its id, keys, size
/// and dimensions are filled in here). The record and its two files are saved together or not
/// at all (see [`objects`]).
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
    let prefix = format!("images/{}", record.user_id);
    let key = StorageKey::new(format!("{prefix}/{id}.{ext}"))?;
    let thumb_key = StorageKey::new(format!("{prefix}/{id}-thumb.jpg"))?;
    record.byte_size = bytes.len() as i64;
    let image = objects::write_bytes(&state.db, &state.storage, key, bytes).await?;
    let thumb = match objects::write_bytes(&state.db, &state.storage, thumb_key, thumb).await {
        Ok(t) => t,
        Err(e) => {
            objects::discard(&state.db, &state.storage, vec![image]).await;
            return Err(e);
        }
    };
    record.id = id.clone();
    record.mime = mime.to_string();
    record.width = i64::from(width);
    record.height = i64::from(height);
    record.storage_key = image.key.as_str().to_string();
    record.thumb_key = thumb.key.as_str().to_string();
    let saved = async {
        let mut tx = state.db.begin_write().await?;
        db::insert(&mut tx, &record, now_ms()).await?;
        objects::claim(&mut tx, &image).await?;
        objects::claim(&mut tx, &thumb).await?;
        tx.commit().await?;
        Ok::<_, AppError>(())
    }
    .await;
    if let Err(e) = saved {
        objects::discard(&state.db, &state.storage, vec![image, thumb]).await;
        return Err(e);
    }
    Ok(id)
}

/// Deletes an image's record and, after the commit, its files (through the outbox, so a
/// storage that is down now gets them deleted later).
pub async fn delete_image(state: &AppState, user_id: &str, id: &str) -> Result<(), AppError> {
    let entries = db::delete(&state.db, user_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    outbox::deliver(&state.db, &state.storage, &entries).await;
    Ok(())
}
