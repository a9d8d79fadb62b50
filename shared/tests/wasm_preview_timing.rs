//! Times the 1024 px preview render compiled to wasm32 (run in Node by scripts/bench.sh with
//! `--release`); it prints the figure and asserts nothing about it.

#![cfg(target_arch = "wasm32")]

mod common;

use shared::overlay::{render_at, FontStyle, GridAnchor, OverlaySpec};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

#[wasm_bindgen_test]
fn preview_1024_render_time() {
    let fonts = common::fonts();
    let source = common::backdrop(1024, 1024);
    let mut spec = OverlaySpec::new("Midnight Static", Some("Nova Lane"));
    spec.font_style = FontStyle::Bold;
    spec.title_font_size = 102.4;
    spec.artist_font_size = 46.08;
    spec.title_position = GridAnchor::TopCenter.position();
    spec.artist_position = GridAnchor::BottomCenter.position();
    let _ = render_at(&source, &spec, &fonts, 1024, 1024);
    let runs = 20;
    let start = js_sys::Date::now();
    for _ in 0..runs {
        let _ = render_at(&source, &spec, &fonts, 1024, 1024);
    }
    let ms = (js_sys::Date::now() - start) / runs as f64;
    console_log!("WASM_PREVIEW_1024_MS {ms:.2}");
}
