//! Server-only plumbing that every feature's server functions share: the database handle, the
//! application state and the helpers that resolve it from a request.

pub mod db;
pub mod media;
pub mod state;
pub mod storage;

pub use db::{is_unique_violation, now_ms, Backend, Db};
pub use state::{client_ip, respond_error, state, AppState, AuthSettings};
pub use storage::{Storage, StorageKey};
