//! Server functions for the signed-in user's profile.

use leptos::prelude::*;

use crate::auth::UserInfo;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    crate::auth::signed_in,
    crate::auth::{db as auth_db, session},
    crate::error::{Field, FieldCheck},
    shared::accounts::clean_name,
    shared::input::InputProblem,
    shared::locale::Language,
};

/// The signed-in user's profile.
#[server(endpoint = "get_profile")]
pub async fn get_profile() -> Result<UserInfo, AppError> {
    let (_, user) = signed_in().await?;
    Ok(UserInfo::from(&user))
}

/// Updates names and language. An empty `language` means "same as the browser".
#[server(endpoint = "update_profile")]
pub async fn update_profile(
    first_name: String,
    last_name: String,
    artist_name: String,
    language: String,
) -> Result<UserInfo, AppError> {
    let (state, user) = signed_in().await?;
    let first_name = clean_name(&first_name).field(Field::FirstName)?;
    let last_name = clean_name(&last_name).field(Field::LastName)?;
    let artist_name = clean_name(&artist_name).field(Field::ArtistName)?;
    let language = match language.trim() {
        "" => None,
        tag => Some(Language::from_tag(tag).ok_or(AppError::invalid(
            Field::Language,
            InputProblem::LanguageUnknown,
        ))?),
    };
    let names = auth_db::ProfileNames {
        first_name: &first_name,
        last_name: &last_name,
        artist_name: &artist_name,
    };
    auth_db::set_names(&state.db, &user.id, &names).await?;
    auth_db::set_setting(
        &state.db,
        &user.id,
        auth_db::UserSetting::Language,
        language.map(|l| l.tag()),
    )
    .await?;
    if let Some(lang) = language {
        session::set_locale_cookie(lang.tag());
    }
    let updated = auth_db::find_user_by_id(&state.db, &user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(UserInfo::from(&updated))
}
