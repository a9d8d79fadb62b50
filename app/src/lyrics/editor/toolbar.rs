//! The editor's toolbar: undo and redo, the text tools (run here in the browser by the same
//! engine the server uses), the structure, the language, where the save stands, and the way
//! on to the song form.

use leptos::prelude::*;
use shared::lyrics::{parse, rebuild_architecture, HeaderStyle, RuleKind, RuleSet};

use super::autosave;
use super::doc::{LyricDoc, SaveState};
use super::history::ChangeKind;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use crate::ui::language::LanguageSelect;

/// Applies the active rules of `kind` to the text, as one undo step.
pub fn run_rules(doc: LyricDoc, kind: RuleKind) {
    let compiled = doc.rules.with_value(|rules| RuleSet::compile(rules));
    match compiled {
        Ok(set) => {
            let out = set.apply(&doc.text.get_untracked(), Some(kind));
            doc.change(out, ChangeKind::Tool);
            doc.notice.set(None);
        }
        // The server refuses such rules; one could still come from before a rule was fixed.
        Err((name, e)) => doc.notice.set(Some(format!("{name}: {}", e.message))),
    }
}

#[component]
pub fn Toolbar(
    doc: LyricDoc,
    structure_open: RwSignal<bool>,
    sections_open: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rebuild = move |_| {
        let arch = rebuild_architecture(&parse(&doc.text.get_untracked()));
        doc.structure.set(arch);
        doc.touched();
        structure_open.set(true);
    };
    let style = move |ev| {
        doc.header_style
            .set(match event_target_value(&ev).as_str() {
                "colon" => HeaderStyle::Colon,
                "bracket" => HeaderStyle::Bracket,
                _ => HeaderStyle::Markdown,
            })
    };
    let id = doc.id.get_value();
    let song_href = format!("/songs/new?sketch={id}");
    let navigate = leptos_router::hooks::use_navigate();
    let use_in_song = {
        let song_href = song_href.clone();
        move |ev: leptos::ev::MouseEvent| {
            if doc.save.get_untracked() == SaveState::Saved {
                return;
            }
            ev.prevent_default();
            let (navigate, href) = (navigate.clone(), song_href.clone());
            autosave::flush(doc, move || navigate(&href, Default::default()));
        }
    };
    view! {
        <div class="lyric-toolbar" role="toolbar" aria-label=move || t_string!(i18n, lyrics.tools)>
            <div class="tool-group">
                <button type="button" class="button" on:click=move |_| doc.undo()
                    disabled=move || !doc.can_undo.get() title=move || t_string!(i18n, lyrics.undo_hint)>
                    {t!(i18n, lyrics.undo)}
                </button>
                <button type="button" class="button" on:click=move |_| doc.redo()
                    disabled=move || !doc.can_redo.get() title=move || t_string!(i18n, lyrics.redo_hint)>
                    {t!(i18n, lyrics.redo)}
                </button>
            </div>
            <div class="tool-group">
                <button type="button" class="button" on:click=move |_| run_rules(doc, RuleKind::Cleanup)>
                    {t!(i18n, lyrics.cleanup)}
                </button>
                <button type="button" class="button" on:click=move |_| run_rules(doc, RuleKind::Section)>
                    {t!(i18n, lyrics.format_sections)}
                </button>
                <button type="button" class="button" on:click=move |_| structure_open.set(true)>
                    {t!(i18n, lyrics.structure)}
                </button>
                <button type="button" class="button" on:click=rebuild>{t!(i18n, lyrics.rebuild)}</button>
                <button type="button" class="button" aria-pressed=move || sections_open.get().to_string()
                    on:click=move |_| sections_open.update(|o| *o = !*o)>
                    {t!(i18n, lyrics.section_editor)}
                </button>
            </div>
            <div class="tool-group">
                <label class="inline-field">
                    <span>{t!(i18n, lyrics.header_style)}</span>
                    <select on:change=style>
                        <option value="markdown">{t!(i18n, lyrics.style_bold)}</option>
                        <option value="colon">{t!(i18n, lyrics.style_colon)}</option>
                        <option value="bracket">{t!(i18n, lyrics.style_bracket)}</option>
                    </select>
                </label>
                <label class="inline-field">
                    <span>{t!(i18n, lyrics.language)}</span>
                    <LanguageSelect id="lyric-language" name="language" selected=doc.language.get_untracked()
                        on_change=Callback::new(move |l| { doc.language.set(l); doc.touched(); }) />
                </label>
            </div>
            <div class="tool-group tool-end">
                <SaveStatus doc />
                <a class="button button-primary" href=song_href on:click=use_in_song>{t!(i18n, lyrics.use_in_song)}</a>
            </div>
        </div>
    }
}

/// Where the save stands, announced politely to screen readers.
#[component]
fn SaveStatus(doc: LyricDoc) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || match doc.save.get() {
        SaveState::Saved => t_string!(i18n, lyrics.saved).to_string(),
        SaveState::Pending | SaveState::Saving => t_string!(i18n, lyrics.saving).to_string(),
        SaveState::Conflict(_) => t_string!(i18n, lyrics.conflict_short).to_string(),
        SaveState::Failed(e) => {
            t_string!(i18n, lyrics.save_failed, error = error_text(i18n, &e)).to_string()
        }
    };
    let class = move || match doc.save.get() {
        SaveState::Saved => "save-status is-saved",
        SaveState::Pending | SaveState::Saving => "save-status is-saving",
        _ => "save-status is-problem",
    };
    let save_now = move |_| {
        if matches!(doc.save.get_untracked(), SaveState::Failed(_)) {
            doc.save.set(SaveState::Pending);
        }
        autosave::save_now(doc);
    };
    view! {
        <span class=class role="status" aria-live="polite">{text}</span>
        {move || matches!(doc.save.get(), SaveState::Failed(_)).then(|| view! {
            <button type="button" class="button button-quiet" on:click=save_now>{t!(i18n, lyrics.retry)}</button>
        })}
    }
}
