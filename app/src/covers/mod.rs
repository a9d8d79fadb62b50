//! Covers: title and artist on a generated image. The render is `shared::overlay`, the same
//! code the editor's preview runs in the browser; "apply" renders at full (or export)
//! resolution on the server and stores a new image, leaving the original untouched.

pub mod api;
mod controls;
mod editor_page;
#[cfg(feature = "hydrate")]
mod engine;
#[cfg(feature = "ssr")]
pub mod fonts;
mod preview;

pub use editor_page::CoversPage;

use shared::overlay::{OverlaySpec, Position};

/// Largest export side: what distributors ask for.
pub const MAX_EXPORT_SIDE: u32 = 3000;

/// Largest source image the editor decodes in memory (a 4096² PNG is at most ~64 MiB raw).
#[cfg(feature = "ssr")]
pub const MAX_SOURCE_BYTES: u64 = 64 * 1024 * 1024;
/// Export sizes the editor offers besides the original (long side, px).
pub const EXPORT_SIDES: [u32; 3] = [1500, 2000, 3000];
/// Long side of the live preview: sharp on any screen, cheap enough to redraw every frame.
pub const PREVIEW_SIDE: u32 = 1024;
/// The three cover typefaces as the browser fetches them (from `public/fonts`).
pub const FONT_URLS: [&str; 3] = [
    "/fonts/Anton-Regular.ttf",
    "/fonts/PlayfairDisplay-Regular.ttf",
    "/fonts/Roboto-Light.ttf",
];

/// Which of the two texts an edit applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Title,
    Artist,
}

impl Part {
    pub fn position(self, spec: &OverlaySpec) -> Position {
        match self {
            Part::Title => spec.title_position,
            Part::Artist => spec.artist_position,
        }
    }

    pub fn set_position(self, spec: &mut OverlaySpec, p: Position) {
        match self {
            Part::Title => spec.title_position = p,
            Part::Artist => spec.artist_position = p,
        }
    }
}

/// Preview size for a `w`×`h` image: the long side at most [`PREVIEW_SIDE`], never upscaled.
pub fn preview_dims(w: u32, h: u32) -> (u32, u32) {
    fit(w, h, PREVIEW_SIDE.min(w.max(h)))
}

/// `w`×`h` scaled so its long side is `side`, the aspect ratio kept (rounded to the nearest pixel).
pub fn fit(w: u32, h: u32, side: u32) -> (u32, u32) {
    let (w64, h64, s) = (u64::from(w.max(1)), u64::from(h.max(1)), u64::from(side));
    let scaled = |short: u64, long: u64| ((short * s + long / 2) / long).max(1) as u32;
    if w >= h {
        (side, scaled(h64, w64))
    } else {
        (scaled(w64, h64), side)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previews_fit_the_long_side_and_never_upscale() {
        assert_eq!(preview_dims(1024, 1024), (1024, 1024));
        assert_eq!(preview_dims(1536, 1024), (1024, 683));
        assert_eq!(preview_dims(1024, 1536), (683, 1024));
        assert_eq!(preview_dims(512, 300), (512, 300));
        assert_eq!(fit(1024, 1536, 3000), (2000, 3000));
    }
}
