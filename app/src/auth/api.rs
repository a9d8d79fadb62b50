//! Server functions for accounts and sessions.
//!
//! `login`, `register`, `setup` and `create_token` work without a session; `get_session` and
//! `set_language` work with or without one; everything else requires the signed-in user.

use leptos::prelude::*;

use super::{ApiToken, SessionInfo};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, password, session, throttle, UserInfo},
    crate::auth::signed_in,
    crate::error::{Field, FieldCheck},
    crate::state::{client_ip, state, AppState},
    shared::accounts::{check_password, clean_name, normalize_email},
    shared::input::InputProblem,
    shared::locale::Language,
};

/// The current session (if any) and whether the instance still needs its first account.
#[server(endpoint = "get_session")]
pub async fn get_session() -> Result<SessionInfo, AppError> {
    let state = state()?;
    let user = session::optional_user().await?;
    let needs_setup = user.is_none() && db::count_users(&state.db).await? == 0;
    Ok(SessionInfo {
        user: user.as_ref().map(UserInfo::from),
        needs_setup,
        registration_open: state.auth.allow_registration,
    })
}

/// Creates the first account (the administrator) and signs it in.
#[server(endpoint = "setup")]
pub async fn setup(
    email: String,
    password: String,
    confirm_password: String,
    artist_name: String,
) -> Result<(), AppError> {
    let state = state()?;
    let user = create_account(&state, email, password, confirm_password, artist_name, true).await?;
    start_session(&state, &user)?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Creates an account when sign-ups are open (or none exists yet) and signs it in.
#[server(endpoint = "register")]
pub async fn register(
    email: String,
    password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    let state = state()?;
    let only_first = !state.auth.allow_registration;
    let user = create_account(
        &state,
        email,
        password,
        confirm_password,
        String::new(),
        only_first,
    )
    .await
    .map_err(|e| match e {
        AppError::AlreadySetUp => AppError::RegistrationClosed,
        other => other,
    })?;
    start_session(&state, &user)?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Signs in with email and password and sets the session cookie; `next` is where to go after.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    let state = state()?;
    let user = verify_credentials(&state, &request_parts()?, &email, password).await?;
    start_session(&state, &user)?;
    leptos_axum::redirect(&super::safe_next(next.as_deref()));
    Ok(())
}

/// Issues a Bearer token for programmatic clients (the lifetime of a command-line client's,
/// as `POST /api/v1/tokens`); the browser uses `login` instead, so its token never becomes
/// readable by scripts.
#[server(endpoint = "create_token")]
pub async fn create_token(email: String, password: String) -> Result<ApiToken, AppError> {
    let state = state()?;
    let user = verify_credentials(&state, &request_parts()?, &email, password).await?;
    client_token(&state, &user).await
}

/// A long-lived Bearer token for `user` (`CLI_TOKEN_TTL_DAYS`); revoked like every other by
/// signing out everywhere.
#[cfg(feature = "ssr")]
pub(crate) async fn client_token(
    state: &AppState,
    user: &db::UserRow,
) -> Result<ApiToken, AppError> {
    let token = session::issue_token_for(state, user, state.auth.cli_token_ttl)?;
    db::touch_last_login(&state.db, &user.id).await?;
    let expires_at = session::decode_token(state, &token)
        .map(|c| c.exp)
        .unwrap_or(0);
    Ok(ApiToken { token, expires_at })
}

#[cfg(feature = "ssr")]
fn request_parts() -> Result<http::request::Parts, AppError> {
    use_context::<http::request::Parts>().ok_or(AppError::Internal)
}

/// Signs out: revokes every token of the user and clears the cookie.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    db::bump_token_version(&state.db, &user.id).await?;
    session::clear_session_cookie(&state);
    leptos_axum::redirect("/login");
    Ok(())
}

/// Changes the password after checking the current one. Other sessions are revoked; this one
/// gets a fresh token so the user stays signed in here.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    check_password(&new_password).field(Field::NewPassword)?;
    if new_password != confirm_password {
        return Err(AppError::invalid(
            Field::ConfirmPassword,
            InputProblem::PasswordsDiffer,
        ));
    }
    if !password::verify(current_password, Some(user.password_hash.clone())).await? {
        return Err(AppError::WrongPassword);
    }
    let hash = password::hash(new_password).await?;
    db::set_password(&state.db, &user.id, &hash).await?;
    let user = db::find_user_by_id(&state.db, &user.id)
        .await?
        .ok_or(AppError::Internal)?;
    start_session(&state, &user)?;
    Ok(())
}

