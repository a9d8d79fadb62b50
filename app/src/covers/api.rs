//! Server functions of the cover editor.

use leptos::prelude::*;
use shared::images::CoverIssue;

use crate::error::AppError;
use crate::images::{ImageCard, ImageDetail};

#[cfg(feature = "ssr")]
use {
    super::{fit, fonts::fonts, MAX_EXPORT_SIDE, MAX_SOURCE_BYTES},
    crate::auth::signed_in,
    crate::error::Field,
    crate::images::{db, ingest},
    crate::infra::{objects, record_id, StorageKey},
    shared::input::InputProblem,
    shared::overlay::{decode, encode_png, render_at, OverlaySpec, SpecProblem},
};

/// Images the editor offers: the user's originals without text, album covers first.
#[server(endpoint = "cover_candidates")]
pub async fn cover_candidates() -> Result<Vec<ImageCard>, AppError> {
    let (state, user) = signed_in().await?;
    Ok(db::overlay_candidates(&state.db, &user.id).await?)
}

/// Renders `spec` onto image `id` and stores the result as a new image. `export_side` 0 keeps
/// the original size; otherwise the long side is scaled to it (up to 3000 px).
#[server(endpoint = "apply_overlay")]
pub async fn apply_overlay(
    id: String,
    spec: String,
    #[server(default)] export_side: u32,
) -> Result<ImageDetail, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    let bad = |p: InputProblem| AppError::invalid(Field::Overlay, p);
    let spec: OverlaySpec = serde_json::from_str(&spec).map_err(|_| AppError::BadRequest)?;
    spec.check().map_err(|p| {
        bad(match p {
            SpecProblem::TitleMissing => InputProblem::Required,
            SpecProblem::TextTooLong => InputProblem::TooLong,
            SpecProblem::InvalidCharacters => InputProblem::InvalidCharacters,
            SpecProblem::SizeOutOfRange | SpecProblem::PositionOutOfRange => {
                InputProblem::OutOfRange
            }
        })
    })?;
    if export_side > MAX_EXPORT_SIDE {
        return Err(bad(InputProblem::OutOfRange));
    }
    let source = db::detail(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let files = db::files(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let backend = objects::backend_of(&state.db, &files.storage_key).await?;
    let bytes = state
        .storage
        .read_all(
            backend,
            &StorageKey::new(files.storage_key)?,
            MAX_SOURCE_BYTES,
        )
        .await?;
    let render_spec = spec.clone();
    let png = tokio::task::spawn_blocking(move || {
        let img = decode(&bytes).map_err(|_| AppError::UnreadableImage)?;
        let (w, h) = if export_side == 0 {
            img.dimensions()
        } else {
            fit(img.dimensions().0, img.dimensions().1, export_side)
        };
        Ok::<_, AppError>(encode_png(&render_at(&img, &render_spec, fonts(), w, h)))
    })
    .await
    .map_err(|_| AppError::Internal)??;
    let record = db::NewImage {
        user_id: user.id.clone(),
        user_prompt: source.user_prompt.clone(),
        enhanced_prompt: source.enhanced_prompt.clone(),
        final_prompt: source.final_prompt.clone(),
        revised_prompt: source.revised_prompt.clone(),
        model: source.model.clone(),
        size: source.size.clone(),
        quality: source.quality.clone(),
        // The cover is named by what it says, not by the picture it was made from.
        title: spec.title.trim().to_string(),
        tags: source.tags.clone(),
        artistic_style: source.artistic_style.clone(),
        composition: source.composition.clone(),
        lighting: source.lighting.clone(),
        color_palette: source.color_palette.clone(),
        detail_level: source.detail_level.clone(),
        source_image_id: Some(source.id.clone()),
        overlay: Some(serde_json::to_string(&spec).map_err(|_| AppError::Internal)?),
        ..Default::default()
    };
    let new_id = ingest::save_image(&state, png, record).await?;
    db::detail(&state.db, &user.id, &new_id)
        .await?
        .ok_or(AppError::Internal)
}

/// What distributors would reject about image `id` as a release cover.
#[server(endpoint = "check_cover")]
pub async fn check_cover(id: String) -> Result<Vec<CoverIssue>, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    let image = db::detail(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(shared::images::cover_check(
        image.width as u32,
        image.height as u32,
        image.overlay.as_ref(),
    ))
}
