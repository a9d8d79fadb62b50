//! Where each line goes: measuring in font units, aligning to the grid, shrinking to fit,
//! keeping title and artist apart. All resolution-independent, so a preview is an exact scale
//! model of the full-size render.

use ab_glyph::Font;

use super::fonts::Fonts;
use super::spec::{Color, FontStyle, HAlign, OverlaySpec, TextStyle, VAlign};

/// An axis-aligned rectangle in output pixels (`x1`, `y1` exclusive).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }
    fn translate(&self, dx: f32, dy: f32) -> Rect {
        Rect {
            x0: self.x0 + dx,
            y0: self.y0 + dy,
            x1: self.x1 + dx,
            y1: self.y1 + dy,
        }
    }
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// One line of text, placed.
#[derive(Debug, Clone, PartialEq)]
pub struct LineLayout {
    pub text: String,
    pub font: FontStyle,
    /// Final em size in output pixels (after scaling and shrinking).
    pub em: f32,
    /// Final outline width in output pixels.
    pub outline: f32,
    pub color: Color,
    pub outline_color: Color,
    /// Pen position of the first glyph on the baseline.
    pub origin: (f32, f32),
    /// The inked area including the outline.
    pub bounds: Rect,
    /// The position point the user chose, in output pixels (where the marker goes).
    pub anchor: (f32, f32),
}

/// The placed overlay for an output size.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: u32,
    pub height: u32,
    pub title: Option<LineLayout>,
    pub artist: Option<LineLayout>,
}

