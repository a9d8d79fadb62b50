//! The overlay spec: what to write where, stored as the image's overlay metadata.
//!
//! The JSON is a superset of the original product's `text_overlay_metadata`, so old records
//! still read: `version` (absent = 1), outline widths (absent = 3 px), grid `anchor`s, and the
//! capitals and artist-prefix options (absent = capitals and "BY ", as the original drew) are new.

use serde::{Deserialize, Serialize};

/// Current version of the stored spec.
pub const SPEC_VERSION: u32 = 3;
/// Outline width when a record does not say (the original's fixed 3 px).
pub const DEFAULT_OUTLINE_PX: f32 = 3.0;
/// What the original wrote before the artist's name; the editor offers a translation.
pub const DEFAULT_ARTIST_PREFIX: &str = "BY ";

/// The three typefaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FontStyle {
    /// Anton.
    #[default]
    Bold,
    /// Playfair Display.
    Elegant,
    /// Roboto Light.
    Light,
}

/// The nine grid anchors, at 0.1 / 0.5 / 0.9 of width and height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GridAnchor {
    TopLeft,
    TopCenter,
    TopRight,
    MiddleLeft,
    Center,
    MiddleRight,
    BottomLeft,
    BottomCenter,
    BottomRight,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HAlign {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VAlign {
    Top,
    Middle,
    Bottom,
}

impl GridAnchor {
    pub const ALL: [GridAnchor; 9] = [
        GridAnchor::TopLeft,
        GridAnchor::TopCenter,
        GridAnchor::TopRight,
        GridAnchor::MiddleLeft,
        GridAnchor::Center,
        GridAnchor::MiddleRight,
        GridAnchor::BottomLeft,
        GridAnchor::BottomCenter,
        GridAnchor::BottomRight,
    ];

    pub fn align(self) -> (HAlign, VAlign) {
        let i = GridAnchor::ALL.iter().position(|a| *a == self).unwrap_or(4);
        let h = [HAlign::Left, HAlign::Center, HAlign::Right][i % 3];
        let v = [VAlign::Top, VAlign::Middle, VAlign::Bottom][i / 3];
        (h, v)
    }

    /// The anchor point as fractions of width and height.
    pub fn point(self) -> (f32, f32) {
        let (h, v) = self.align();
        let f = |i: usize| [0.1, 0.5, 0.9][i];
        (f(h as usize), f(v as usize))
    }

    pub fn position(self) -> Position {
        let (x, y) = self.point();
        Position {
            x,
            y,
            anchor: Some(self),
        }
    }
}

/// Where a text goes: a point as fractions of width and height, and, for grid positions, the
/// anchor that decides alignment. Without an anchor, a point exactly on the grid (old records)
/// aligns like that anchor, and any other point centres the text on it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Position {
    pub x: f32,
    pub y: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<GridAnchor>,
}

impl Position {
    pub fn custom(x: f32, y: f32) -> Position {
        Position {
            x: x.clamp(0.0, 1.0),
            y: y.clamp(0.0, 1.0),
            anchor: None,
        }
    }

    /// The alignment this position implies.
    pub fn align(&self) -> (HAlign, VAlign) {
        if let Some(a) = self.anchor {
            return a.align();
        }
        GridAnchor::ALL
            .iter()
            .find(|a| {
                let (x, y) = a.point();
                (x - self.x).abs() < 1e-4 && (y - self.y).abs() < 1e-4
            })
            .map(|a| a.align())
            .unwrap_or((HAlign::Center, VAlign::Middle))
    }

    /// The point, clamped to the image.
    pub fn point(&self) -> (f32, f32) {
        match self.anchor {
            Some(a) => a.point(),
            None => (self.x.clamp(0.0, 1.0), self.y.clamp(0.0, 1.0)),
        }
    }
}

/// An sRGB colour with alpha, written `#RRGGBB` or `#RRGGBBAA`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color(pub [u8; 4]);

impl Color {
    pub const WHITE: Color = Color([255, 255, 255, 255]);
    pub const BLACK: Color = Color([0, 0, 0, 255]);

