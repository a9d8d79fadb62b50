//! Session tokens: signed JWTs carried in an HttpOnly cookie (browser) or a Bearer header (CLI).
//!
//! A token names the user and the user's `token_version` at issue time; signing out or changing
//! the password bumps the version, which revokes every token issued before without a token table.

use http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use http::request::Parts;
use http::HeaderValue;
use jsonwebtoken::{Algorithm, Header, Validation};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use serde::{Deserialize, Serialize};

use super::db::{self, UserRow};
use crate::error::AppError;
use crate::state::{state, AppState};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "aitb_session";
/// Name of the cookie leptos_i18n reads the UI language from.
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// User id.
    pub sub: String,
    /// The user's token version when issued.
    pub ver: i64,
    pub iat: u64,
    pub exp: u64,
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Signs a session token for `user` that expires after the configured lifetime.
pub fn issue_token(state: &AppState, user: &UserRow) -> Result<String, AppError> {
    issue_token_for(state, user, state.auth.token_ttl)
}

/// Signs a token for `user` that lasts `ttl`. Every token carries the user's token version,
/// so "sign out everywhere" revokes long-lived client tokens as well.
pub fn issue_token_for(
    state: &AppState,
    user: &UserRow,
    ttl: std::time::Duration,
) -> Result<String, AppError> {
    let iat = unix_now();
    let claims = Claims {
        sub: user.id.clone(),
        ver: user.token_version,
        iat,
        exp: iat + ttl.as_secs(),
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &state.auth.encoding_key,
    )
    .map_err(|e| {
        tracing::error!(error = %e, "signing a token failed");
        AppError::Internal
    })
}

/// Verifies signature and expiry; says nothing yet about revocation.
pub fn decode_token(state: &AppState, token: &str) -> Option<Claims> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    jsonwebtoken::decode::<Claims>(token, &state.auth.decoding_key, &validation)
        .ok()
        .map(|data| data.claims)
}

/// The token of a request: `Authorization: Bearer …` first, else the session cookie.
pub fn token_from_parts(parts: &Parts) -> Option<String> {
    if let Some(bearer) = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        return Some(bearer.trim().to_string());
    }
    cookie_value(parts, SESSION_COOKIE)
}

/// Reads one cookie from the request's `Cookie` headers.
pub fn cookie_value(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Resolves the user a token belongs to, if it is valid, unexpired and not revoked.
pub async fn user_for_token(state: &AppState, token: &str) -> Result<Option<UserRow>, AppError> {
    let Some(claims) = decode_token(state, token) else {
        return Ok(None);
    };
    let user = db::find_user_by_id(&state.db, &claims.sub).await?;
    Ok(user.filter(|u| u.is_active && u.token_version == claims.ver))
}

/// The signed-in user of the current request, or `None`.
pub async fn optional_user() -> Result<Option<UserRow>, AppError> {
    let state = state()?;
    let Some(parts) = use_context::<Parts>() else {
        return Ok(None);
    };
    let Some(token) = token_from_parts(&parts) else {
        return Ok(None);
    };
    user_for_token(&state, &token).await
}

/// The signed-in user of the current request (server functions start at
/// [`crate::auth::signed_in`], which calls this).
pub async fn current_user() -> Result<UserRow, AppError> {
    optional_user().await?.ok_or(AppError::Unauthorized)
}

fn append_cookie(cookie: String) {
    if let (Some(res), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&cookie),
    ) {
        res.append_header(SET_COOKIE, value);
    }
}

/// Hands the browser its session cookie. `SameSite=Lax` keeps it off cross-site POSTs while
/// links into the app from elsewhere still arrive signed in.
pub fn set_session_cookie(state: &AppState, token: &str) {
    let secure = if state.auth.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    append_cookie(format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        state.auth.token_ttl.as_secs()
    ));
}

/// Removes the session cookie from the browser.
pub fn clear_session_cookie(state: &AppState) {
    let secure = if state.auth.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    append_cookie(format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ));
}

/// Remembers the UI language in the cookie leptos_i18n reads (a year, readable by scripts).
pub fn set_locale_cookie(tag: &str) {
    append_cookie(format!(
        "{LOCALE_COOKIE}={tag}; Path=/; SameSite=Lax; Max-Age=31536000"
    ));
}
