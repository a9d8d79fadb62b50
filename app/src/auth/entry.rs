//! How every server function begins: [`signed_in`] for the signed-in user's own data, [`admin`]
//! for instance-wide settings, [`state`](crate::state::state) for the few that work signed out
//! (sign-in, sign-up, first run, the session probe).
//!
//! Each yields the application state together with the user, so a function cannot reach the
//! database without having settled who is asking; the error's HTTP status is set in one place
//! ([`crate::infra::error_response`]), so nothing here or in the caller has to.

use super::db::UserRow;
use super::session;
use crate::error::AppError;
use crate::state::{state, AppState};

/// The state and the signed-in user; `Unauthorized` (401) without a valid session.
pub async fn signed_in() -> Result<(AppState, UserRow), AppError> {
    let state = state()?;
    let user = session::current_user().await?;
    Ok((state, user))
}

/// The state and the signed-in administrator; 401 signed out, `Forbidden` (403) for others.
pub async fn admin() -> Result<(AppState, UserRow), AppError> {
    let (state, user) = signed_in().await?;
    if !user.is_admin {
        return Err(AppError::Forbidden);
    }
    Ok((state, user))
}

/// The signed-in user of a plain HTTP handler (media, file transfer), as an axum extractor: a
/// handler that takes it cannot run signed out, and its refusal is an [`AppError`] like any other.
pub struct SignedInUser(pub UserRow);

impl axum::extract::FromRequestParts<AppState> for SignedInUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        state: &AppState,
    ) -> Result<Self, AppError> {
        let token = session::token_from_parts(parts).ok_or(AppError::Unauthorized)?;
        session::user_for_token(state, &token)
            .await?
            .map(SignedInUser)
            .ok_or(AppError::Unauthorized)
    }
}
