//! Autosave: every change is saved to the server shortly after typing pauses, naming the
//! version it started from, so a second tab that saved meanwhile is noticed instead of
//! overwritten. Until the server has it, the text is also kept in this browser's storage (the
//! journal), and a closing tab sends its last change as a beacon: a crash, a closed tab or a
//! dropped connection loses nothing.

use std::time::Duration;

use leptos::prelude::*;

use super::api::save_lyrics;
use super::doc::{LyricDoc, SaveState};
use super::history::ChangeKind;
use super::LyricsForm;
use crate::error::AppError;
use crate::sketches::api::get_sketch;
use crate::sketches::Sketch;

/// How long typing pauses before a save.
const DEBOUNCE: Duration = Duration::from_millis(800);
/// How long after a failed save (server down, network gone) the next attempt comes.
const RETRY: Duration = Duration::from_secs(5);

fn journal_key(id: &str) -> String {
    format!("aitoolbox:lyrics:{id}")
}

/// Starts autosave for `doc`; stops with the calling component.
pub fn start(doc: LyricDoc) {
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    let schedule = move |after: Duration| {
        if let Some(old) = timer.try_update_value(Option::take).flatten() {
            old.clear();
        }
        let handle = set_timeout_with_handle(move || save_now(doc, schedule_again(doc)), after);
        timer.set_value(handle.ok());
    };
    Effect::watch(
        move || doc.edits.get(),
        move |_, _, _| {
            journal::write(&doc.form());
            if doc.save.get_untracked() == SaveState::Pending {
                schedule(DEBOUNCE);
            }
        },
        false,
    );
    on_cleanup(move || {
        if let Some(Some(old)) = timer.try_update_value(Option::take) {
            old.clear();
        }
    });
    journal::send_on_leave(doc);
}

/// What a finished save does when more is due: another save after the debounce.
fn schedule_again(doc: LyricDoc) -> impl Fn(Duration) + Copy + 'static {
    move |after| {
        set_timeout(move || save_now(doc, schedule_again(doc)), after);
    }
}

/// Saves the text now unless a save is under way (that one reschedules) or a conflict waits.
pub fn save_now(doc: LyricDoc, again: impl Fn(Duration) + Copy + 'static) {
    if matches!(
        doc.save.get_untracked(),
        SaveState::Saving | SaveState::Conflict(_) | SaveState::Saved
    ) {
        return;
    }
    doc.save.set(SaveState::Saving);
    let (form, edits) = (doc.form(), doc.edits.get_untracked());
    leptos::task::spawn_local(async move {
        match save_lyrics(form.clone()).await {
            Ok(saved) => {
                doc.version.set(saved.version);
                if doc.edits.get_untracked() == edits {
                    doc.save.set(SaveState::Saved);
                    journal::clear(&form.id);
                } else {
                    doc.save.set(SaveState::Pending);
                    journal::write(&doc.form());
                    again(DEBOUNCE);
                }
            }
            Err(AppError::ChangedElsewhere) => match get_sketch(form.id.clone()).await {
                Ok(theirs) => {
                    if !same_save(doc, &form, &theirs) {
                        doc.save.set(SaveState::Conflict(Box::new(theirs)));
                    } else if doc.edits.get_untracked() == edits {
                        doc.save.set(SaveState::Saved);
                    } else {
                        doc.save.set(SaveState::Pending);
                        again(DEBOUNCE);
                    }
                }
                Err(e) => doc.save.set(SaveState::Failed(e)),
            },
            Err(e) => {
                let retry = !matches!(e, AppError::NotFound | AppError::Unauthorized);
                doc.save.set(SaveState::Failed(e));
                if retry {
                    set_timeout(
                        move || {
                            if matches!(doc.save.get_untracked(), SaveState::Failed(_)) {
                                doc.save.set(SaveState::Pending);
                                save_now(doc, again);
                            }
                        },
                        RETRY,
                    );
                }
            }
        }
    });
}

/// Saves what is unsaved right away, then runs `then` (leaving for the song form); a refused
/// save shows as usual and `then` does not run.
pub fn flush(doc: LyricDoc, then: impl FnOnce() + 'static) {
    match doc.save.get_untracked() {
        SaveState::Saved => return then(),
        SaveState::Conflict(_) => return,
        // One save at a time (two with the same version would refuse each other).
        SaveState::Saving => {
            set_timeout(move || flush(doc, then), Duration::from_millis(100));
            return;
        }
        SaveState::Pending | SaveState::Failed(_) => {}
    }
    let (form, edits) = (doc.form(), doc.edits.get_untracked());
    doc.save.set(SaveState::Saving);
    leptos::task::spawn_local(async move {
        match save_lyrics(form.clone()).await {
            Ok(saved) => {
                doc.version.set(saved.version);
                if doc.edits.get_untracked() == edits {
                    doc.save.set(SaveState::Saved);
                    journal::clear(&form.id);
                }
                then();
            }
            Err(AppError::ChangedElsewhere) => {
                if let Ok(theirs) = get_sketch(form.id.clone()).await {
                    if same_save(doc, &form, &theirs) {
                        doc.save.set(SaveState::Saved);
                        then();
                    } else {
                        doc.save.set(SaveState::Conflict(Box::new(theirs)));
                    }
                }
            }
            Err(e) => doc.save.set(SaveState::Failed(e)),
        }
    });
}

