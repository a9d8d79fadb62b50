//! Covers: title and artist on a generated image. The render is `shared::overlay`, the same
//! code the editor's preview runs in the browser; "apply" renders at full (or export)
//! resolution on the server and stores a new image, leaving the original untouched.

pub mod api;
#[cfg(feature = "ssr")]
pub mod fonts;

/// Largest export side: what distributors ask for.
pub const MAX_EXPORT_SIDE: u32 = 3000;
