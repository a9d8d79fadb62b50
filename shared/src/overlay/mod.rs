//! The cover renderer: title and artist drawn onto an image, identically on the server (final
//! render) and in the browser (live preview).
//!
//! Determinism matters more than anything here: the preview must be the final render, so the
//! code avoids everything whose result can differ between x86-64 and wasm32 — no transcendental
//! float functions (only `+ - * /` and `sqrt`, which IEEE 754 defines exactly), integer blending,
//! and its own image decoding and resampling instead of the browser's.

mod check;
mod fonts;
mod image_io;
mod layout;
mod raster;
mod spec;

pub use check::{SpecProblem, MAX_PREFIX_CHARS, MAX_TEXT_CHARS};
pub use fonts::{FontError, Fonts};
pub use image::RgbaImage;
pub use image_io::{decode, encode_png, resize, sniff_mime, thumbnail_jpeg, DecodeError};
pub use layout::{layout, Layout, LineLayout, Rect};
pub use raster::{render, render_at, render_onto};
pub use spec::{Color, FontStyle, GridAnchor, HAlign, OverlaySpec, Position, TextStyle, VAlign};