/// Whether a newer version found on the server holds the very text this save sent (this tab's
/// own beacon from before a reload got there first): then there is nothing to choose, only the
/// version to take over.
fn same_save(doc: LyricDoc, form: &LyricsForm, theirs: &Sketch) -> bool {
    let same = theirs.lyrics.trim_end() == form.lyrics.trim_end()
        && theirs.language.tag() == form.language
        && theirs.structure.to_text() == form.structure;
    if same {
        doc.version.set(theirs.version);
        journal::clear(&form.id);
    }
    same
}

/// Settles a conflict: `keep_mine` saves this tab's text over the other one (which stays one
/// undo step away); otherwise the other tab's text replaces this one (ours one undo step away).
pub fn resolve(doc: LyricDoc, theirs: &Sketch, keep_mine: bool) {
    doc.version.set(theirs.version);
    doc.save.set(SaveState::Pending);
    if keep_mine {
        doc.touched();
    } else {
        doc.change(theirs.lyrics.clone(), ChangeKind::Tool);
        doc.language.set(theirs.language);
        doc.structure.set(theirs.structure.clone());
    }
    save_now(doc, schedule_again(doc));
}

/// On opening: a journal left by a tab that closed before the server had its text. The same
/// version comes back as an unsaved change; an older one (the sketch was saved elsewhere since)
/// as a conflict, so the writer sees both.
pub fn recover(doc: LyricDoc, stored: &Sketch) -> bool {
    let Some(kept) = journal::read(&stored.id) else {
        return false;
    };
    if kept.lyrics.trim_end() == stored.lyrics.trim_end() {
        journal::clear(&stored.id);
        return false;
    }
    doc.change(kept.lyrics, ChangeKind::Tool);
    if kept.version != stored.version {
        doc.save.set(SaveState::Conflict(Box::new(stored.clone())));
    }
    true
}

/// The browser side: local storage and the leaving beacon. Nothing happens on the server.
mod journal {
    use super::*;

    #[cfg(feature = "hydrate")]
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn write(form: &LyricsForm) {
        #[cfg(feature = "hydrate")]
        if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(form)) {
            // A full storage only loses the journal, not the server save.
            let _ = s.set_item(&journal_key(&form.id), &json);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (form, journal_key);
    }

    pub fn read(id: &str) -> Option<LyricsForm> {
        #[cfg(feature = "hydrate")]
        {
            let json = storage()?.get_item(&journal_key(id)).ok()??;
            serde_json::from_str(&json).ok()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = id;
            None
        }
    }

    pub fn clear(id: &str) {
        #[cfg(feature = "hydrate")]
        if let Some(s) = storage() {
            let _ = s.remove_item(&journal_key(id));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = id;
    }

    /// Sends the unsaved text as the tab goes away (`pagehide` fires on close, reload and
    /// navigation, also on phones where `beforeunload` does not). The beacon posts the same
    /// form the save function reads.
    pub fn send_on_leave(doc: LyricDoc) {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::closure::Closure;
            use leptos::wasm_bindgen::JsCast;
            let Some(window) = web_sys::window() else {
                return;
            };
            let listener: Closure<dyn FnMut(web_sys::Event)> = Closure::new(move |_| {
                let unsaved = doc
                    .save
                    .try_with_untracked(|s| {
                        matches!(
                            s,
                            SaveState::Pending | SaveState::Saving | SaveState::Failed(_)
                        )
                    })
                    .unwrap_or(false);
                if !unsaved {
                    return;
                }
                let form = doc.form();
                let Ok(params) = web_sys::UrlSearchParams::new() else {
                    return;
                };
                params.append("form[id]", &form.id);
                params.append("form[version]", &form.version.to_string());
                params.append("form[lyrics]", &form.lyrics);
                params.append("form[language]", &form.language);
                params.append("form[structure]", &form.structure);
                if let Some(w) = web_sys::window() {
                    let _ = w
                        .navigator()
                        .send_beacon_with_opt_url_search_params("/api/save_lyrics", Some(&params));
                }
            });
            let _ = window
                .add_event_listener_with_callback("pagehide", listener.as_ref().unchecked_ref());
            let kept = StoredValue::new_local(Some(listener));
            on_cleanup(move || {
                if let Some(Some(listener)) = kept.try_update_value(Option::take) {
                    if let Some(w) = web_sys::window() {
                        let _ = w.remove_event_listener_with_callback(
                            "pagehide",
                            listener.as_ref().unchecked_ref(),
                        );
                    }
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = doc;
    }
}
