//! The structure builder: sections from a palette, put in order by dragging or by keyboard
//! (Alt+↑/↓ on a section, or its buttons), verses numbered by themselves. "Apply" labels the
//! text's paragraphs in that order and says what did not match; the structure is saved with the
//! sketch either way.

use leptos::prelude::*;
use shared::lyrics::{apply_structure, render, Architecture, SectionKind, SectionRef};

use super::doc::LyricDoc;
use super::history::ChangeKind;
use crate::i18n::*;
use crate::ui::dialog::Dialog;
use crate::ui::drag::{MoveButtons, ReorderItem};

/// The palette, in the order songs usually run.
pub const PALETTE: [SectionKind; 8] = [
    SectionKind::Intro,
    SectionKind::Verse,
    SectionKind::PreChorus,
    SectionKind::Chorus,
    SectionKind::Bridge,
    SectionKind::Breakdown,
    SectionKind::Hook,
    SectionKind::Outro,
];

/// A section kind in the UI's language.
pub fn kind_label(i18n: leptos_i18n::I18nContext<Locale>, kind: SectionKind) -> String {
    match kind {
        SectionKind::Intro => t_string!(i18n, lyrics.kind_intro),
        SectionKind::Verse => t_string!(i18n, lyrics.kind_verse),
        SectionKind::PreChorus => t_string!(i18n, lyrics.kind_pre_chorus),
        SectionKind::Chorus => t_string!(i18n, lyrics.kind_chorus),
        SectionKind::Bridge => t_string!(i18n, lyrics.kind_bridge),
        SectionKind::Breakdown => t_string!(i18n, lyrics.kind_breakdown),
        SectionKind::Hook => t_string!(i18n, lyrics.kind_hook),
        SectionKind::Outro => t_string!(i18n, lyrics.kind_outro),
        SectionKind::Unlabeled | SectionKind::Other => t_string!(i18n, lyrics.kind_other),
    }
    .to_string()
}

/// A slot's label with its number: "Verse 2", "Strophe 2".
pub fn slot_label(i18n: leptos_i18n::I18nContext<Locale>, slot: SectionRef) -> String {
    match slot.number {
        Some(n) => format!("{} {n}", kind_label(i18n, slot.kind)),
        None => kind_label(i18n, slot.kind),
    }
}

/// The architecture of `kinds`, verses numbered in order.
pub fn numbered(kinds: &[SectionKind]) -> Architecture {
    let mut verse = 0;
    Architecture(
        kinds
            .iter()
            .map(|&kind| SectionRef {
                kind,
                number: (kind == SectionKind::Verse).then(|| {
                    verse += 1;
                    verse
                }),
            })
            .collect(),
    )
}

#[component]
pub fn StructureDialog(doc: LyricDoc, open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let kinds = RwSignal::new(Vec::<SectionKind>::new());
    let dragging = RwSignal::new(None::<usize>);
    Effect::watch(
        move || open.get(),
        move |now, _, _| {
            if *now {
                kinds.set(
                    doc.structure
                        .with_untracked(|a| a.0.iter().map(|s| s.kind).collect()),
                );
            }
        },
        false,
    );
    let move_slot = move |from: usize, to: usize| {
        kinds.update(|k| {
            if from < k.len() && to < k.len() {
                let item = k.remove(from);
                k.insert(to, item);
            }
        });
    };
    let save = move || {
        doc.structure.set(numbered(&kinds.get_untracked()));
        doc.touched();
    };
    let apply = move |_| {
        save();
        let arch = doc.structure.get_untracked();
        let out = apply_structure(&doc.text.get_untracked(), &arch);
        doc.change(
            render(&out.sections, doc.header_style.get_untracked()),
            ChangeKind::Tool,
        );
        let mut notes = Vec::new();
        if out.extra_paragraphs > 0 {
            notes.push(
                t_string!(i18n, lyrics.extra_paragraphs, count = out.extra_paragraphs).to_string(),
            );
        }
        if !out.missing.is_empty() {
            let names: Vec<String> = out.missing.iter().map(|s| slot_label(i18n, *s)).collect();
            notes.push(
                t_string!(i18n, lyrics.missing_sections, names = names.join(", ")).to_string(),
            );
        }
        doc.notice.set((!notes.is_empty()).then(|| notes.join(" ")));
        open.set(false);
    };
    let on_key = move |i: usize, ev: leptos::ev::KeyboardEvent| {
        if matches!(ev.key().as_str(), "Delete" | "Backspace") {
            ev.prevent_default();
            kinds.update(|k| {
                if i < k.len() {
                    k.remove(i);
                }
            });
        }
    };
    view! {
        <Dialog open title=crate::tr!(i18n, lyrics.structure_title)>
            <p class="muted">{t!(i18n, lyrics.structure_intro)}</p>
            <div class="palette" role="group" aria-label=move || t_string!(i18n, lyrics.palette)>
                {PALETTE.iter().map(|&kind| view! {
                    <button type="button" class="button chip" on:click=move |_| kinds.update(|k| k.push(kind))>
                        "+ " {move || kind_label(i18n, kind)}
                    </button>
                }).collect_view()}
            </div>
            <ol class="slot-list" aria-label=move || t_string!(i18n, lyrics.structure)>
                {move || {
                    let arch = numbered(&kinds.get());
                    let last = arch.0.len().saturating_sub(1);
                    arch.0.into_iter().enumerate().map(|(i, slot)| view! {
                        <ReorderItem class="slot" index=i last dragging
                            on_move=Callback::new(move |(from, to)| move_slot(from, to))
                            on_key=Callback::new(move |ev| on_key(i, ev))>
                            <span class="slot-grip" aria-hidden="true">"⋮⋮"</span>
                            <span class="slot-name">{slot_label(i18n, slot)}</span>
                            <span class="slot-actions">
                                <MoveButtons index=i last on_move=Callback::new(move |(from, to)| move_slot(from, to)) />
                                <button type="button" class="icon-button" aria-label=move || t_string!(i18n, lyrics.remove)
                                    on:click=move |_| kinds.update(|k| { if i < k.len() { k.remove(i); } })>"×"</button>
                            </span>
                        </ReorderItem>
                    }).collect_view()
                }}
            </ol>
            <p class="muted structure-tokens">{move || numbered(&kinds.get()).to_text()}</p>
            <div class="inline-actions">
                <button type="button" class="button button-primary" on:click=apply
                    disabled=move || kinds.with(Vec::is_empty)>{t!(i18n, lyrics.apply_structure)}</button>
                <button type="button" class="button" on:click=move |_| { save(); open.set(false); }>
                    {t!(i18n, lyrics.save_structure)}
                </button>
                <button type="button" class="button button-quiet" on:click=move |_| kinds.set(Vec::new())>
                    {t!(i18n, lyrics.clear)}
                </button>
            </div>
        </Dialog>
    }
}
