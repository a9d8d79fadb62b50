//! The one place an [`AppError`] becomes an HTTP response: the status from
//! [`AppError::status`], `Retry-After` on rate limits, and the JSON body that the browser and
//! the command-line client decode.
//!
//! Plain HTTP handlers (media today, file transfer later) return `Result<_, AppError>` and reach
//! it through `IntoResponse`. Server functions cannot: the framework answers every error of
//! theirs with 500 and a `serverfnerror` header, including errors raised before the function
//! body runs (arguments that do not decode). [`server_fn_statuses`] wraps `/api/` and gives each
//! such answer its error's own status, so no function has to remember to.

use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

use crate::error::AppError;

/// Where the server functions are mounted (the framework's default prefix).
pub const SERVER_FN_PREFIX: &str = "/api/";

/// Where the versioned plain HTTP endpoints live (`/api/v1/…`): streamed bodies, not server
/// functions, so the server functions' body checks never buffer them.
pub const VERSIONED_PREFIX: &str = "/api/v1/";

pub fn is_server_fn(uri: &http::Uri) -> bool {
    uri.path().starts_with(SERVER_FN_PREFIX) && !uri.path().starts_with(VERSIONED_PREFIX)
}

/// Header the server function framework puts on its error answers.
const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";
/// Longest error body read back when re-stating a server function's error.
const MAX_ERROR_BODY: usize = 64 * 1024;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = serde_json::to_string(&self).unwrap_or_else(|_| r#"{"kind":"internal"}"#.into());
        let mut response = (
            status_of(&self),
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
        add_headers(&self, response.headers_mut());
        response
    }
}

fn status_of(err: &AppError) -> StatusCode {
    StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// Headers an error's status calls for.
fn add_headers(err: &AppError, headers: &mut HeaderMap) {
    if let AppError::RateLimited { retry_after_secs } = err {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
    }
    if matches!(err, AppError::PayloadTooLarge) {
        // The rest of an oversized body is never read; the connection cannot be reused.
        headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
}

/// Gives every server function error its own status (see the module docs). Errors answered as
/// a redirect (an HTML form posted without JavaScript goes back to its page with the error in
/// the URL) keep their redirect.
pub async fn server_fn_statuses(req: Request, next: Next) -> Response {
    if !is_server_fn(req.uri()) {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    let response = next.run(req).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(collected) = http_body_util::Limited::new(body, MAX_ERROR_BODY)
        .collect()
        .await
    else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let bytes = collected.to_bytes();
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = status_of(&err);
        add_headers(&err, &mut parts.headers);
        if err.is_client_error() {
            tracing::debug!(%path, error = %err, "server function refused a request");
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Answers a request with `err` before its body was read. The body is drained when it is small
/// and arrives promptly, so the connection stays usable for the client's next request;
/// otherwise the answer says `Connection: close`, so the client knows not to reuse it (without
/// either, the client's next request on that connection fails for no visible reason).
pub async fn refuse(body: Body, err: AppError) -> Response {
    const DRAIN_LIMIT: usize = 64 * 1024;
    const DRAIN_WAIT: Duration = Duration::from_secs(2);
    let drained = tokio::time::timeout(
        DRAIN_WAIT,
        http_body_util::Limited::new(body, DRAIN_LIMIT).collect(),
    )
    .await
    .is_ok_and(|read| read.is_ok());
    let mut response = err.into_response();
    if !drained {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}
