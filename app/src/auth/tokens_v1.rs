//! `POST /api/v1/tokens`: email and password for a Bearer token with the command-line
//! client's lifetime (`CLI_TOKEN_TTL_DAYS`). Versioned JSON like the project file endpoints,
//! so a client built against this version keeps working when server functions are renamed.
//! Sign-in throttling, wrong-password answers and revocation are the browser sign-in's.

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use http::request::Parts;
use serde::Deserialize;

use super::api::{client_token, verify_credentials};
use super::ApiToken;
use crate::error::AppError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/tokens", post(create))
}

#[derive(Deserialize)]
struct Credentials {
    email: String,
    password: String,
}

async fn create(
    State(state): State<AppState>,
    parts: Parts,
    body: Result<Json<Credentials>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiToken>), AppError> {
    let Json(form) = body.map_err(|_| AppError::BadRequest)?;
    let user = verify_credentials(&state, &parts, &form.email, form.password).await?;
    Ok((
        StatusCode::CREATED,
        Json(client_token(&state, &user).await?),
    ))
}