/// Switches the UI language: always remembered in a cookie, and for a signed-in user also in
/// the profile so it follows them to other browsers.
#[server(endpoint = "set_language")]
pub async fn set_language(language: String) -> Result<(), AppError> {
    let state = state()?;
    let lang = Language::from_tag(&language).ok_or(AppError::invalid(
        Field::Language,
        InputProblem::LanguageUnknown,
    ))?;
    session::set_locale_cookie(lang.tag());
    if let Some(user) = session::optional_user().await? {
        db::set_setting(
            &state.db,
            &user.id,
            db::UserSetting::Language,
            Some(lang.tag()),
        )
        .await?;
    }
    Ok(())
}

/// Sets the time zone dates are shown in. The browser reports its own once, when none is
/// stored; the profile page changes it.
#[server(endpoint = "set_time_zone")]
pub async fn set_time_zone(time_zone: String) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    let time_zone = shared::text::SingleLine::required(&time_zone, 64).field(Field::TimeZone)?;
    // Area/Location names (and UTC) only: every browser's `Intl` knows those, so the server and
    // the browser write the same local time; legacy aliases such as `Factory` are refused.
    let zone = time_zone.as_str();
    if !(zone == "UTC" || zone.contains('/')) || jiff::tz::TimeZone::get(zone).is_err() {
        return Err(AppError::invalid(
            Field::TimeZone,
            InputProblem::UnknownOption,
        ));
    }
    db::set_setting(&state.db, &user.id, db::UserSetting::TimeZone, Some(zone)).await?;
    Ok(())
}

#[cfg(feature = "ssr")]
async fn create_account(
    state: &AppState,
    email: String,
    password: String,
    confirm_password: String,
    artist_name: String,
    only_first: bool,
) -> Result<db::UserRow, AppError> {
    let email = normalize_email(&email).field(Field::Email)?;
    check_password(&password).field(Field::Password)?;
    if password != confirm_password {
        return Err(AppError::invalid(
            Field::ConfirmPassword,
            InputProblem::PasswordsDiffer,
        ));
    }
    let artist_name = clean_name(&artist_name).field(Field::ArtistName)?;
    let language = current_locale_cookie();
    let password_hash = password::hash(password).await?;
    let new = db::NewUser {
        email,
        password_hash,
        first_name: String::new(),
        last_name: String::new(),
        artist_name,
        language,
    };
    let user = db::create_user(&state.db, new, only_first).await?;
    tracing::info!(user = %user.id, admin = user.is_admin, "account created");
    Ok(user)
}

/// The language the visitor chose before signing up becomes the account's setting.
#[cfg(feature = "ssr")]
fn current_locale_cookie() -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    let tag = session::cookie_value(&parts, session::LOCALE_COOKIE)?;
    Language::from_tag(&tag).map(|l| l.tag().to_string())
}

/// Checks email and password under the sign-in throttle (per client address and per account).
#[cfg(feature = "ssr")]
pub(crate) async fn verify_credentials(
    state: &AppState,
    parts: &http::request::Parts,
    email: &str,
    password: String,
) -> Result<db::UserRow, AppError> {
    let client = client_ip(parts, state.auth.trust_forwarded_for)
        .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
    let email = normalize_email(email).ok();
    let attempt =
        throttle::begin_attempt(&state.db, state.login_throttle, client, email.as_deref()).await?;
    let user = match &email {
        Some(email) => db::find_user_by_email(&state.db, email).await?,
        None => None,
    };
    let stored = user
        .as_ref()
        .filter(|u| u.is_active)
        .map(|u| u.password_hash.clone());
    if password::verify(password, stored).await? {
        attempt.succeeded(&state.db).await?;
        user.ok_or(AppError::Internal)
    } else {
        Err(AppError::InvalidCredentials)
    }
}

/// Sets the session cookie (and the user's language cookie) for a freshly authenticated user.
#[cfg(feature = "ssr")]
fn start_session(state: &AppState, user: &db::UserRow) -> Result<(), AppError> {
    let token = session::issue_token(state, user)?;
    session::set_session_cookie(state, &token);
    if let Some(lang) = user.language.as_deref().and_then(Language::from_tag) {
        session::set_locale_cookie(lang.tag());
    }
    let db = state.db.clone();
    let id = user.id.clone();
    tokio::spawn(async move {
        let _ = db::touch_last_login(&db, &id).await;
    });
    Ok(())
}
