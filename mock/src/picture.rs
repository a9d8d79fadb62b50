//! Real images whose content derives from the prompt, so different prompts give visibly
//! different pictures: two colours and a pattern chosen by a hash of the prompt.

use image::{ImageFormat, Rgb, RgbImage};

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

/// Paints a `w`×`h` picture for `prompt`.
pub fn paint(prompt: &str, w: u32, h: u32) -> RgbImage {
    let seed = fnv(prompt);
    let c1 = [(seed >> 8) as u8, (seed >> 16) as u8, (seed >> 24) as u8];
    let c2 = [255 - c1[0], (seed >> 32) as u8, 255 - c1[2]];
    let pattern = (seed >> 40) % 3;
    let freq = 4 + (seed >> 48) % 12;
    let (cx, cy) = (w as i64 / 2, h as i64 / 2);
    RgbImage::from_fn(w, h, |x, y| {
        let t = match pattern {
            0 => (x as u64 * freq / w.max(1) as u64) % 2,
            1 => ((x as u64 + y as u64) * freq / (w + h).max(1) as u64) % 2,
            _ => {
                let (dx, dy) = (x as i64 - cx, y as i64 - cy);
                let r = ((dx * dx + dy * dy) as f64).sqrt() as u64;
                (r * freq / w.max(1) as u64) % 2
            }
        };
        let shade = (y * 60 / h.max(1)) as u8;
        let c = if t == 0 { c1 } else { c2 };
        Rgb([
            c[0].saturating_sub(shade),
            c[1].saturating_sub(shade),
            c[2].saturating_sub(shade),
        ])
    })
}

/// Encodes in the requested format (`png`, `jpeg` or `webp`, default png).
pub fn encode(img: &RgbImage, format: &str) -> Vec<u8> {
    let format = match format {
        "jpeg" | "jpg" => ImageFormat::Jpeg,
        "webp" => ImageFormat::WebP,
        _ => ImageFormat::Png,
    };
    let mut buf = std::io::Cursor::new(Vec::new());
    let rgba = image::DynamicImage::ImageRgb8(img.clone());
    let _ = match format {
        ImageFormat::WebP => rgba.to_rgba8().write_to(&mut buf, format),
        _ => rgba.write_to(&mut buf, format),
    };
    buf.into_inner()
}
