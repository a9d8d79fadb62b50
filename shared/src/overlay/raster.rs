//! Drawing placed lines: glyph coverage, a round-joined outline band under the fill, and
//! integer alpha blending.

use ab_glyph::{point, Font, PxScale};
use image::{Rgba, RgbaImage};

use super::fonts::{px_scale_for_em, Fonts};
use super::image_io::resize;
use super::layout::{layout, Layout, LineLayout};
use super::spec::{Color, OverlaySpec};

/// Renders the overlay onto a copy of `image` at its own size. The original is untouched.
pub fn render(image: &RgbaImage, spec: &OverlaySpec, fonts: &Fonts) -> RgbaImage {
    render_at(image, spec, fonts, image.width(), image.height())
}

/// Renders at another output size (a preview, or an upscaled export): the image is resampled
/// and every size scales with it, so a 1024 px preview is the 3000 px result in small.
pub fn render_at(
    image: &RgbaImage,
    spec: &OverlaySpec,
    fonts: &Fonts,
    w: u32,
    h: u32,
) -> RgbaImage {
    let mut out = resize(image, w.max(1), h.max(1));
    let placed = layout(spec, fonts, image.dimensions(), out.dimensions());
    for line in placed.title.iter().chain(placed.artist.iter()) {
        draw_line(&mut out, line, fonts);
    }
    out
}

/// A transparent layer with a crosshair on each text's position point, for the editor; it is
/// drawn over the preview and never becomes part of an image.
pub fn draw_markers(layout: &Layout) -> RgbaImage {
    let mut layer = RgbaImage::new(layout.width.max(1), layout.height.max(1));
    let arm = (layout.width.min(layout.height) as f32 * 0.03).max(4.0) as i64;
    let red = Rgba([230, 30, 30, 255]);
    for line in layout.title.iter().chain(layout.artist.iter()) {
        let (cx, cy) = (line.anchor.0 as i64, line.anchor.1 as i64);
        for d in -arm..=arm {
            for (x, y) in [(cx + d, cy), (cx, cy + d)] {
                if x >= 0 && y >= 0 && (x as u32) < layer.width() && (y as u32) < layer.height() {
                    layer.put_pixel(x as u32, y as u32, red);
                }
            }
        }
    }
    layer
}

/// A coverage mask over a pixel-aligned window of the image.
struct Mask {
    x0: i64,
    y0: i64,
    w: usize,
    h: usize,
    data: Vec<u8>,
}

fn draw_line(img: &mut RgbaImage, line: &LineLayout, fonts: &Fonts) {
    let pad = line.outline.ceil() as i64 + 2;
    let x0 = (line.bounds.x0.floor() as i64 - pad).max(0);
    let y0 = (line.bounds.y0.floor() as i64 - pad).max(0);
    let x1 = (line.bounds.x1.ceil() as i64 + pad).min(img.width() as i64);
    let y1 = (line.bounds.y1.ceil() as i64 + pad).min(img.height() as i64);
    if x1 <= x0 || y1 <= y0 {
        return;
    }
    let fill = glyph_coverage(line, fonts, x0, y0, (x1 - x0) as usize, (y1 - y0) as usize);
    if line.outline >= 0.05 {
        let band = dilate(&fill, line.outline);
        composite(img, &band, line.outline_color);
    }
    composite(img, &fill, line.color);
}

