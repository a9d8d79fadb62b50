//! Drawing placed lines: glyph coverage, a round-joined outline band under the fill, and
//! integer alpha blending.

use ab_glyph::{point, Font, PxScale};
use image::RgbaImage;

use super::fonts::{px_scale_for_em, Fonts};
use super::image_io::resize;
use super::layout::{layout, LineLayout};
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
    render_onto(&mut out, image.dimensions(), spec, fonts);
    out
}

/// Draws the overlay onto `background`, an image of `src` size already resampled to its output
/// size. `render_at` is exactly resample-then-this, so the editor resamples once per picked
/// image and only redraws text while the user types or drags — the same pixels, far less work.
pub fn render_onto(background: &mut RgbaImage, src: (u32, u32), spec: &OverlaySpec, fonts: &Fonts) {
    let placed = layout(spec, fonts, src, background.dimensions());
    for line in placed.title.iter().chain(placed.artist.iter()) {
        draw_line(background, line, fonts);
    }
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
    let band = (line.outline >= 0.05).then(|| dilate(&fill, line.outline));
    composite(img, &fill, band.as_ref(), line.color, line.outline_color);
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
/// stroker draws it. Interior pixels are skipped: the disks around the edge cover all they
/// would. The disk is split into full-weight row spans (a `max` over a slice, which vectorises)
/// and the few rim offsets of fractional weight.
fn dilate(src: &Mask, r: f32) -> Mask {
    let reach = (r + 0.5).ceil() as i64;
    let mut spans: Vec<(i64, i64)> = Vec::new();
    let mut rim: Vec<(i64, i64, u32)> = Vec::new();
    for dy in -reach..=reach {
        let mut core = -1i64;
        for dx in -reach..=reach {
            let d = ((dx * dx + dy * dy) as f32).sqrt();
            let wt = ((r + 0.5 - d).clamp(0.0, 1.0) * 255.0 + 0.5) as u32;
            if wt == 255 {
                core = core.max(dx.abs());
            } else if wt > 0 {
                rim.push((dx, dy, wt));
            }
        }
        if core >= 0 {
            spans.push((dy, core));
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
            let c = at(x, y);
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
            for &(dy, a) in &spans {
                let qy = y + dy;
                if qy < 0 || qy >= h {
                    continue;
                }
                let (from, to) = ((x - a).max(0), (x + a).min(w - 1));
                let row = (qy * w) as usize;
                for cell in &mut out[row + from as usize..=row + to as usize] {
                    *cell = (*cell).max(c);
                }
            }
            let c = c as u32;
            for &(dx, dy, wt) in &rim {
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

/// Source-over blending of the outline band, then the fill on top, in one pass and in integers
/// (straight alpha). Opaque destinations, the common case, take a division-free path.
fn composite(img: &mut RgbaImage, fill: &Mask, band: Option<&Mask>, color: Color, outline: Color) {
    let stride = img.width() as usize * 4;
    let buf: &mut [u8] = img;
    for my in 0..fill.h {
        let row = (fill.y0 as usize + my) * stride + fill.x0 as usize * 4;
        for mx in 0..fill.w {
            let i = my * fill.w + mx;
            let px = &mut buf[row + mx * 4..row + mx * 4 + 4];
            if let Some(band) = band {
                blend(px, outline, band.data[i]);
            }
            blend(px, color, fill.data[i]);
        }
    }
}

#[inline]
fn blend(px: &mut [u8], color: Color, coverage: u8) {
    let [cr, cg, cb, ca] = color.0.map(u32::from);
    let a = (coverage as u32 * ca + 127) / 255;
    if a == 0 {
        return;
    }
    let da = px[3] as u32;
    if da == 255 {
        if a == 255 {
            px[..3].copy_from_slice(&color.0[..3]);
        } else {
            for (d, c) in px[..3].iter_mut().zip([cr, cg, cb]) {
                *d = ((c * a + *d as u32 * (255 - a) + 127) / 255) as u8;
            }
        }
        return;
    }
    let out_a = a * 255 + da * (255 - a);
    for (d, c) in px[..3].iter_mut().zip([cr, cg, cb]) {
        *d = ((c * a * 255 + *d as u32 * da * (255 - a) + out_a / 2) / out_a) as u8;
    }
    px[3] = ((out_a + 127) / 255) as u8;
}
