//! The editor's inputs. Every change writes straight into the spec signal, so the preview
//! follows each keystroke and slider step.

use leptos::prelude::*;
use shared::overlay::{Color, FontStyle, GridAnchor, OverlaySpec, Position};

use super::Part;
use crate::i18n::*;

/// The slider bounds of the original editor (pixels of the source image).
const TITLE_SIZE: (f32, f32) = (20.0, 300.0);
const ARTIST_SIZE: (f32, f32) = (10.0, 200.0);
const OUTLINE_MAX: f32 = 20.0;

/// Text, font, size, colours and outline of the title or the artist.
#[component]
pub fn TextControls(part: Part, spec: RwSignal<OverlaySpec>) -> impl IntoView {
    let i18n = use_i18n();
    let key = match part {
        Part::Title => "title",
        Part::Artist => "artist",
    };
    let id = move |what: &str| format!("cover-{key}-{what}");
    let size_bounds = if part == Part::Title {
        TITLE_SIZE
    } else {
        ARTIST_SIZE
    };
    view! {
        <fieldset class="plain-fieldset cover-text">
            <legend>{move || match part {
                Part::Title => t_string!(i18n, covers.text_title).to_string(),
                Part::Artist => t_string!(i18n, covers.text_artist).to_string(),
            }}</legend>
            <div class="field">
                <label class="visually-hidden" for=id("text")>{move || match part {
                    Part::Title => t_string!(i18n, covers.text_title).to_string(),
                    Part::Artist => t_string!(i18n, covers.text_artist).to_string(),
                }}</label>
                <input id=id("text") maxlength=shared::overlay::MAX_TEXT_CHARS
                    required=part == Part::Title
                    prop:value=move || spec.with(|s| text(s, part))
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        spec.update(|s| match part {
                            Part::Title => s.title = v,
                            Part::Artist => s.artist = Some(v),
                        });
                    } />
            </div>
            <div class="form-row">
                <div class="field">
                    <label for=id("font")>{t!(i18n, covers.font)}</label>
                    <select id=id("font") on:change=move |ev| {
                        let font = parse_font(&event_target_value(&ev));
                        spec.update(|s| match part {
                            Part::Title => s.font_style = font,
                            Part::Artist => s.artist_font_style = Some(font),
                        });
                    }>
                        {[FontStyle::Bold, FontStyle::Elegant, FontStyle::Light].into_iter().map(|f| view! {
                            <option value=font_key(f) selected=move || spec.with(|s| font_of(s, part) == f)>
                                {move || font_label(i18n, f)}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <Slider id=id("size") label=crate::tr!(i18n, covers.size) unit="px"
                    min=size_bounds.0 max=size_bounds.1 step=1.0
                    value=Signal::derive(move || spec.with(|s| sizes(s, part).0))
                    set=Callback::new(move |v| spec.update(|s| match part {
                        Part::Title => s.title_font_size = v,
                        Part::Artist => s.artist_font_size = v,
                    })) />
            </div>
            <div class="form-row">
                <ColorField id=id("color") label=crate::tr!(i18n, covers.color)
                    value=Signal::derive(move || spec.with(|s| colors(s, part).0))
                    set=Callback::new(move |c| spec.update(|s| match part {
                        Part::Title => s.title_color = c,
                        Part::Artist => s.artist_color = c,
                    })) />
                <ColorField id=id("outline-color") label=crate::tr!(i18n, covers.outline_color)
                    value=Signal::derive(move || spec.with(|s| colors(s, part).1))
                    set=Callback::new(move |c| spec.update(|s| match part {
                        Part::Title => s.title_outline_color = c,
                        Part::Artist => s.artist_outline_color = c,
                    })) />
                <Slider id=id("outline") label=crate::tr!(i18n, covers.outline_width) unit="px"
                    min=0.0 max=OUTLINE_MAX step=0.5
                    value=Signal::derive(move || spec.with(|s| sizes(s, part).1))
                    set=Callback::new(move |v| spec.update(|s| match part {
                        Part::Title => s.title_outline_width = v,
                        Part::Artist => s.artist_outline_width = v,
                    })) />
            </div>
        </fieldset>
    }
}

/// How the texts are written: in capitals or as typed, and the words before the artist's name.
#[component]
pub fn LetteringControls(spec: RwSignal<OverlaySpec>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="plain-fieldset">
            <legend>{t!(i18n, covers.lettering)}</legend>
            <div class="form-row">
                <div class="field">
                    <label for="cover-artist-prefix">{t!(i18n, covers.artist_prefix)}</label>
                    <input id="cover-artist-prefix" maxlength=shared::overlay::MAX_PREFIX_CHARS
                        prop:value=move || spec.with(|s| s.artist_prefix.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            spec.update(|s| s.artist_prefix = v);
                        } />
                    <p class="hint">{t!(i18n, covers.artist_prefix_hint)}</p>
                </div>
                <label class="check">
                    <input type="checkbox" id="cover-uppercase"
                        prop:checked=move || spec.with(|s| s.uppercase)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            spec.update(|s| s.uppercase = on);
                        } />
                    {t!(i18n, covers.uppercase)}
                </label>
            </div>
        </fieldset>
    }
}