/// Rasterises the line's glyphs (anti-aliased) into a mask.
fn glyph_coverage(line: &LineLayout, fonts: &Fonts, x0: i64, y0: i64, w: usize, h: usize) -> Mask {
    let font = fonts.get(line.font);
    let upem = font.units_per_em().unwrap_or(1000.0);
    let k = line.em / upem;
    let scale = PxScale::from(px_scale_for_em(font, line.em));
    let mut acc = vec![0f32; w * h];
    for (id, pen) in fonts.run(line.font, &line.text) {
        let glyph =
            id.with_scale_and_position(scale, point(line.origin.0 + pen * k, line.origin.1));
        if let Some(og) = font.outline_glyph(glyph) {
            let b = og.px_bounds();
            let (gx, gy) = (b.min.x as i64, b.min.y as i64);
            og.draw(|x, y, c| {
                let (px, py) = (gx + x as i64 - x0, gy + y as i64 - y0);
                if px >= 0 && py >= 0 && (px as usize) < w && (py as usize) < h {
                    let cell = &mut acc[py as usize * w + px as usize];
                    *cell = (*cell + c).min(1.0);
                }
            });
        }
    }
    let data = acc
        .into_iter()
        .map(|c| (c.clamp(0.0, 1.0) * 255.0 + 0.5) as u8)
        .collect();
    Mask { x0, y0, w, h, data }
}

/// The outline band: the glyph coverage dilated by a disk of radius `r` with an anti-aliased
/// rim — the Minkowski sum of glyph and disk, i.e. a stroke with round joins as FreeType's
/// stroker draws it. Interior pixels are skipped: the disks around the edge cover all they would.
fn dilate(src: &Mask, r: f32) -> Mask {
    let reach = (r + 0.5).ceil() as i64;
    let mut offsets: Vec<(i64, i64, u32)> = Vec::new();
    for dy in -reach..=reach {
        for dx in -reach..=reach {
            let d = ((dx * dx + dy * dy) as f32).sqrt();
            let w = (r + 0.5 - d).clamp(0.0, 1.0);
            if w > 0.0 {
                offsets.push((dx, dy, (w * 255.0 + 0.5) as u32));
            }
        }
    }
    let (w, h) = (src.w as i64, src.h as i64);
    let at = |x: i64, y: i64| -> u8 {
        if x < 0 || y < 0 || x >= w || y >= h {
            0
        } else {
            src.data[(y * w + x) as usize]
        }
    };
    let mut out = vec![0u8; src.data.len()];
    for y in 0..h {
        for x in 0..w {
            let c = at(x, y) as u32;
            if c == 0 {
                continue;
            }
            let interior = c == 255
                && at(x - 1, y) == 255
                && at(x + 1, y) == 255
                && at(x, y - 1) == 255
                && at(x, y + 1) == 255;
            if interior {
                out[(y * w + x) as usize] = 255;
                continue;
            }
            for &(dx, dy, wt) in &offsets {
                let (qx, qy) = (x + dx, y + dy);
                if qx < 0 || qy < 0 || qx >= w || qy >= h {
                    continue;
                }
                let v = ((c * wt + 127) / 255) as u8;
                let cell = &mut out[(qy * w + qx) as usize];
                if v > *cell {
                    *cell = v;
                }
            }
        }
    }
    Mask {
        x0: src.x0,
        y0: src.y0,
        w: src.w,
        h: src.h,
        data: out,
    }
}

/// Source-over blending of `color` at the mask's coverage, in integers (straight alpha).
fn composite(img: &mut RgbaImage, mask: &Mask, color: Color) {
    let [cr, cg, cb, ca] = color.0.map(u32::from);
    for my in 0..mask.h {
        let y = mask.y0 as u32 + my as u32;
        for mx in 0..mask.w {
            let cov = mask.data[my * mask.w + mx] as u32;
            let a = (cov * ca + 127) / 255;
            if a == 0 {
                continue;
            }
            let x = mask.x0 as u32 + mx as u32;
            let px = img.get_pixel_mut(x, y);
            let da = px.0[3] as u32;
            let out_a = a * 255 + da * (255 - a);
            for (i, c) in [cr, cg, cb].into_iter().enumerate() {
                let d = px.0[i] as u32;
                px.0[i] = ((c * a * 255 + d * da * (255 - a) + out_a / 2) / out_a) as u8;
            }
            px.0[3] = ((out_a + 127) / 255) as u8;
        }
    }
}
