//! The three cover typefaces, parsed once and shared, and the glyph run of a text.
//!
//! The crate does not embed the font files: the server reads them from `public/fonts` once, and
//! the browser fetches them once (HTTP-cached) and hands the bytes over, which keeps them out of
//! the WASM bundle.

use std::sync::Arc;

use ab_glyph::{Font, FontArc, GlyphId};
use owned_ttf_parser::{
    gpos::PairAdjustment, gpos::PositioningSubtable, AsFaceRef, OwnedFace, Tag,
};

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

/// One typeface: ab_glyph for outlines, the parsed face for OpenType kerning.
#[derive(Clone)]
struct Face {
    glyphs: FontArc,
    layout: Arc<OwnedFace>,
}

/// Parsed fonts for the three styles.
#[derive(Clone)]
pub struct Fonts {
    bold: Face,
    elegant: Face,
    light: Face,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts")
    }
}

impl Fonts {
    /// Parses Anton (bold), Playfair Display (elegant) and Roboto Light (light).
    pub fn from_bytes(bold: Vec<u8>, elegant: Vec<u8>, light: Vec<u8>) -> Result<Fonts, FontError> {
        let parse = |bytes: Vec<u8>, style| -> Result<Face, FontError> {
            let layout = OwnedFace::from_vec(bytes.clone(), 0).map_err(|_| FontError(style))?;
            let glyphs = FontArc::try_from_vec(bytes).map_err(|_| FontError(style))?;
            Ok(Face {
                glyphs,
                layout: Arc::new(layout),
            })
        };
        Ok(Fonts {
            bold: parse(bold, FontStyle::Bold)?,
            elegant: parse(elegant, FontStyle::Elegant)?,
            light: parse(light, FontStyle::Light)?,
        })
    }

    fn face(&self, style: FontStyle) -> &Face {
        match style {
            FontStyle::Bold => &self.bold,
            FontStyle::Elegant => &self.elegant,
            FontStyle::Light => &self.light,
        }
    }

    pub fn get(&self, style: FontStyle) -> &FontArc {
        &self.face(style).glyphs
    }

    /// The glyphs of `text` with their pen positions in font units: advances plus pair
    /// kerning — OpenType GPOS `kern` where the font has it (as HarfBuzz, and so Pillow with
    /// raqm, applies it), else the legacy `kern` table.
    pub fn run(&self, style: FontStyle, text: &str) -> Vec<(GlyphId, f32)> {
        let face = self.face(style);
        let font = &face.glyphs;
        let gpos = gpos_kern_lookups(face.layout.as_face_ref());
        let mut pen = 0.0f32;
        let mut prev: Option<GlyphId> = None;
        let mut out = Vec::with_capacity(text.len());
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                pen += match &gpos {
                    Some(lookups) => gpos_kern(face.layout.as_face_ref(), lookups, p, id),
                    None => font.kern_unscaled(p, id),
                };
            }
            out.push((id, pen));
            pen += font.h_advance_unscaled(id);
            prev = Some(id);
        }
        out
    }
}

/// Indices of the lookups of the GPOS `kern` feature, or `None` when the font has none.
fn gpos_kern_lookups(face: &owned_ttf_parser::Face<'_>) -> Option<Vec<u16>> {
    let gpos = face.tables().gpos?;
    let kern = Tag::from_bytes(b"kern");
    let mut lookups: Vec<u16> = gpos
        .features
        .into_iter()
        .filter(|f| f.tag == kern)
        .flat_map(|f| f.lookup_indices.into_iter())
        .collect();
    lookups.sort_unstable();
    lookups.dedup();
    (!lookups.is_empty()).then_some(lookups)
}

/// The advance adjustment of a glyph pair from GPOS pair-adjustment lookups (font units).
fn gpos_kern(face: &owned_ttf_parser::Face<'_>, lookups: &[u16], a: GlyphId, b: GlyphId) -> f32 {
    let Some(gpos) = face.tables().gpos else {
        return 0.0;
    };
    let (a, b) = (
        owned_ttf_parser::GlyphId(a.0),
        owned_ttf_parser::GlyphId(b.0),
    );
    let mut total = 0.0;
    for &index in lookups {
        let Some(lookup) = gpos.lookups.get(index) else {
            continue;
        };
        for subtable in lookup.subtables.into_iter::<PositioningSubtable>() {
            let PositioningSubtable::Pair(pair) = subtable else {
                continue;
            };
            let Some(coverage_index) = pair.coverage().get(a) else {
                continue;
            };
            let adjust = match pair {
                PairAdjustment::Format1 { sets, .. } => sets
                    .get(coverage_index)
                    .and_then(|set| set.get(b))
                    .map(|(first, _)| first.x_advance),
                PairAdjustment::Format2 {
                    classes, matrix, ..
                } => matrix
                    .get((classes.0.get(a), classes.1.get(b)))
                    .map(|(first, _)| first.x_advance),
            };
            if let Some(x) = adjust {
                total += f32::from(x);
                break;
            }
        }
    }
    total
}

/// ab_glyph's `PxScale` is the height from descent to ascent; Pillow's (and the spec's) size is
/// the em size. This converts an em size in pixels into the `PxScale` value.
pub fn px_scale_for_em(font: &FontArc, em_px: f32) -> f32 {
    let upem = font.units_per_em().unwrap_or(1000.0);
    em_px * font.height_unscaled() / upem
}
