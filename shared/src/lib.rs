//! Pure domain logic that must behave identically on the server and in the browser.
//!
//! Nothing in this crate performs I/O or depends on a runtime, so it builds for the host and for
//! `wasm32-unknown-unknown`; the browser validates with the very same rules the server enforces.

pub mod accounts;
pub mod calendar;
pub mod chat;
pub mod closed_set;
pub mod images;
pub mod input;
pub mod inventory;
pub mod locale;
pub mod lyrics;
pub mod mime;
pub mod overlay;
pub mod paging;
pub mod project_path;
pub mod text;
