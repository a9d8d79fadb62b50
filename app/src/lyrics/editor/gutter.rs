//! The writing sheet: the textarea over a mirror of its lines, each mirror row carrying the
//! gutter (syllables, characters, rhyme letter) for its line.
//!
//! Why a mirror: a gutter beside a textarea drifts as soon as a long line wraps. The mirror
//! renders every line with the textarea's font, width and wrapping, so each row is exactly as
//! tall as its line; the textarea lies on top (transparent, as tall as the mirror) and one
//! scroller moves both. Header rows are tinted in the mirror, which shows through.

use leptos::prelude::*;
use shared::lyrics::{gutter, GutterLine};

use super::doc::LyricDoc;
use super::history::ChangeKind;
use crate::i18n::*;

/// The id of mirror row `i`, for jumping to a line.
pub fn row_id(i: usize) -> String {
    format!("lyric-row-{i}")
}

pub const TEXTAREA_ID: &str = "lyric-text";

#[component]
pub fn Sheet(doc: LyricDoc) -> impl IntoView {
    let i18n = use_i18n();
    let rows = Memo::new(move |_| {
        let text = doc.text.get();
        let language = doc.language.get();
        let info = gutter(&text, language);
        text.split('\n')
            .zip(info)
            .map(|(line, g)| (line.to_string(), g))
            .enumerate()
            .collect::<Vec<_>>()
    });
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let command = ev.ctrl_key() || ev.meta_key();
        if !command {
            return;
        }
        match ev.key().to_lowercase().as_str() {
            "z" if ev.shift_key() => {
                ev.prevent_default();
                doc.redo();
            }
            "z" => {
                ev.prevent_default();
                doc.undo();
            }
            "y" => {
                ev.prevent_default();
                doc.redo();
            }
            _ => {}
        }
    };
    view! {
        <div class="lyric-sheet">
            <div class="lyric-stack">
                <div class="lyric-mirror" aria-hidden="true">
                    <For each=move || rows.get() key=|row| row.clone()
                        children=|(index, (line, info))| view! { <Row index line info /> } />
                </div>
                <textarea id=TEXTAREA_ID class="lyric-input" spellcheck="true"
                    aria-label=move || t_string!(i18n, lyrics.text_label)
                    lang=move || doc.language.get().tag()
                    prop:value=move || doc.text.get()
                    on:input=move |ev| doc.change(event_target_value(&ev), ChangeKind::Typing)
                    on:keydown=on_keydown>{doc.text.get_untracked()}</textarea>
            </div>
        </div>
    }
}

#[component]
fn Row(index: usize, line: String, info: GutterLine) -> impl IntoView {
    let counted = !info.header && info.chars > 0;
    // An empty line still takes a line's height.
    let shown = if line.is_empty() {
        " ".to_string()
    } else {
        line
    };
    view! {
        <div class="lyric-row" class:is-header=info.header id=row_id(index)>
            <span class="lyric-gutter">
                {counted.then(|| view! {
                    <span class="g-syllables">{info.syllables}</span>
                    <span class="g-chars">{info.chars}</span>
                })}
                <span class="g-rhyme">{info.rhyme.map(String::from)}</span>
            </span>
            <span class="lyric-mirror-text">{shown}</span>
        </div>
    }
}
