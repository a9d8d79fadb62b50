//! The user's own profile: names, artist name (the default cover artist), language, password.

pub mod api;
mod page;

pub use page::ProfilePage;