/// Which text to place, the 3×3 grid and the percentage sliders for that text.
#[component]
pub fn PositionControls(spec: RwSignal<OverlaySpec>, active: RwSignal<Part>) -> impl IntoView {
    let i18n = use_i18n();
    let current = move || spec.with(|s| active.get().position(s));
    let set = move |p: Position| spec.update(|s| active.get_untracked().set_position(s, p));
    view! {
        <fieldset class="plain-fieldset">
            <legend>{t!(i18n, covers.position)}</legend>
            <div class="segmented" role="radiogroup" aria-label=move || t_string!(i18n, covers.place)>
                {[Part::Title, Part::Artist].into_iter().map(|p| view! {
                    <button type="button" role="radio" aria-checked=move || (active.get() == p).to_string()
                        on:click=move |_| active.set(p)>
                        {move || match p {
                            Part::Title => t_string!(i18n, covers.text_title).to_string(),
                            Part::Artist => t_string!(i18n, covers.text_artist).to_string(),
                        }}
                    </button>
                }).collect_view()}
            </div>
            <div class="anchor-grid" role="group" aria-label=move || t_string!(i18n, covers.grid)>
                {GridAnchor::ALL.into_iter().map(|a| view! {
                    <button type="button" class="anchor" data-anchor=anchor_key(a)
                        title=move || anchor_label(i18n, a) aria-label=move || anchor_label(i18n, a)
                        aria-pressed=move || (current().anchor == Some(a)).to_string()
                        on:click=move |_| set(a.position())>
                        <span aria-hidden="true"></span>
                    </button>
                }).collect_view()}
            </div>
            <div class="form-row">
                <Slider id="cover-x".to_string() label=crate::tr!(i18n, covers.x) unit="%" min=0.0 max=100.0 step=1.0
                    value=Signal::derive(move || (current().point().0 * 100.0).round())
                    set=Callback::new(move |v: f32| {
                        let y = current().point().1;
                        set(Position::custom(v / 100.0, y));
                    }) />
                <Slider id="cover-y".to_string() label=crate::tr!(i18n, covers.y) unit="%" min=0.0 max=100.0 step=1.0
                    value=Signal::derive(move || (current().point().1 * 100.0).round())
                    set=Callback::new(move |v: f32| {
                        let x = current().point().0;
                        set(Position::custom(x, v / 100.0));
                    }) />
            </div>
        </fieldset>
    }
}

/// A range input with its value shown beside the label.
#[component]
fn Slider(
    id: String,
    #[prop(into)] label: Signal<String>,
    unit: &'static str,
    min: f32,
    max: f32,
    step: f32,
    #[prop(into)] value: Signal<f32>,
    set: Callback<f32>,
) -> impl IntoView {
    view! {
        <div class="field slider">
            <label for=id.clone()>
                {label}
                <output for=id.clone()>{move || format!("{} {unit}", trim_number(value.get()))}</output>
            </label>
            <input type="range" id=id min=min max=max step=step
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f32>() {
                        set.run(v.clamp(min, max));
                    }
                } />
        </div>
    }
}

