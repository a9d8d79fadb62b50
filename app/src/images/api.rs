//! Server functions for images. Every query is scoped to the signed-in user; another user's id
//! answers "not found", the same as an id that never existed.

use leptos::prelude::*;

use super::{ImageDetail, ImagePage, ImageQuery};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, store, PAGE_SIZE},
    crate::error::{Field, FieldCheck},
    crate::providers::openai::ImageRequest,
    crate::server::{now_ms, record_id, signed_in},
    crate::templates::generate::generate_with_template,
    shared::accounts::InputProblem,
    shared::images::{self as rules, StyleChoice},
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
#[allow(clippy::too_many_arguments)]
pub async fn generate_image(
    prompt: String,
    #[server(default)] enhanced_prompt: String,
    #[server(default)] artistic_style: String,
    #[server(default)] composition: String,
    #[server(default)] lighting: String,
    #[server(default)] color_palette: String,
    #[server(default)] detail_level: String,
    size: String,
    quality: String,
    #[server(default)] title: String,
    #[server(default)] tags: String,
) -> Result<ImageDetail, AppError> {
    let (state, user) = signed_in().await?;
    let prompt = rules::check_prompt(&prompt).field(Field::Prompt)?;
    let enhanced = match enhanced_prompt.trim() {
        "" => None,
        e => Some(rules::check_prompt(e).field(Field::Prompt)?),
    };
    let pick = |g: &rules::StyleGroup, v: &str| {
        g.check(v)
            .map(|o| o.map(str::to_string))
            .field(Field::Style)
    };
    let styles = StyleChoice {
        artistic_style: pick(&rules::ARTISTIC_STYLE, &artistic_style)?,
        composition: pick(&rules::COMPOSITION, &composition)?,
        lighting: pick(&rules::LIGHTING, &lighting)?,
        color_palette: pick(&rules::COLOR_PALETTE, &color_palette)?,
        detail_level: pick(&rules::DETAIL_LEVEL, &detail_level)?,
    };
    if !rules::SIZES.contains(&size.as_str()) {
        return Err(AppError::invalid(Field::Size, InputProblem::UnknownOption));
    }
    if !rules::QUALITIES.contains(&quality.as_str()) {
        return Err(AppError::invalid(
            Field::Quality,
            InputProblem::UnknownOption,
        ));
    }
    let title = rules::check_title(&title).field(Field::Title)?;
    let tags = rules::normalize_tags(&tags).field(Field::Tags)?;
    let final_prompt = rules::compose_prompt(enhanced.as_deref().unwrap_or(&prompt), &styles);
    let result = state
        .providers
        .openai
        .generate_image(&ImageRequest {
            prompt: &final_prompt,
            size: &size,
            quality: &quality,
        })
        .await?;
    let record = db::NewImage {
        user_id: user.id.clone(),
        user_prompt: prompt,
        enhanced_prompt: enhanced,
        final_prompt,
        revised_prompt: result.revised_prompt,
        model: result.model,
        size,
        quality: Some(quality),
        title,
        tags,
        artistic_style: styles.artistic_style,
        composition: styles.composition,
        lighting: styles.lighting,
        color_palette: styles.color_palette,
        detail_level: styles.detail_level,
        ..Default::default()
    };
    let id = store::save_image(&state, result.bytes, record).await?;
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
    let files = db::delete(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::remove_files(&state, &files).await;
    Ok(())
}
