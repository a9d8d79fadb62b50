//! An AI suggestion for one section: streamed in as the model writes it, then shown as a line
//! diff against the section as it is, to accept (one undo step) or reject.

use leptos::prelude::*;
use shared::lyrics::{line_diff, parse_header, replace_span, section_spans, LineChange};

use super::api::suggest_section;
use super::doc::LyricDoc;
use super::history::ChangeKind;
use super::{SectionAction, SectionRequest};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::form::ErrorBanner;

#[derive(Debug, Clone, PartialEq)]
pub enum Suggestion {
    Idle,
    Streaming(String),
    /// The suggestion, and the section's text it was asked for (accepted only while the
    /// section still reads so: it may have been edited, moved or deleted meanwhile).
    Done {
        body: String,
        original: String,
    },
    Failed(AppError),
}

/// The model's answer as section lines: a header it repeated and surrounding blank lines go.
pub fn as_section(answer: &str) -> String {
    let mut lines: Vec<&str> = answer.trim().lines().collect();
    if lines.first().is_some_and(|l| parse_header(l).is_some()) {
        lines.remove(0);
    }
    lines.join("\n").trim().to_string()
}

/// Asks for a suggestion for section `index` of the text and streams it into `state`. A newer
/// request (or closing the panel, which bumps `round`) leaves an older stream unread.
pub fn request(
    doc: LyricDoc,
    index: usize,
    action: SectionAction,
    lines: u32,
    state: RwSignal<Suggestion>,
    round: StoredValue<u64>,
) {
    let song = doc.text.get_untracked();
    let Some(span) = section_spans(&song).into_iter().nth(index) else {
        return;
    };
    let original = shared::lyrics::span_text(&song, &span);
    let request = SectionRequest {
        action,
        text: original.clone(),
        label: span.label.clone(),
        song,
        lines,
    };
    round.update_value(|r| *r += 1);
    let mine = round.get_value();
    state.set(Suggestion::Streaming(String::new()));
    leptos::task::spawn_local(async move {
        use futures::StreamExt;
        let current = move || round.try_get_value() == Some(mine);
        let mut pieces = match suggest_section(request).await {
            Ok(stream) => stream.into_inner(),
            Err(e) => {
                if current() {
                    state.set(Suggestion::Failed(e));
                }
                return;
            }
        };
        let mut text = String::new();
        while let Some(piece) = pieces.next().await {
            if !current() {
                return;
            }
            match piece {
                Ok(piece) => {
                    text.push_str(&piece);
                    state.set(Suggestion::Streaming(text.clone()));
                }
                Err(e) => {
                    state.set(Suggestion::Failed(e));
                    return;
                }
            }
        }
        if current() {
            state.set(Suggestion::Done {
                body: as_section(&text),
                original,
            });
        }
    });
}

#[component]
pub fn SuggestionView(
    doc: LyricDoc,
    index: Signal<usize>,
    state: RwSignal<Suggestion>,
) -> impl IntoView {
    let i18n = use_i18n();
    let accept = move |_| {
        let Suggestion::Done { body, original } = state.get_untracked() else {
            return;
        };
        let text = doc.text.get_untracked();
        let span = section_spans(&text)
            .into_iter()
            .nth(index.get_untracked())
            .filter(|s| shared::lyrics::span_text(&text, s) == original);
        match span {
            Some(span) => {
                doc.change(replace_span(&text, &span, &body), ChangeKind::Tool);
                state.set(Suggestion::Idle);
            }
            None => doc
                .notice
                .set(Some(t_string!(i18n, lyrics.section_changed).to_string())),
        }
    };
    move || {
        match state.get() {
        Suggestion::Idle => ().into_any(),
        Suggestion::Streaming(text) => view! {
            <div class="suggestion is-streaming" aria-live="polite" aria-busy="true">
                <p class="muted"><span class="spinner" aria-hidden="true"></span>{t!(i18n, lyrics.suggesting)}</p>
                <pre class="suggestion-text">{text}</pre>
            </div>
        }
        .into_any(),
        Suggestion::Failed(error) => view! { <ErrorBanner error /> }.into_any(),
        Suggestion::Done { body, original } => {
            let diff = line_diff(&original, &body);
            view! {
                <div class="suggestion" aria-live="polite">
                    <h3>{t!(i18n, lyrics.suggestion)}</h3>
                    <ol class="diff" aria-label=move || t_string!(i18n, lyrics.changes)>
                        {diff.into_iter().map(|line| {
                            let (class, mark) = match line.change {
                                LineChange::Same => ("diff-same", " "),
                                LineChange::Removed => ("diff-removed", "−"),
                                LineChange::Added => ("diff-added", "+"),
                            };
                            view! { <li class=class><span class="diff-mark" aria-hidden="true">{mark}</span>{line.text}</li> }
                        }).collect_view()}
                    </ol>
                    <div class="inline-actions">
                        <button type="button" class="button button-primary" on:click=accept>{t!(i18n, lyrics.accept)}</button>
                        <button type="button" class="button" on:click=move |_| state.set(Suggestion::Idle)>{t!(i18n, lyrics.reject)}</button>
                    </div>
                </div>
            }
            .into_any()
        }
    }
    }
}
