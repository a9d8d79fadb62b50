//! Server-only infrastructure every feature builds on and that knows no feature: the database
//! handle, file storage, serving stored files, request-body limits, live texts (streaming
//! replies), and the one place errors get their HTTP status. The application state that bundles these with the provider clients and the
//! job queue is [`crate::state`]; who is asking is settled by [`crate::auth::entry`].

pub mod db;
pub mod error_response;
pub mod file_response;
pub mod list_query;
pub mod live;
pub mod request_body;
pub mod secrets;
pub mod storage;
pub mod zip_stream;

pub use db::{is_unique_violation, now_ms, Backend, Db};
pub use list_query::{ListQuery, RelatedSearch, TextSearch};
pub use storage::{objects, outbox, Storage, StorageKey};

use crate::error::AppError;

/// Checks an id a client sent (an argument, a URL path, a page's query): one that cannot be any
/// record's is "not found" before it reaches a query. Server functions are also called directly
/// while a page renders, past the checks on request bodies, so this is where a `?id=%00` stops
/// (PostgreSQL would fail the request on the NUL).
pub fn record_id(raw: &str) -> Result<(), AppError> {
    if shared::text::plausible_id(raw) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