/// Ink of a text in font units relative to the pen start (y down).
#[derive(Debug, Clone, Copy)]
struct Ink {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

fn measure(fonts: &Fonts, style: FontStyle, text: &str) -> Option<Ink> {
    let font = fonts.get(style);
    let mut ink: Option<Ink> = None;
    for (id, pen) in fonts.run(style, text) {
        if let Some(outline) = font.outline(id) {
            // ab_glyph stores unscaled bounds flipped: `min.y` is the top (y_max, y up).
            let b = outline.bounds;
            let g = Ink {
                x0: pen + b.min.x,
                y0: -b.min.y,
                x1: pen + b.max.x,
                y1: -b.max.y,
            };
            ink = Some(match ink {
                None => g,
                Some(i) => Ink {
                    x0: i.x0.min(g.x0),
                    y0: i.y0.min(g.y0),
                    x1: i.x1.max(g.x1),
                    y1: i.y1.max(g.y1),
                },
            });
        }
    }
    ink.filter(|i| i.x1 > i.x0 && i.y1 > i.y0)
}

/// A line measured once, sized by a factor later.
struct Measured {
    style: TextStyle,
    ink: Ink,
    per_unit: f32,
}

impl Measured {
    /// The line's box (ink plus outline) relative to its origin, at `scale`.
    fn bounds(&self, scale: f32) -> Rect {
        let k = self.per_unit * scale;
        let o = self.style.outline_width * scale;
        Rect {
            x0: self.ink.x0 * k - o,
            y0: self.ink.y0 * k - o,
            x1: self.ink.x1 * k + o,
            y1: self.ink.y1 * k + o,
        }
    }
}

/// Places the overlay of `spec`, whose sizes are pixels of a `src` image, on an `out` image.
pub fn layout(spec: &OverlaySpec, fonts: &Fonts, src: (u32, u32), out: (u32, u32)) -> Layout {
    let (w, h) = (out.0.max(1) as f32, out.1.max(1) as f32);
    let scale = (w / src.0.max(1) as f32).min(h / src.1.max(1) as f32);
    let margin = 0.03 * w.min(h);
    let measure_style = |style: TextStyle| {
        let font = fonts.get(style.font);
        let per_unit = style.size / font.units_per_em().unwrap_or(1000.0);
        measure(fonts, style.font, &style.text).map(|ink| Measured {
            style,
            ink,
            per_unit,
        })
    };
    let title = measure_style(spec.title_style());
    let artist = spec.artist_style().and_then(measure_style);
    let together = match (&title, &artist) {
        (Some(t), Some(a)) => t.style.position.point() == a.style.position.point(),
        _ => false,
    };
    let frame = Frame {
        w,
        h,
        scale,
        margin,
    };
    if together {
        let mut lines = frame.place(vec![title.unwrap(), artist.unwrap()]);
        let artist = lines.pop();
        return Layout {
            width: out.0,
            height: out.1,
            title: lines.pop(),
            artist,
        };
    }
    let title = title.and_then(|t| frame.place(vec![t]).pop());
    let mut artist = artist.and_then(|a| frame.place(vec![a]).pop());
    if let (Some(t), Some(a)) = (&title, &mut artist) {
        frame.separate(t, a);
    }
    Layout {
        width: out.0,
        height: out.1,
        title,
        artist,
    }
}

struct Frame {
    w: f32,
    h: f32,
    scale: f32,
    margin: f32,
}

impl Frame {
    /// Stacks lines sharing one position into a block, shrinks it to fit inside the margin,
    /// aligns it to the position and clamps it inside the margin.
    fn place(&self, lines: Vec<Measured>) -> Vec<LineLayout> {
        let Some(first) = lines.first() else {
            return Vec::new();
        };
        let (halign, valign) = first.style.position.align();
        let (px, py) = first.style.position.point();
        let anchor = (px * self.w, py * self.h);
        let (bw, bh) = block_size(&lines, self.scale);
        let (avail_w, avail_h) = (self.w - 2.0 * self.margin, self.h - 2.0 * self.margin);
        let shrink = (avail_w / bw).min(avail_h / bh).min(1.0);
        let scale = self.scale * shrink;
        let (bw, bh) = block_size(&lines, scale);
        let left = match halign {
            HAlign::Left => anchor.0,
            HAlign::Center => anchor.0 - bw / 2.0,
            HAlign::Right => anchor.0 - bw,
        };
        let top = match valign {
            VAlign::Top => anchor.1,
            VAlign::Middle => anchor.1 - bh / 2.0,
            VAlign::Bottom => anchor.1 - bh,
        };
        let left = clamp(left, self.margin, self.w - self.margin - bw);
        let mut top = clamp(top, self.margin, self.h - self.margin - bh);
        let mut placed = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                top += gap(line, scale);
            }
            let b = line.bounds(scale);
            let x = match halign {
                HAlign::Left => left,
                HAlign::Center => left + (bw - b.width()) / 2.0,
                HAlign::Right => left + bw - b.width(),
            };
            let origin = (x - b.x0, top - b.y0);
            placed.push(LineLayout {
                text: line.style.text.clone(),
                font: line.style.font,
                em: line.style.size * scale,
                outline: line.style.outline_width * scale,
                color: line.style.color,
                outline_color: line.style.outline_color,
                origin,
                bounds: b.translate(origin.0, origin.1),
                anchor,
            });
            top += b.height();
        }
        placed
    }

    /// Moves the artist below the title (or above, if there is no room) when they overlap.
    fn separate(&self, title: &LineLayout, artist: &mut LineLayout) {
        if !title.bounds.intersects(&artist.bounds) {
            return;
        }
        let g = 0.2 * artist.em;
        let height = artist.bounds.height();
        let below = title.bounds.y1 + g;
        let new_top = if below + height <= self.h - self.margin {
            below
        } else {
            clamp(
                title.bounds.y0 - g - height,
                self.margin,
                self.h - self.margin - height,
            )
        };
        let dy = new_top - artist.bounds.y0;
        artist.origin.1 += dy;
        artist.bounds = artist.bounds.translate(0.0, dy);
    }
}

/// Space between stacked lines: a fifth of the lower line's em.
fn gap(line: &Measured, scale: f32) -> f32 {
    0.2 * line.style.size * scale
}

fn block_size(lines: &[Measured], scale: f32) -> (f32, f32) {
    let mut w = 0.0f32;
    let mut h = 0.0f32;
    for (i, l) in lines.iter().enumerate() {
        let b = l.bounds(scale);
        w = w.max(b.width());
        h += b.height() + if i > 0 { gap(l, scale) } else { 0.0 };
    }
    (w.max(f32::MIN_POSITIVE), h.max(f32::MIN_POSITIVE))
}

/// Clamps, preferring the lower bound when the range is empty (block larger than the frame).
fn clamp(v: f32, lo: f32, hi: f32) -> f32 {
    if hi < lo {
        lo
    } else {
        v.max(lo).min(hi)
    }
}
