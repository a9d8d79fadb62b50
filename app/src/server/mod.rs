//! Server-only plumbing that every feature's server functions share: the database handle, the
//! application state, the signed-in entry, and the one place errors get their HTTP status.

pub mod db;
pub mod entry;
pub mod error_response;
pub mod media;
pub mod request_body;
pub mod state;
pub mod storage;

pub use db::{is_unique_violation, now_ms, Backend, Db};
pub use entry::{admin, record_id, signed_in, SignedInUser};
pub use state::{client_ip, state, AppState, AuthSettings};
pub use storage::{Storage, StorageKey};
