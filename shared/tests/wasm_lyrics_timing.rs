//! Times the lyric studio's work compiled to wasm32 (run in Node by scripts/bench.sh with
//! `--release`): the default cleanup rules and the gutter on a 5 KB lyric. It prints the
//! figures (compared there with the native criterion run) and asserts nothing about them.

#![cfg(target_arch = "wasm32")]

#[path = "common/lyric.rs"]
mod lyric;

use shared::locale::Language;
use shared::lyrics::{default_rules, gutter, RuleKind, RuleSet};
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

fn per_run(runs: u32, mut f: impl FnMut()) -> f64 {
    f();
    let start = js_sys::Date::now();
    for _ in 0..runs {
        f();
    }
    (js_sys::Date::now() - start) / f64::from(runs)
}

#[wasm_bindgen_test]
fn lyric_tools_time() {
    let text = lyric::lyric_5k();
    let rules = RuleSet::compile(&default_rules()).unwrap();
    let cleanup = per_run(50, || {
        std::hint::black_box(rules.apply(&text, Some(RuleKind::Cleanup)));
    });
    let clean = rules.apply(&text, None);
    let gutter_ms = per_run(50, || {
        std::hint::black_box(gutter(&clean, Language::En));
    });
    console_log!("WASM_CLEANUP_5KB_MS {cleanup:.3}");
    console_log!("WASM_GUTTER_5KB_MS {gutter_ms:.3}");
}
