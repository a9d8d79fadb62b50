//! Renders a sample cover to a PNG: `cargo run -p shared --example render_cover -- OUT.png [SIZE]`.

use shared::overlay::{render, FontStyle, GridAnchor, OverlaySpec};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = args.get(1).cloned().unwrap_or_else(|| "cover.png".into());
    let size: u32 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1024);
    let fonts = shared_fonts();
    let img = image::RgbaImage::from_fn(size, size, |x, y| {
        image::Rgba([(x * 255 / size) as u8, 60, (y * 255 / size) as u8, 255])
    });
    let mut spec = OverlaySpec::new("Midnight Static", Some("Nova Lane"));
    spec.title_font_size = size as f32 * 0.1;
    spec.artist_font_size = size as f32 * 0.045;
    spec.font_style = FontStyle::Bold;
    spec.artist_font_style = Some(FontStyle::Elegant);
    spec.title_position = GridAnchor::TopCenter.position();
    spec.artist_position = GridAnchor::BottomRight.position();
    if std::env::var("DEBUG_LAYOUT").is_ok() {
        eprintln!(
            "{:#?}",
            shared::overlay::layout(&spec, &fonts, (size, size), (size, size))
        );
    }
    render(&img, &spec, &fonts).save(&out).expect("write png");
}

fn shared_fonts() -> shared::overlay::Fonts {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/fonts/");
    let read = |f: &str| std::fs::read(format!("{dir}{f}")).expect("font file");
    shared::overlay::Fonts::from_bytes(
        read("Anton-Regular.ttf"),
        read("PlayfairDisplay-Regular.ttf"),
        read("Roboto-Light.ttf"),
    )
    .unwrap()
}
