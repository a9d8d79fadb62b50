//! The rhyme panel under the editor: the word at the cursor (or typed), its perfect and near
//! rhymes; clicking one copies it.

use leptos::prelude::*;
use shared::locale::Language;

use super::api::suggest_rhymes;
use super::{RhymeSuggestions, MAX_WORD_CHARS};
use crate::i18n::*;
use crate::ui::form::ErrorBanner;

/// The word at or before the cursor of textarea `id` (or its selection).
fn word_at_cursor(id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let area: web_sys::HtmlTextAreaElement =
            document().get_element_by_id(id)?.dyn_into().ok()?;
        let text: Vec<u16> = area.value().encode_utf16().collect();
        let start = area.selection_start().ok()?? as usize;
        let end = area.selection_end().ok()?? as usize;
        if end > start {
            return String::from_utf16(&text[start..end.min(text.len())]).ok();
        }
        let before = String::from_utf16(&text[..start.min(text.len())]).ok()?;
        shared::lyrics::last_word(&before).map(String::from)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

fn copy(word: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(word);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = word;
}

#[component]
pub fn RhymePanel(language: RwSignal<Language>, textarea_id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let word = RwSignal::new(String::new());
    let lookup = Action::new(move |(w, l): &(String, Language)| {
        suggest_rhymes(w.clone(), l.tag().to_string())
    });
    let find = move || {
        let w = word.get_untracked();
        if !w.trim().is_empty() {
            lookup.dispatch((w.trim().to_string(), language.get_untracked()));
        }
    };
    let from_cursor = move |_| {
        if let Some(w) = word_at_cursor(textarea_id) {
            word.set(w);
            find();
        }
    };
    let copied = RwSignal::new(None::<String>);
    let chips = move |words: Vec<String>| {
        words
            .into_iter()
            .map(|w| {
                let shown = w.clone();
                view! {
                    <li><button type="button" class="chip" on:click=move |_| { copy(&w); copied.set(Some(w.clone())); }>{shown}</button></li>
                }
            })
            .collect_view()
    };
    let result = move |s: RhymeSuggestions| {
        let empty = s.perfect.is_empty() && s.near.is_empty();
        view! {
            {empty.then(|| view! { <p class="muted">{t!(i18n, lyrics.no_rhymes)}</p> })}
            {(!s.perfect.is_empty()).then(|| view! {
                <h4>{t!(i18n, lyrics.perfect_rhymes)}</h4>
                <ul class="chip-list">{chips(s.perfect.clone())}</ul>
            })}
            {(!s.near.is_empty()).then(|| view! {
                <h4>{t!(i18n, lyrics.near_rhymes)}</h4>
                <ul class="chip-list">{chips(s.near.clone())}</ul>
            })}
        }
    };
    view! {
        <section class="rhyme-panel" aria-labelledby="rhyme-title">
            <h3 id="rhyme-title">{t!(i18n, lyrics.rhymes)}</h3>
            <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); find(); }>
                <input type="text" maxlength=MAX_WORD_CHARS aria-label=move || t_string!(i18n, lyrics.rhyme_word)
                    placeholder=move || t_string!(i18n, lyrics.rhyme_word)
                    prop:value=move || word.get() on:input=move |ev| word.set(event_target_value(&ev)) />
                <button type="submit" class="button">{t!(i18n, lyrics.find_rhymes)}</button>
                <button type="button" class="button button-quiet" on:click=from_cursor>{t!(i18n, lyrics.rhymes_at_cursor)}</button>
            </form>
            {move || lookup.pending().get().then(|| view! { <p class="muted"><span class="spinner" aria-hidden="true"></span></p> })}
            {move || match lookup.value().get() {
                Some(Ok(s)) => result(s).into_any(),
                Some(Err(error)) => view! { <ErrorBanner error /> }.into_any(),
                None => ().into_any(),
            }}
            <p class="visually-hidden" role="status">{move || copied.get().map(|w| t_string!(i18n, lyrics.copied, word = w).to_string())}</p>
        </section>
    }
}