    pub fn parse(s: &str) -> Option<Color> {
        let hex = s.trim().strip_prefix('#')?;
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        match hex.len() {
            6 => Some(Color([byte(0)?, byte(2)?, byte(4)?, 255])),
            8 => Some(Color([byte(0)?, byte(2)?, byte(4)?, byte(6)?])),
            3 => {
                let n = |i: usize| {
                    u8::from_str_radix(hex.get(i..i + 1)?, 16)
                        .ok()
                        .map(|v| v * 17)
                };
                Some(Color([n(0)?, n(1)?, n(2)?, 255]))
            }
            _ => None,
        }
    }

    pub fn to_hex(self) -> String {
        let [r, g, b, a] = self.0;
        if a == 255 {
            format!("#{r:02X}{g:02X}{b:02X}")
        } else {
            format!("#{r:02X}{g:02X}{b:02X}{a:02X}")
        }
    }
}

impl Serialize for Color {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Color, D::Error> {
        let s = String::deserialize(d)?;
        Color::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a colour: {s}")))
    }
}

fn default_version() -> u32 {
    1
}
fn default_outline() -> f32 {
    DEFAULT_OUTLINE_PX
}
fn white() -> Color {
    Color::WHITE
}
fn black() -> Color {
    Color::BLACK
}
fn artist_default_position() -> Position {
    GridAnchor::BottomCenter.position()
}
fn yes() -> bool {
    true
}
fn default_artist_prefix() -> String {
    DEFAULT_ARTIST_PREFIX.to_string()
}

/// What to draw. Sizes and outline widths are pixels of the source image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverlaySpec {
    #[serde(default = "default_version")]
    pub version: u32,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artist: Option<String>,
    /// The title's typeface (and the artist's, unless `artist_font_style` says otherwise).
    #[serde(default)]
    pub font_style: FontStyle,
    pub title_position: Position,
    pub title_font_size: f32,
    #[serde(default = "white")]
    pub title_color: Color,
    #[serde(default = "black")]
    pub title_outline_color: Color,
    #[serde(default = "default_outline")]
    pub title_outline_width: f32,
    #[serde(default = "artist_default_position")]
    pub artist_position: Position,
    #[serde(default)]
    pub artist_font_size: f32,
    #[serde(default = "white")]
    pub artist_color: Color,
    #[serde(default = "black")]
    pub artist_outline_color: Color,
    #[serde(default = "default_outline")]
    pub artist_outline_width: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artist_font_style: Option<FontStyle>,
    /// Both texts in capitals, as the original always drew them.
    #[serde(default = "yes")]
    pub uppercase: bool,
    /// Written before the artist's name, as typed (include the space: "BY ", "VON "); may be
    /// empty.
    #[serde(default = "default_artist_prefix")]
    pub artist_prefix: String,
}

/// One text's resolved style.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    /// The text as drawn (upper-cased if asked; the artist after its prefix).
    pub text: String,
    pub font: FontStyle,
    pub size: f32,
    pub color: Color,
    pub outline_color: Color,
    pub outline_width: f32,
    pub position: Position,
}

impl OverlaySpec {
    /// A spec with defaults: white text, black 3 px outline, title top centre, artist bottom centre.
    pub fn new(title: &str, artist: Option<&str>) -> OverlaySpec {
        OverlaySpec {
            version: SPEC_VERSION,
            title: title.to_string(),
            artist: artist.map(str::to_string),
            font_style: FontStyle::Bold,
            title_position: GridAnchor::TopCenter.position(),
            title_font_size: 80.0,
            title_color: Color::WHITE,
            title_outline_color: Color::BLACK,
            title_outline_width: DEFAULT_OUTLINE_PX,
            artist_position: GridAnchor::BottomCenter.position(),
            artist_font_size: 40.0,
            artist_color: Color::WHITE,
            artist_outline_color: Color::BLACK,
            artist_outline_width: DEFAULT_OUTLINE_PX,
            artist_font_style: None,
            uppercase: true,
            artist_prefix: default_artist_prefix(),
        }
    }

