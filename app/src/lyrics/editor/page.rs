//! `/sketches/{id}/lyrics`: the lyric editor of one sketch.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::lyrics::{section_spans, PROVIDER_MAX_CHARS};

use super::autosave;
use super::doc::{LyricDoc, SaveState};
use super::gutter::{row_id, Sheet, TEXTAREA_ID};
use super::section_panel::SectionPanel;
use super::structure_dialog::StructureDialog;
use super::toolbar::Toolbar;
use crate::error::AppError;
use crate::i18n::*;
use crate::lyrics::rhymes::RhymePanel;
use crate::lyrics::rules::{api::list_lyric_rules, engine_rules};
use crate::sketches::api::get_sketch;
use crate::sketches::Sketch;
use crate::ui::layout::{Loaded, Page};
use crate::ui::number::whole;

#[component]
pub fn LyricEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let opened = Resource::new(
        move || id.get(),
        // Both calls start at once: on the server a call made after an `.await` may run once
        // this render's owner is gone (the framework renders a boundary's children twice), lose
        // the request context and fail, and the browser would hydrate that failure.
        |id| async move {
            let (sketch, rules) = futures::future::join(get_sketch(id), list_lyric_rules()).await;
            Ok::<_, AppError>((sketch?, rules?))
        },
    );
    view! {
        // The library is always one click away, also when the sketch cannot be opened.
        <Page title=crate::tr!(i18n, lyrics.title) actions=move || view! {
            <a class="button button-quiet" href="/sketches">{t!(i18n, nav.sketches)}</a>
        }>
            <Loaded from=opened show=|(sketch, rules)| view! { <Editor sketch rules /> } />
        </Page>
    }
}

#[component]
fn Editor(sketch: Sketch, rules: Vec<crate::lyrics::rules::LyricRule>) -> impl IntoView {
    let i18n = use_i18n();
    let doc = LyricDoc::new(&sketch, engine_rules(&rules));
    let structure_open = RwSignal::new(false);
    let sections_open = RwSignal::new(false);
    autosave::start(doc);
    {
        // A frame later, not in the effect itself: changing the text while the page still
        // hydrates would make the browser's rows differ from the server's HTML.
        let sketch = sketch.clone();
        Effect::new(move |done: Option<()>| {
            if done.is_none() {
                let sketch = sketch.clone();
                request_animation_frame(move || {
                    if autosave::recover(doc, &sketch) {
                        doc.notice
                            .set(Some(t_string!(i18n, lyrics.recovered).to_string()));
                    }
                });
            }
        });
    }
    let title = if sketch.title.is_empty() {
        t_string!(i18n, sketches.untitled).to_string()
    } else {
        sketch.title.clone()
    };
    view! {
        <div class="lyric-studio">
            <header class="lyric-head">
                <h2>{title}</h2>
                <a class="button button-quiet" href=format!("/sketches?id={}", sketch.id)>{t!(i18n, lyrics.back_to_sketch)}</a>
                <a class="button button-quiet" href="/sketches/rules">{t!(i18n, lyrics.rules_link)}</a>
            </header>
            <Toolbar doc structure_open sections_open />
            <Conflict doc />
            {move || doc.notice.get().map(|n| view! {
                <p class="notice" role="status">{n}
                    <button type="button" class="icon-button" aria-label=move || t_string!(i18n, common.close)
                        on:click=move |_| doc.notice.set(None)>"×"</button>
                </p>
            })}
            <div class="lyric-body" class:with-sections=move || sections_open.get()>
                <Outline doc />
                <div class="lyric-main">
                    <Sheet doc />
                    <Totals doc />
                </div>
                {move || sections_open.get().then(|| view! { <SectionPanel doc /> })}
            </div>
            <RhymePanel language=doc.language textarea_id=TEXTAREA_ID />
            <StructureDialog doc open=structure_open />
        </div>
    }
}

/// The sections of the song as links that put the cursor at their header.
#[component]
fn Outline(doc: LyricDoc) -> impl IntoView {
    let i18n = use_i18n();
    let spans = Memo::new(move |_| doc.text.with(|t| section_spans(t)));
    let jump = move |line: usize| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let document = leptos::prelude::document();
            if let Some(row) = document.get_element_by_id(&row_id(line)) {
                row.scroll_into_view_with_bool(true);
            }
            let area = document
                .get_element_by_id(TEXTAREA_ID)
                .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
            if let Some(area) = area {
                let offset: usize = doc.text.with_untracked(|t| {
                    t.split('\n')
                        .take(line)
                        .map(|l| l.encode_utf16().count() + 1)
                        .sum()
                });
                let _ = area.focus();
                let _ = area.set_selection_range(offset as u32, offset as u32);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (line, row_id);
    };
    view! {
        <nav class="lyric-outline" aria-label=move || t_string!(i18n, lyrics.outline)>
            <h3>{t!(i18n, lyrics.outline)}</h3>
            <ul>
                {move || spans.get().into_iter().map(|span| {
                    let line = span.header_line.unwrap_or(span.body.start);
                    let label = if span.label.is_empty() { t_string!(i18n, lyrics.unlabeled).to_string() } else { span.label };
                    view! { <li><button type="button" class="link-button" on:click=move |_| jump(line)>{label}</button></li> }
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// Characters against the song provider's limit.
#[component]
fn Totals(doc: LyricDoc) -> impl IntoView {
    let i18n = use_i18n();
    let chars = Memo::new(move |_| doc.text.with(|t| t.trim_end().chars().count()));
    view! {
        <p class="lyric-totals" class:is-over={move || chars.get() > PROVIDER_MAX_CHARS}>
            {move || t_string!(i18n, lyrics.total_chars,
                count = whole(i18n, chars.get() as u64),
                limit = whole(i18n, PROVIDER_MAX_CHARS as u64)).to_string()}
        </p>
    }
}

/// Another tab saved first: both texts side by side and the writer's choice.
#[component]
fn Conflict(doc: LyricDoc) -> impl IntoView {
    let i18n = use_i18n();
    move || match doc.save.get() {
        SaveState::Conflict(theirs) => {
            let theirs = *theirs;
            let keep = theirs.clone();
            view! {
                <div class="conflict" role="alert">
                    <p>{t!(i18n, lyrics.conflict)}</p>
                    <div class="conflict-texts">
                        <figure><figcaption>{t!(i18n, lyrics.conflict_mine)}</figcaption><pre>{move || doc.text.get()}</pre></figure>
                        <figure><figcaption>{t!(i18n, lyrics.conflict_theirs)}</figcaption><pre>{theirs.lyrics.clone()}</pre></figure>
                    </div>
                    <div class="inline-actions">
                        <button type="button" class="button button-primary" on:click=move |_| autosave::resolve(doc, &keep, true)>
                            {t!(i18n, lyrics.keep_mine)}
                        </button>
                        <button type="button" class="button" on:click=move |_| autosave::resolve(doc, &theirs, false)>
                            {t!(i18n, lyrics.take_theirs)}
                        </button>
                    </div>
                </div>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}
