//! The three cover typefaces, parsed once and shared.
//!
//! The crate does not embed the font files: the server reads them from `public/fonts` once, and
//! the browser fetches them once (HTTP-cached) and hands the bytes over, which keeps them out of
//! the WASM bundle.

use ab_glyph::{Font, FontArc};

use super::spec::FontStyle;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontError(pub FontStyle);

impl std::fmt::Display for FontError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the {:?} font file is not a readable TrueType font",
            self.0
        )
    }
}

impl std::error::Error for FontError {}

/// Parsed fonts for the three styles.
#[derive(Clone)]
pub struct Fonts {
    bold: FontArc,
    elegant: FontArc,
    light: FontArc,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts")
    }
}

impl Fonts {
    /// Parses Anton (bold), Playfair Display (elegant) and Roboto Light (light).
    pub fn from_bytes(bold: Vec<u8>, elegant: Vec<u8>, light: Vec<u8>) -> Result<Fonts, FontError> {
        let parse =
            |bytes: Vec<u8>, style| FontArc::try_from_vec(bytes).map_err(|_| FontError(style));
        Ok(Fonts {
            bold: parse(bold, FontStyle::Bold)?,
            elegant: parse(elegant, FontStyle::Elegant)?,
            light: parse(light, FontStyle::Light)?,
        })
    }

    pub fn get(&self, style: FontStyle) -> &FontArc {
        match style {
            FontStyle::Bold => &self.bold,
            FontStyle::Elegant => &self.elegant,
            FontStyle::Light => &self.light,
        }
    }
}

/// ab_glyph's `PxScale` is the height from descent to ascent; Pillow's (and the spec's) size is
/// the em size. This converts an em size in pixels into the `PxScale` value.
pub fn px_scale_for_em(font: &FontArc, em_px: f32) -> f32 {
    let upem = font.units_per_em().unwrap_or(1000.0);
    em_px * font.height_unscaled() / upem
}
