//! The home page's one server function: the newest work of each kind, rendered here as an HTML
//! fragment so that the browser needs none of the list code (see [`super`]).

use leptos::prelude::*;
use shared::locale::Language;

use crate::error::AppError;

/// The newest songs, sketches and images of the signed-in user as HTML, in `language` and the
/// user's time zone. Every text in it is escaped by the renderer, as on any page.
#[server(endpoint = "home_lists")]
pub async fn home_lists(language: Language) -> Result<String, AppError> {
    let (state, user) = crate::auth::signed_in().await?;
    let overview = super::overview::load(&state.db, &user.id).await?;
    Ok(super::lists::render(overview, language, user.time_zone))
}
