//! Helpers shared by the overlay tests (native and wasm32).

#![allow(dead_code)]

use image::{Rgba, RgbaImage};
use shared::overlay::{FontStyle, Fonts, GridAnchor, OverlaySpec, Position};

/// The real font files, embedded so the wasm32 tests need no file system.
pub fn fonts() -> Fonts {
    Fonts::from_bytes(
        include_bytes!("../../../public/fonts/Anton-Regular.ttf").to_vec(),
        include_bytes!("../../../public/fonts/PlayfairDisplay-Regular.ttf").to_vec(),
        include_bytes!("../../../public/fonts/Roboto-Light.ttf").to_vec(),
    )
    .expect("fonts parse")
}

/// A deterministic test picture: a diagonal gradient with a checker pattern.
pub fn backdrop(w: u32, h: u32) -> RgbaImage {
    RgbaImage::from_fn(w, h, |x, y| {
        let check = if (x / 16 + y / 16) % 2 == 0 { 20 } else { 0 };
        Rgba([
            (x * 200 / w.max(1)) as u8 + check,
            70,
            (y * 200 / h.max(1)) as u8 + check,
            255,
        ])
    })
}

pub fn spec(
    title: &str,
    artist: Option<&str>,
    font: FontStyle,
    title_at: Position,
    size: f32,
) -> OverlaySpec {
    let mut s = OverlaySpec::new(title, artist);
    s.font_style = font;
    s.title_position = title_at;
    s.title_font_size = size;
    s.artist_font_size = size * 0.5;
    s
}

/// The named render vectors that both targets must produce identically.
pub fn vectors() -> Vec<(String, RgbaImage)> {
    let fonts = fonts();
    let mut out = Vec::new();
    for font in [FontStyle::Bold, FontStyle::Elegant, FontStyle::Light] {
        let s = spec(
            "Midnight Static",
            Some("Nova Lane"),
            font,
            GridAnchor::TopCenter.position(),
            36.0,
        );
        out.push((
            format!("font-{font:?}"),
            shared::overlay::render(&backdrop(256, 256), &s, &fonts),
        ));
    }
    for anchor in GridAnchor::ALL {
        let s = spec("Echo", None, FontStyle::Bold, anchor.position(), 40.0);
        out.push((
            format!("grid-{anchor:?}"),
            shared::overlay::render(&backdrop(256, 256), &s, &fonts),
        ));
    }
    let mut custom = spec(
        "Tide",
        Some("Mara"),
        FontStyle::Elegant,
        Position::custom(0.3, 0.7),
        50.0,
    );
    custom.artist_position = Position::custom(0.7, 0.25);
    out.push((
        "custom-positions".into(),
        shared::overlay::render(&backdrop(256, 256), &custom, &fonts),
    ));
    let long = spec(
        "An Extremely Long Title That Cannot Possibly Fit",
        Some("Somebody"),
        FontStyle::Bold,
        GridAnchor::Center.position(),
        60.0,
    );
    out.push((
        "long-title-shrinks".into(),
        shared::overlay::render(&backdrop(256, 256), &long, &fonts),
    ));
    let mut no_outline = spec(
        "Plain",
        None,
        FontStyle::Light,
        GridAnchor::Center.position(),
        48.0,
    );
    no_outline.title_outline_width = 0.0;
    out.push((
        "outline-off".into(),
        shared::overlay::render(&backdrop(256, 256), &no_outline, &fonts),
    ));
    let mut thick = spec(
        "Thick",
        None,
        FontStyle::Bold,
        GridAnchor::Center.position(),
        48.0,
    );
    thick.title_outline_width = 8.0;
    out.push((
        "outline-thick".into(),
        shared::overlay::render(&backdrop(256, 256), &thick, &fonts),
    ));
    let clear = RgbaImage::new(256, 128);
    let s = spec(
        "Glass",
        Some("Clear"),
        FontStyle::Elegant,
        GridAnchor::Center.position(),
        40.0,
    );
    out.push((
        "transparent-input".into(),
        shared::overlay::render(&clear, &s, &fonts),
    ));
    let preview = spec(
        "Preview",
        Some("Scaled"),
        FontStyle::Bold,
        GridAnchor::BottomLeft.position(),
        160.0,
    );
    out.push((
        "preview-of-1024".into(),
        shared::overlay::render_at(&backdrop(1024, 1024), &preview, &fonts, 256, 256),
    ));
    out
}

/// FNV-1a over dimensions and pixels: a stable fingerprint on every target.
pub fn fingerprint(img: &RgbaImage) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    let dims = [img.width().to_le_bytes(), img.height().to_le_bytes()].concat();
    for b in dims.iter().chain(img.as_raw().iter()) {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// The fingerprints recorded natively in `tests/golden/fingerprints.txt`.
pub fn recorded_fingerprints() -> Vec<(String, u64)> {
    include_str!("../golden/fingerprints.txt")
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(name, hex)| (name.to_string(), u64::from_str_radix(hex, 16).expect("hex")))
        .collect()
}
