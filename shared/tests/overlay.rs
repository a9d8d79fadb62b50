//! The cover renderer: golden images, every size, layout rules.
//! `UPDATE_GOLDEN=1 cargo test -p shared --test overlay` rewrites the golden files after an
//! intended change (look at the PNGs before committing them).

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{backdrop, fingerprint, fonts, spec, vectors};
use shared::overlay::{layout, render, render_at, FontStyle, GridAnchor, OverlaySpec, Position};
use std::path::PathBuf;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn renders_match_the_golden_images() {
    let update = std::env::var("UPDATE_GOLDEN").is_ok();
    let mut lines = Vec::new();
    for (name, img) in vectors() {
        let path = golden_dir().join(format!("{name}.png"));
        lines.push(format!("{name} {:016x}", fingerprint(&img)));
        if update {
            img.save(&path).unwrap();
            continue;
        }
        let golden = image::open(&path)
            .unwrap_or_else(|e| panic!("{name}: {e} (run with UPDATE_GOLDEN=1)"))
            .to_rgba8();
        assert!(golden == img, "{name} differs from {}", path.display());
    }
    let file = golden_dir().join("fingerprints.txt");
    if update {
        std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        lines.join("\n") + "\n",
        "fingerprints.txt is current"
    );
}

#[test]
fn every_size_renders_without_panic_and_keeps_text_inside() {
    let fonts = fonts();
    let s = spec(
        "Size Test",
        Some("Everyone"),
        FontStyle::Bold,
        GridAnchor::BottomRight.position(),
        120.0,
    );
    for (w, h) in [
        (1, 1),
        (2, 3),
        (64, 64),
        (3000, 3000),
        (1536, 1024),
        (300, 1200),
        (4000, 50),
    ] {
        let img = backdrop(w, h);
        let out = render(&img, &s, &fonts);
        assert_eq!(out.dimensions(), (w, h));
        let placed = layout(&s, &fonts, (w, h), (w, h));
        for line in placed.title.iter().chain(placed.artist.iter()) {
            let b = line.bounds;
            assert!(
                b.x0 >= -0.01
                    && b.y0 >= -0.01
                    && b.x1 <= w as f32 + 0.01
                    && b.y1 <= h as f32 + 0.01,
                "{w}x{h}: {b:?}"
            );
        }
    }
}

#[test]
fn the_original_is_untouched_and_the_result_differs() {
    let fonts = fonts();
    let img = backdrop(128, 128);
    let before = img.clone();
    let out = render(&img, &OverlaySpec::new("x", None), &fonts);
    assert!(img == before);
    assert!(out != img);
}

#[test]
fn long_titles_shrink_to_the_safe_margin() {
    let fonts = fonts();
    let s = spec(
        "This Title Is Far Too Long For Any Cover",
        None,
        FontStyle::Bold,
        GridAnchor::TopLeft.position(),
        200.0,
    );
    let placed = layout(&s, &fonts, (1000, 1000), (1000, 1000));
    let t = placed.title.unwrap();
    assert!(t.em < 200.0, "shrunk: {}", t.em);
    assert!(
        t.bounds.x0 >= 29.9 && t.bounds.x1 <= 970.1,
        "inside the 3 % margin: {:?}",
        t.bounds
    );
    assert!(
        (t.bounds.width() - 940.0).abs() < 0.5,
        "fills the safe width: {}",
        t.bounds.width()
    );
}

#[test]
fn grid_columns_and_rows_align_the_block() {
    let fonts = fonts();
    let at = |anchor: GridAnchor| {
        let s = spec("Align", None, FontStyle::Bold, anchor.position(), 60.0);
        layout(&s, &fonts, (1000, 1000), (1000, 1000))
            .title
            .unwrap()
            .bounds
    };
    assert!(
        (at(GridAnchor::TopLeft).x0 - 100.0).abs() < 0.01,
        "left column: left edge at x"
    );
    assert!(
        (at(GridAnchor::TopLeft).y0 - 100.0).abs() < 0.01,
        "top row: top edge at y"
    );
    let c = at(GridAnchor::Center);
    assert!(
        ((c.x0 + c.x1) / 2.0 - 500.0).abs() < 0.01 && ((c.y0 + c.y1) / 2.0 - 500.0).abs() < 0.01
    );
    assert!(
        (at(GridAnchor::BottomRight).x1 - 900.0).abs() < 0.01,
        "right column: right edge at x"
    );
    assert!(
        (at(GridAnchor::BottomRight).y1 - 900.0).abs() < 0.01,
        "bottom row: bottom edge at y"
    );
    let custom = spec(
        "Align",
        None,
        FontStyle::Bold,
        Position::custom(0.37, 0.61),
        60.0,
    );
    let b = layout(&custom, &fonts, (1000, 1000), (1000, 1000))
        .title
        .unwrap()
        .bounds;
    assert!(
        ((b.x0 + b.x1) / 2.0 - 370.0).abs() < 0.01 && ((b.y0 + b.y1) / 2.0 - 610.0).abs() < 0.01,
        "custom: centred"
    );
}

#[test]
fn title_and_artist_never_overlap() {
    let fonts = fonts();
    let mut same = spec(
        "Shared Anchor",
        Some("Below"),
        FontStyle::Bold,
        GridAnchor::Center.position(),
        80.0,
    );
    same.artist_position = GridAnchor::Center.position();
    let p = layout(&same, &fonts, (1000, 1000), (1000, 1000));
    let (t, a) = (p.title.unwrap(), p.artist.unwrap());
    assert!(
        a.bounds.y0 >= t.bounds.y1,
        "artist below title when they share an anchor"
    );
    let mut near = spec(
        "Near",
        Some("Clash"),
        FontStyle::Bold,
        Position::custom(0.5, 0.5),
        120.0,
    );
    near.artist_position = Position::custom(0.52, 0.52);
    let p = layout(&near, &fonts, (1000, 1000), (1000, 1000));
    assert!(!p
        .title
        .unwrap()
        .bounds
        .intersects(&p.artist.unwrap().bounds));
}

#[test]
fn a_preview_is_the_full_render_in_small() {
    let fonts = fonts();
    let s = spec(
        "Scale Model",
        Some("Nova"),
        FontStyle::Elegant,
        GridAnchor::BottomCenter.position(),
        90.0,
    );
    let full = layout(&s, &fonts, (3000, 3000), (3000, 3000));
    let small = layout(&s, &fonts, (3000, 3000), (1024, 1024));
    let k = 1024.0 / 3000.0;
    for (f, p) in [
        (full.title.unwrap(), small.title.unwrap()),
        (full.artist.unwrap(), small.artist.unwrap()),
    ] {
        assert!((f.em * k - p.em).abs() < 1e-3);
        assert!(
            (f.bounds.x0 * k - p.bounds.x0).abs() < 1e-2
                && (f.bounds.y1 * k - p.bounds.y1).abs() < 1e-2
        );
    }
    let upscaled = render_at(&backdrop(1024, 1024), &s, &fonts, 3000, 3000);
    assert_eq!(upscaled.dimensions(), (3000, 3000));
}
