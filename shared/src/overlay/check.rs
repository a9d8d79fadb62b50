//! Bounds on an overlay request, enforced by the server and offered by the editor: a request
//! outside them is a mistake the user should hear about, not something to clamp silently.

use super::spec::{OverlaySpec, Position};

/// Bounds the editor offers and the server enforces (the original's sliders: title 20–300 px,
/// artist 10–200 px, at the preview scale; covers are rendered up to 3000 px, so a little more).
pub const MAX_FONT_PX: f32 = 1000.0;
pub const MAX_OUTLINE_PX: f32 = 50.0;
pub const MAX_TEXT_CHARS: usize = 100;
/// The artist prefix is a word or two ("BY ", "VON ", "FEAT. ").
pub const MAX_PREFIX_CHARS: usize = 20;

/// Why a spec cannot be rendered as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecProblem {
    TitleMissing,
    TextTooLong,
    /// Control characters in the title or artist (see [`crate::text`]).
    InvalidCharacters,
    SizeOutOfRange,
    PositionOutOfRange,
}

impl OverlaySpec {
    /// Checks what the renderer would otherwise clamp silently: a request outside these bounds
    /// is a mistake the user should hear about.
    pub fn check(&self) -> Result<(), SpecProblem> {
        if self.title.trim().is_empty() {
            return Err(SpecProblem::TitleMissing);
        }
        let texts = [
            self.title.as_str(),
            self.artist.as_deref().unwrap_or(""),
            self.artist_prefix.as_str(),
        ];
        if texts.iter().any(|t| t.chars().any(char::is_control)) {
            return Err(SpecProblem::InvalidCharacters);
        }
        let too_long = |t: &str, max: usize| t.chars().count() > max;
        if too_long(texts[0], MAX_TEXT_CHARS)
            || too_long(texts[1], MAX_TEXT_CHARS)
            || too_long(texts[2], MAX_PREFIX_CHARS)
        {
            return Err(SpecProblem::TextTooLong);
        }
        let sizes = [self.title_font_size, self.artist_font_size];
        let outlines = [self.title_outline_width, self.artist_outline_width];
        let size_ok = self.title_font_size >= 1.0
            && sizes
                .iter()
                .all(|s| s.is_finite() && (0.0..=MAX_FONT_PX).contains(s))
            && outlines
                .iter()
                .all(|o| o.is_finite() && (0.0..=MAX_OUTLINE_PX).contains(o));
        if !size_ok {
            return Err(SpecProblem::SizeOutOfRange);
        }
        let inside = |p: &Position| (0.0..=1.0).contains(&p.x) && (0.0..=1.0).contains(&p.y);
        if !inside(&self.title_position) || !inside(&self.artist_position) {
            return Err(SpecProblem::PositionOutOfRange);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_are_checked() {
        assert_eq!(OverlaySpec::new("T", Some("A")).check(), Ok(()));
        assert_eq!(
            OverlaySpec::new("  ", None).check(),
            Err(SpecProblem::TitleMissing)
        );
        let mut s = OverlaySpec::new("T", None);
        s.title_font_size = f32::NAN;
        assert_eq!(s.check(), Err(SpecProblem::SizeOutOfRange));
        let mut s = OverlaySpec::new("T", None);
        s.title_position.x = 1.5;
        assert_eq!(s.check(), Err(SpecProblem::PositionOutOfRange));
        assert_eq!(
            OverlaySpec::new(&"x".repeat(101), None).check(),
            Err(SpecProblem::TextTooLong)
        );
        assert_eq!(
            OverlaySpec::new("T\u{1b}[2J", None).check(),
            Err(SpecProblem::InvalidCharacters)
        );
    }
}