#[component]
fn ColorField(
    id: String,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] value: Signal<Color>,
    set: Callback<Color>,
) -> impl IntoView {
    view! {
        <div class="field color-field">
            <label for=id.clone()>{label}</label>
            <input type="color" id=id
                prop:value=move || value.get().to_hex()[..7].to_lowercase()
                on:input=move |ev| {
                    if let Some(c) = Color::parse(&event_target_value(&ev)) {
                        set.run(c);
                    }
                } />
        </div>
    }
}

fn text(s: &OverlaySpec, part: Part) -> String {
    match part {
        Part::Title => s.title.clone(),
        Part::Artist => s.artist.clone().unwrap_or_default(),
    }
}

/// Font size and outline width.
fn sizes(s: &OverlaySpec, part: Part) -> (f32, f32) {
    match part {
        Part::Title => (s.title_font_size, s.title_outline_width),
        Part::Artist => (s.artist_font_size, s.artist_outline_width),
    }
}

/// Fill and outline colour.
fn colors(s: &OverlaySpec, part: Part) -> (Color, Color) {
    match part {
        Part::Title => (s.title_color, s.title_outline_color),
        Part::Artist => (s.artist_color, s.artist_outline_color),
    }
}

fn font_of(s: &OverlaySpec, part: Part) -> FontStyle {
    match part {
        Part::Title => s.font_style,
        Part::Artist => s.artist_font_style.unwrap_or(s.font_style),
    }
}

fn font_key(f: FontStyle) -> &'static str {
    match f {
        FontStyle::Bold => "bold",
        FontStyle::Elegant => "elegant",
        FontStyle::Light => "light",
    }
}

fn parse_font(s: &str) -> FontStyle {
    match s {
        "elegant" => FontStyle::Elegant,
        "light" => FontStyle::Light,
        _ => FontStyle::Bold,
    }
}

fn font_label(i18n: leptos_i18n::I18nContext<Locale>, f: FontStyle) -> String {
    match f {
        FontStyle::Bold => t_string!(i18n, covers.font_bold),
        FontStyle::Elegant => t_string!(i18n, covers.font_elegant),
        FontStyle::Light => t_string!(i18n, covers.font_light),
    }
    .to_string()
}

fn anchor_key(a: GridAnchor) -> &'static str {
    match a {
        GridAnchor::TopLeft => "top-left",
        GridAnchor::TopCenter => "top-center",
        GridAnchor::TopRight => "top-right",
        GridAnchor::MiddleLeft => "middle-left",
        GridAnchor::Center => "center",
        GridAnchor::MiddleRight => "middle-right",
        GridAnchor::BottomLeft => "bottom-left",
        GridAnchor::BottomCenter => "bottom-center",
        GridAnchor::BottomRight => "bottom-right",
    }
}

fn anchor_label(i18n: leptos_i18n::I18nContext<Locale>, a: GridAnchor) -> String {
    match a {
        GridAnchor::TopLeft => t_string!(i18n, covers.top_left),
        GridAnchor::TopCenter => t_string!(i18n, covers.top_center),
        GridAnchor::TopRight => t_string!(i18n, covers.top_right),
        GridAnchor::MiddleLeft => t_string!(i18n, covers.middle_left),
        GridAnchor::Center => t_string!(i18n, covers.center),
        GridAnchor::MiddleRight => t_string!(i18n, covers.middle_right),
        GridAnchor::BottomLeft => t_string!(i18n, covers.bottom_left),
        GridAnchor::BottomCenter => t_string!(i18n, covers.bottom_center),
        GridAnchor::BottomRight => t_string!(i18n, covers.bottom_right),
    }
    .to_string()
}

/// "12", "2.5": no trailing zeros on slider read-outs.
fn trim_number(v: f32) -> String {
    let s = format!("{v:.1}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