    /// A text as drawn: trimmed, and in capitals when the spec asks for them.
    fn cased(&self, text: &str) -> String {
        if self.uppercase {
            text.to_uppercase()
        } else {
            text.to_string()
        }
    }

    pub fn title_style(&self) -> TextStyle {
        TextStyle {
            text: self.cased(self.title.trim()),
            font: self.font_style,
            size: self.title_font_size.max(1.0),
            color: self.title_color,
            outline_color: self.title_outline_color,
            outline_width: self.title_outline_width.max(0.0),
            position: self.title_position,
        }
    }

    /// The artist line, when there is an artist.
    pub fn artist_style(&self) -> Option<TextStyle> {
        let artist = self
            .artist
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())?;
        Some(TextStyle {
            text: self.cased(&format!("{}{artist}", self.artist_prefix)),
            font: self.artist_font_style.unwrap_or(self.font_style),
            size: if self.artist_font_size > 0.0 {
                self.artist_font_size
            } else {
                self.title_font_size / 2.0
            }
            .max(1.0),
            color: self.artist_color,
            outline_color: self.artist_outline_color,
            outline_width: self.artist_outline_width.max(0.0),
            position: self.artist_position,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn original_records_still_read() {
        let old = r##"{
            "title": "SONG TITLE", "artist": "Artist Name", "font_style": "bold",
            "title_position": {"x": 0.5, "y": 0.1}, "title_font_size": 80,
            "title_color": "#FFFFFF", "title_outline_color": "#000000",
            "artist_position": {"x": 0.5, "y": 0.2}, "artist_font_size": 40,
            "artist_color": "#FFFFFF", "artist_outline_color": "#000000", "artist_font_style": "bold"
        }"##;
        let spec: OverlaySpec = serde_json::from_str(old).unwrap();
        assert_eq!(spec.version, 1);
        assert_eq!(spec.title_outline_width, 3.0);
        assert_eq!(
            spec.title_position.align(),
            (HAlign::Center, VAlign::Top),
            "grid points align as the grid"
        );
        assert_eq!(
            spec.artist_position.align(),
            (HAlign::Center, VAlign::Middle),
            "others centre on the point"
        );
        assert_eq!(spec.artist_style().unwrap().text, "BY ARTIST NAME");
        assert!(spec.uppercase);
        let again: OverlaySpec =
            serde_json::from_str(&serde_json::to_string(&spec).unwrap()).unwrap();
        assert_eq!(again, spec);
    }

    #[test]
    fn capitals_and_the_artist_prefix_are_options() {
        let mut spec = OverlaySpec::new(" Hafenlichter ", Some("Mia"));
        spec.artist_prefix = "von ".into();
        assert_eq!(spec.title_style().text, "HAFENLICHTER");
        assert_eq!(spec.artist_style().unwrap().text, "VON MIA");
        spec.uppercase = false;
        assert_eq!(spec.title_style().text, "Hafenlichter");
        assert_eq!(spec.artist_style().unwrap().text, "von Mia");
        spec.artist_prefix.clear();
        assert_eq!(spec.artist_style().unwrap().text, "Mia");
    }

    #[test]
    fn grid_anchors_have_their_points_and_alignment() {
        assert_eq!(GridAnchor::TopLeft.point(), (0.1, 0.1));
        assert_eq!(GridAnchor::BottomRight.point(), (0.9, 0.9));
        assert_eq!(
            GridAnchor::MiddleRight.align(),
            (HAlign::Right, VAlign::Middle)
        );
    }

    #[test]
    fn colours_parse_and_print() {
        assert_eq!(Color::parse("#ff8000"), Some(Color([255, 128, 0, 255])));
        assert_eq!(Color::parse("#FF800080"), Some(Color([255, 128, 0, 128])));
        assert_eq!(Color::parse("#fff"), Some(Color::WHITE));
        assert_eq!(Color::parse("red"), None);
        assert_eq!(Color([1, 2, 3, 255]).to_hex(), "#010203");
    }
}
