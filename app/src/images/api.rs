//! Server functions for images. Every query is scoped to the signed-in user; another user's id
//! answers "not found", the same as an id that never existed.

use leptos::prelude::*;

use super::request::GenerateImageRequest;
use super::{ImageDetail, ImagePage, ImageQuery};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, ingest, request, PAGE_SIZE},
    crate::auth::signed_in,
    crate::error::{Field, FieldCheck},
    crate::infra::{now_ms, record_id},
    crate::providers::openai::ImageRequest,
    crate::templates::run::generate_with_template,
    shared::images as rules,
    shared::paging::{Page, MAX_SEARCH_CHARS},
    shared::text::SingleLine,
};

/// Rewrites a short idea into a detailed image prompt (template `images`/`enhance`).
#[server(endpoint = "enhance_image_prompt")]
pub async fn enhance_image_prompt(prompt: String) -> Result<String, AppError> {
    let (state, _) = signed_in().await?;
    let prompt = rules::check_prompt(&prompt).field(Field::Prompt)?;
    generate_with_template(&state, "images", "enhance", &prompt).await
}

/// Generates one image and stores it with its record.
#[server(endpoint = "generate_image")]
pub async fn generate_image(request: GenerateImageRequest) -> Result<ImageDetail, AppError> {
    let (state, user) = signed_in().await?;
    let req =
        request::check(&request).map_err(|(field, problem)| AppError::invalid(field, problem))?;
    let final_prompt = req.final_prompt();
    let result = state
        .providers
        .openai
        .generate_image(&ImageRequest {
            prompt: &final_prompt,
            size: &req.size,
            quality: &req.quality,
        })
        .await?;
    let record = db::NewImage {
        user_id: user.id.clone(),
        user_prompt: req.prompt,
        enhanced_prompt: req.enhanced,
        final_prompt,
        revised_prompt: result.revised_prompt,
        model: result.model,
        size: req.size,
        quality: Some(req.quality),
        title: req.title,
        tags: req.tags,
        artistic_style: req.styles.artistic_style,
        composition: req.styles.composition,
        lighting: req.styles.lighting,
        color_palette: req.styles.color_palette,
        detail_level: req.styles.detail_level,
        ..Default::default()
    };
    let id = ingest::save_image(&state, result.bytes, record).await?;
    db::detail(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::Internal)
}

/// One page of the user's gallery.
#[server(endpoint = "list_images")]
pub async fn list_images(query: ImageQuery) -> Result<ImagePage, AppError> {
    let (state, user) = signed_in().await?;
    let mut query = query;
    query.search = SingleLine::parse(&query.search, MAX_SEARCH_CHARS)
        .field(Field::Search)?
        .into_string();
    // A filter that is not one of the options (an old bookmark, a hand-made URL) shows all.
    let option = |group: &rules::StyleGroup, value: &str| {
        group.check(value).ok().flatten().unwrap_or("").to_string()
    };
    query.composition = option(&rules::COMPOSITION, &query.composition);
    query.style = option(&rules::ARTISTIC_STYLE, &query.style);
    let (items, total) = db::list(&state.db, &user.id, &query).await?;
    Ok(ImagePage {
        items,
        total,
        page: query.page,
        pages: Page::count(total, PAGE_SIZE),
    })
}

#[server(endpoint = "get_image")]
pub async fn get_image(id: String) -> Result<ImageDetail, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    db::detail(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)
}

#[server(endpoint = "update_image")]
pub async fn update_image(
    id: String,
    title: String,
    tags: String,
) -> Result<ImageDetail, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    let title = rules::check_title(&title).field(Field::Title)?;
    let tags = rules::normalize_tags(&tags).field(Field::Tags)?;
    if !db::update_meta(&state.db, &user.id, &id, &title, &tags, now_ms()).await? {
        return Err(AppError::NotFound);
    }
    db::detail(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Deletes the image and its files. Covers made from it stay (they are images of their own).
#[server(endpoint = "delete_image")]
pub async fn delete_image(id: String) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    ingest::delete_image(&state, &user.id, &id).await
}
