//! The live preview: two stacked canvases. The lower one shows the cover exactly as "apply"
//! will render it — `shared::overlay` running in WASM on the stored image bytes, decoded by the
//! same code as on the server, never by the browser. The upper one carries the crosshair
//! markers and takes the pointer and keyboard, so guides never touch the cover's pixels.

use leptos::html;
use leptos::prelude::*;
use shared::overlay::{OverlaySpec, Position};

use super::{preview_dims, Part};
use crate::i18n::*;

/// What the preview is doing; the picture itself lives outside the reactive system.
#[derive(Debug, Clone, PartialEq)]
enum Status {
    Loading,
    Ready,
    /// Only the browser side loads, so only it can fail.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    Failed(String),
}

/// How close (as a fraction of the image) a press must land to a text's marker to grab it.
const GRAB_RADIUS: f32 = 0.08;

#[component]
pub fn CoverPreview(
    image_id: String,
    width: u32,
    height: u32,
    spec: RwSignal<OverlaySpec>,
    active: RwSignal<Part>,
    #[prop(into)] guides: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (pw, ph) = preview_dims(width, height);
    let canvas = NodeRef::<html::Canvas>::new();
    let marks = NodeRef::<html::Canvas>::new();
    let status = RwSignal::new(Status::Loading);
    let dragging = RwSignal::new(None::<Part>);
    #[cfg(feature = "hydrate")]
    client::attach(
        client::Target {
            image_url: crate::images::image_url(&image_id),
            src: (width, height),
            out: (pw, ph),
            canvas,
            marks,
        },
        spec,
        guides,
        status,
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = guides; // painting happens only in the browser

    let place = move |part: Part, x: f32, y: f32| {
        spec.update(|s| part.set_position(s, Position::custom(x, y)));
    };
    let on_down = move |ev: web_sys::PointerEvent| {
        let Some((x, y)) = fraction(&ev) else { return };
        let part = grab(&spec.get_untracked(), x, y).unwrap_or_else(|| active.get_untracked());
        active.set(part);
        dragging.set(Some(part));
        let el: web_sys::Element = event_target(&ev);
        let _ = el.set_pointer_capture(ev.pointer_id());
        place(part, x, y);
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        if let (Some(part), Some((x, y))) = (dragging.get_untracked(), fraction(&ev)) {
            place(part, x, y);
        }
    };
    let on_up = move |_| dragging.set(None);
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let step = if ev.shift_key() { 0.05 } else { 0.01 };
        let (dx, dy) = match ev.key().as_str() {
            "ArrowLeft" => (-step, 0.0),
            "ArrowRight" => (step, 0.0),
            "ArrowUp" => (0.0, -step),
            "ArrowDown" => (0.0, step),
            _ => return,
        };
        ev.prevent_default();
        let part = active.get_untracked();
        let (x, y) = part.position(&spec.get_untracked()).point();
        place(part, x + dx, y + dy);
    };

    // `--stage-ar` lets a phone layout cap the stage's height without distorting it.
    let aspect = format!(
        "aspect-ratio: {pw} / {ph}; --stage-ar: {:.4}",
        pw as f32 / ph.max(1) as f32
    );
    let fallback = crate::images::thumb_url(&image_id);
    view! {
        <div class="cover-stage" style=aspect class:dragging=move || dragging.get().is_some()>
            <img class="cover-fallback" src=fallback alt="" aria-hidden="true"
                class:hidden=move || status.get() == Status::Ready />
            <canvas node_ref=canvas class="cover-canvas" width=pw height=ph data-testid="cover-preview"></canvas>
            <canvas node_ref=marks class="cover-marks" width=pw height=ph tabindex="0" role="img"
                aria-label=move || t_string!(i18n, covers.canvas_label)
                on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up on:pointercancel=on_up
                on:keydown=on_key></canvas>
            {move || match status.get() {
                Status::Loading => view! {
                    <div class="cover-status" role="status">
                        <span class="spinner" aria-hidden="true"></span>
                        {t!(i18n, covers.loading)}
                    </div>
                }.into_any(),
                Status::Failed(reason) => view! {
                    <div class="cover-status error" role="alert">
                        {move || t_string!(i18n, covers.failed, reason = reason.clone()).to_string()}
                    </div>
                }.into_any(),
                Status::Ready => ().into_any(),
            }}
        </div>
        // Text only: with scripts on, a <noscript>'s content is one raw text node.
        <noscript>{t_string!(i18n, covers.needs_js).to_string()}</noscript>
    }
}

