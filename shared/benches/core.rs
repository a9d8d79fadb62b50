//! Benchmarks of the shared core: `cargo bench -p shared --bench core` (or `scripts/bench.sh`,
//! which also times Pillow on the same cover job and prints the ratios).

use criterion::{criterion_group, criterion_main, Criterion};
use image::{Rgba, RgbaImage};
use shared::locale::Language;
use shared::lyrics::{default_rules, gutter, parse, RuleKind, RuleSet};
use shared::overlay::{render, FontStyle, Fonts, GridAnchor, OverlaySpec};
use std::hint::black_box;

/// The server's allocator, so buffers are reused as they are in production.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/lyric.rs"]
mod lyric;
use lyric::lyric_5k;

fn fonts() -> Fonts {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/fonts/");
    let read = |f: &str| std::fs::read(format!("{dir}{f}")).expect("font");
    Fonts::from_bytes(
        read("Anton-Regular.ttf"),
        read("PlayfairDisplay-Regular.ttf"),
        read("Roboto-Light.ttf"),
    )
    .unwrap()
}

/// The cover job the Pillow script repeats: title and artist, 3 px outline, sizes relative to
/// the image (10 % and 4.5 % of the side).
fn cover_spec(side: u32) -> OverlaySpec {
    let mut s = OverlaySpec::new("Midnight Static", Some("Nova Lane"));
    s.font_style = FontStyle::Bold;
    s.title_font_size = side as f32 * 0.10;
    s.artist_font_size = side as f32 * 0.045;
    s.title_position = GridAnchor::TopCenter.position();
    s.artist_position = GridAnchor::BottomCenter.position();
    s
}

fn backdrop(side: u32) -> RgbaImage {
    RgbaImage::from_fn(side, side, |x, y| {
        Rgba([(x % 256) as u8, 80, (y % 256) as u8, 255])
    })
}

fn bench(c: &mut Criterion) {
    let text = lyric_5k();
    let rules = RuleSet::compile(&default_rules()).unwrap();
    c.bench_function("lyrics/parse+default-rules 5KB", |b| {
        b.iter(|| parse(&rules.apply(black_box(&text), None)))
    });
    // The editor's two per-action costs, compared with wasm32 by scripts/bench.sh.
    c.bench_function("lyrics/cleanup default-rules 5KB", |b| {
        b.iter(|| rules.apply(black_box(&text), Some(RuleKind::Cleanup)))
    });
    let clean = rules.apply(&text, None);
    c.bench_function("lyrics/gutter 5KB", |b| {
        b.iter(|| gutter(black_box(&clean), Language::En))
    });
    let fonts = fonts();
    for side in [1024u32, 3000] {
        let img = backdrop(side);
        let spec = cover_spec(side);
        let mut group = c.benchmark_group("overlay");
        group.sample_size(if side > 2000 { 20 } else { 50 });
        group.bench_function(format!("render {side}px title+artist 3px outline"), |b| {
            b.iter(|| render(black_box(&img), &spec, &fonts))
        });
        let out = render(&img, &spec, &fonts);
        group.bench_function(format!("png encode {side}px"), |b| {
            b.iter(|| {
                let mut buf = std::io::Cursor::new(Vec::new());
                out.write_to(&mut buf, image::ImageFormat::Png).unwrap();
                buf.into_inner().len()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
