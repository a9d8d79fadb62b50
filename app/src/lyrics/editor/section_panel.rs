//! The section editor: the song's sections on one side, the active one on the other, edited on
//! its own and improved, rewritten or extended by the AI with the whole song as context.

use leptos::prelude::*;
use shared::lyrics::{replace_span, section_spans, span_text};

use super::doc::LyricDoc;
use super::history::ChangeKind;
use super::structure_dialog::kind_label;
use super::suggestion::{request, Suggestion, SuggestionView};
use super::{SectionAction, MAX_EXTEND_LINES};
use crate::i18n::*;

#[component]
pub fn SectionPanel(doc: LyricDoc) -> impl IntoView {
    let i18n = use_i18n();
    let active = RwSignal::new(0usize);
    let suggestion = RwSignal::new(Suggestion::Idle);
    let round = StoredValue::new(0u64);
    let extend_by = RwSignal::new(4u32);
    let spans = Memo::new(move |_| doc.text.with(|t| section_spans(t)));
    // A new section (or leaving the panel) drops a suggestion meant for another.
    Effect::watch(
        move || active.get(),
        move |_, _, _| {
            round.update_value(|r| *r += 1);
            suggestion.set(Suggestion::Idle);
        },
        false,
    );
    on_cleanup(move || round.update_value(|r| *r += 1));
    let body = move || {
        let index = active.get();
        doc.text.with(|t| {
            spans.with(|s| {
                s.get(index)
                    .map(|span| span_text(t, span))
                    .unwrap_or_default()
            })
        })
    };
    // What the section's box holds as typed: the song keeps a section without trailing blank
    // lines, but a line break just typed at the end must stay in the box.
    let typed = RwSignal::new(String::new());
    let shown = move || {
        let body = body();
        typed.with_untracked(|t| {
            if t.trim_end() == body.trim_end() {
                t.clone()
            } else {
                body
            }
        })
    };
    let edit = move |ev| {
        let value = event_target_value(&ev);
        let text = doc.text.get_untracked();
        typed.set(value.clone());
        if let Some(span) = spans.with_untracked(|s| s.get(active.get_untracked()).cloned()) {
            doc.change(replace_span(&text, &span, &value), ChangeKind::Typing);
        }
    };
    let ask = move |action: SectionAction| {
        request(
            doc,
            active.get_untracked(),
            action,
            extend_by.get_untracked(),
            suggestion,
            round,
        );
    };
    let busy = move || matches!(suggestion.get(), Suggestion::Streaming(_));
    let name = move |i: usize| {
        spans.with(|s| {
            s.get(i).map(|span| {
                if span.label.is_empty() {
                    t_string!(i18n, lyrics.unlabeled).to_string()
                } else {
                    span.label.clone()
                }
            })
        })
    };
    view! {
        <section class="section-editor" aria-label=move || t_string!(i18n, lyrics.section_editor)>
            <nav class="section-list" aria-label=move || t_string!(i18n, lyrics.sections)>
                {move || spans.get().into_iter().enumerate().map(|(i, span)| view! {
                    <button type="button" class="section-item" aria-current=move || (active.get() == i).then_some("true")
                        on:click=move |_| active.set(i)>
                        <span class="section-kind">{kind_label(i18n, span.kind)}</span>
                        <span>{if span.label.is_empty() { t_string!(i18n, lyrics.unlabeled).to_string() } else { span.label.clone() }}</span>
                    </button>
                }).collect_view()}
                {move || spans.with(Vec::is_empty).then(|| view! { <p class="muted">{t!(i18n, lyrics.no_sections)}</p> })}
            </nav>
            <div class="section-active">
                {move || name(active.get()).map(|n| view! { <h3>{n}</h3> })}
                <textarea class="section-text" rows="8" aria-label=move || t_string!(i18n, lyrics.section_text)
                    prop:value=shown on:input=edit disabled=move || spans.with(Vec::is_empty)></textarea>
                <div class="inline-actions">
                    <button type="button" class="button" disabled=move || busy() || spans.with(Vec::is_empty)
                        on:click=move |_| ask(SectionAction::Improve)>{t!(i18n, lyrics.improve)}</button>
                    <button type="button" class="button" disabled=move || busy() || spans.with(Vec::is_empty)
                        on:click=move |_| ask(SectionAction::Rewrite)>{t!(i18n, lyrics.rewrite)}</button>
                    <span class="input-with-button">
                        <button type="button" class="button" disabled=move || busy() || spans.with(Vec::is_empty)
                            on:click=move |_| ask(SectionAction::Extend)>{t!(i18n, lyrics.extend)}</button>
                        <input type="number" min="1" max=MAX_EXTEND_LINES class="narrow-number"
                            aria-label=move || t_string!(i18n, lyrics.extend_lines)
                            prop:value=move || extend_by.get().to_string()
                            on:input={move |ev| {
                                if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                                    extend_by.set(n.clamp(1, MAX_EXTEND_LINES));
                                }
                            }} />
                    </span>
                </div>
                <SuggestionView doc index=active.into() state=suggestion />
            </div>
        </section>
    }
}