/// The pointer's position over the canvas as fractions of its width and height.
fn fraction(ev: &web_sys::PointerEvent) -> Option<(f32, f32)> {
    let el: web_sys::Element = event_target(ev);
    let r = el.get_bounding_client_rect();
    if r.width() <= 0.0 || r.height() <= 0.0 {
        return None;
    }
    let x = (f64::from(ev.client_x()) - r.left()) / r.width();
    let y = (f64::from(ev.client_y()) - r.top()) / r.height();
    Some((x.clamp(0.0, 1.0) as f32, y.clamp(0.0, 1.0) as f32))
}

/// The text whose marker is nearest to a press, if one is close enough to grab.
fn grab(spec: &OverlaySpec, x: f32, y: f32) -> Option<Part> {
    let dist = |p: &Position| {
        let (px, py) = p.point();
        ((px - x) * (px - x) + (py - y) * (py - y)).sqrt()
    };
    let mut parts = vec![(Part::Title, dist(&spec.title_position))];
    if spec.artist.as_deref().is_some_and(|a| !a.trim().is_empty()) {
        parts.push((Part::Artist, dist(&spec.artist_position)));
    }
    parts
        .into_iter()
        .filter(|(_, d)| *d <= GRAB_RADIUS)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(p, _)| p)
}

/// The browser side: loading (font files once per page, the image once per pick) and painting
/// at most once per animation frame, however fast the inputs change.
#[cfg(feature = "hydrate")]
mod client {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use leptos::html;
    use leptos::prelude::*;
    use shared::overlay::{OverlaySpec, RgbaImage};
    use wasm_bindgen::{Clamped, JsCast};
    use wasm_bindgen_futures::JsFuture;

    use super::Status;
    use crate::covers::engine::{self, Frames};
    use crate::covers::FONT_URLS;

    pub struct Target {
        pub image_url: String,
        pub src: (u32, u32),
        pub out: (u32, u32),
        pub canvas: NodeRef<html::Canvas>,
        pub marks: NodeRef<html::Canvas>,
    }

    thread_local! {
        static FONT_FILES: RefCell<Option<[Vec<u8>; 3]>> = const { RefCell::new(None) };
    }

    pub fn attach(
        target: Target,
        spec: RwSignal<OverlaySpec>,
        guides: Signal<bool>,
        status: RwSignal<Status>,
    ) {
        let target = Rc::new(target);
        let frames: Rc<RefCell<Option<Box<dyn Frames>>>> = Rc::default();
        {
            let (target, frames) = (target.clone(), frames.clone());
            leptos::task::spawn_local(async move {
                match load(&target).await {
                    Ok(f) => {
                        *frames.borrow_mut() = Some(f);
                        status.set(Status::Ready);
                    }
                    Err(reason) => status.set(Status::Failed(reason)),
                }
            });
        }
        let queued = Rc::new(Cell::new(false));
        Effect::new(move |_| {
            spec.track();
            guides.track();
            if status.get() != Status::Ready || queued.replace(true) {
                return;
            }
            let (target, frames, queued) = (target.clone(), frames.clone(), queued.clone());
            request_animation_frame(move || {
                queued.set(false);
                // The editor may have closed (another image picked) since the frame was queued.
                let (Some(spec), Some(guides)) =
                    (spec.try_get_untracked(), guides.try_get_untracked())
                else {
                    return;
                };
                if let Some(f) = frames.borrow().as_ref() {
                    paint(&target, f.as_ref(), &spec, guides);
                }
            });
        });
    }

    async fn load(t: &Target) -> Result<Box<dyn Frames>, String> {
        let fonts = font_files().await?;
        let image = fetch_bytes(&t.image_url).await?;
        engine::load(image, fonts, t.src, t.out).await
    }

    /// The three typeface files, fetched once per page load (and cached by the browser).
    async fn font_files() -> Result<[Vec<u8>; 3], String> {
        if let Some(f) = FONT_FILES.with(|f| f.borrow().clone()) {
            return Ok(f);
        }
        let mut files = Vec::with_capacity(3);
        for url in FONT_URLS {
            files.push(fetch_bytes(url).await?);
        }
        let files: [Vec<u8>; 3] = files.try_into().map_err(|_| "fonts".to_string())?;
        FONT_FILES.with(|f| *f.borrow_mut() = Some(files.clone()));
        Ok(files)
    }

    async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
        let js = |e: wasm_bindgen::JsValue| format!("{e:?}");
        let resp: web_sys::Response = JsFuture::from(window().fetch_with_str(url))
            .await
            .map_err(js)?
            .dyn_into()
            .map_err(js)?;
        if !resp.ok() {
            return Err(format!("{url}: HTTP {}", resp.status()));
        }
        let buf = JsFuture::from(resp.array_buffer().map_err(js)?)
            .await
            .map_err(js)?;
        Ok(js_sys::Uint8Array::new(&buf).to_vec())
    }

    /// One frame: the cover on the lower canvas, the crosshairs (or nothing) on the upper one.
    /// Timed with the User Timing API ("cover-frame"), which the benchmark reads.
    fn paint(t: &Target, frames: &dyn Frames, spec: &OverlaySpec, guides: bool) {
        let perf = window().performance();
        if let Some(perf) = &perf {
            let _ = perf.mark("cover-frame-start");
        }
        let (cover, anchors) = frames.paint(spec);
        put(&t.canvas, &cover);
        if let Some(ctx) = context(&t.marks) {
            let (w, h) = (f64::from(t.out.0), f64::from(t.out.1));
            ctx.clear_rect(0.0, 0.0, w, h);
            if guides {
                crosshairs(&ctx, &t.marks, &anchors, w.min(h));
            }
        }
        if let Some(perf) = &perf {
            let _ = perf.measure_with_start_mark("cover-frame", "cover-frame-start");
        }
    }

    /// A crosshair on each position point, drawn in screen pixels (the canvas is scaled to
    /// fit), white on a dark halo so it shows on any picture.
    fn crosshairs(
        ctx: &web_sys::CanvasRenderingContext2d,
        canvas: &NodeRef<html::Canvas>,
        anchors: &[(f32, f32)],
        side: f64,
    ) {
        let shown = canvas
            .get_untracked()
            .map(|c| f64::from(c.client_width()))
            .filter(|w| *w > 0.0);
        let px = shown.map_or(1.0, |w| f64::from(canvas_width(canvas)) / w);
        let arm = (side * 0.03).max(10.0 * px);
        for (style, width) in [("rgba(0,0,0,0.65)", 4.0 * px), ("#ffffff", 2.0 * px)] {
            ctx.set_stroke_style_str(style);
            ctx.set_line_width(width);
            ctx.begin_path();
            for &(x, y) in anchors {
                let (x, y) = (f64::from(x), f64::from(y));
                ctx.move_to(x - arm, y);
                ctx.line_to(x + arm, y);
                ctx.move_to(x, y - arm);
                ctx.line_to(x, y + arm);
            }
            ctx.stroke();
        }
    }

    fn canvas_width(canvas: &NodeRef<html::Canvas>) -> u32 {
        canvas.get_untracked().map_or(1, |c| c.width())
    }

    fn context(canvas: &NodeRef<html::Canvas>) -> Option<web_sys::CanvasRenderingContext2d> {
        canvas
            .get_untracked()?
            .get_context("2d")
            .ok()??
            .dyn_into()
            .ok()
    }

    fn put(canvas: &NodeRef<html::Canvas>, img: &RgbaImage) {
        let Some(ctx) = context(canvas) else { return };
        if let Ok(data) = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            Clamped(img.as_raw()),
            img.width(),
            img.height(),
        ) {
            let _ = ctx.put_image_data(&data, 0.0, 0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_press_grabs_the_nearest_marker_within_reach() {
        let spec = OverlaySpec::new("Title", Some("Artist"));
        // Title at top centre (0.5, 0.1), artist at bottom centre (0.5, 0.9).
        assert_eq!(grab(&spec, 0.52, 0.12), Some(Part::Title));
        assert_eq!(grab(&spec, 0.48, 0.88), Some(Part::Artist));
        assert_eq!(grab(&spec, 0.5, 0.5), None, "too far from both");
        let no_artist = OverlaySpec::new("Title", Some("  "));
        assert_eq!(
            grab(&no_artist, 0.5, 0.9),
            None,
            "an empty artist has no marker"
        );
    }
}
