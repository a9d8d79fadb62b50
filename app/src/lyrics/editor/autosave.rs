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
use super::journal;
use super::LyricsForm;
use crate::error::AppError;
use crate::sketches::api::get_sketch;
use crate::sketches::Sketch;

/// How long typing pauses before a save.
const DEBOUNCE: Duration = Duration::from_millis(800);
/// How long after a failed save (server down, network gone) the next attempt comes.
const RETRY: Duration = Duration::from_secs(5);

/// Whether the editor is still open: timers and answers that arrive after it closed do nothing
/// (its signals are gone; the journal and the leaving beacon keep what was unsaved).
fn alive(doc: LyricDoc) -> bool {
    doc.save.try_get_untracked().is_some()
}

/// Starts autosave for `doc`; stops with the calling component. Only in the browser: on the
/// server nothing is typed, and its thread-local timer handle must not be dropped on another
/// thread as a server render's owner may be.
pub fn start(doc: LyricDoc) {
    #[cfg(feature = "hydrate")]
    start_in_browser(doc);
    #[cfg(not(feature = "hydrate"))]
    let _ = doc;
}

#[cfg(feature = "hydrate")]
fn start_in_browser(doc: LyricDoc) {
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    let schedule = move |after: Duration| {
        if let Some(old) = timer.try_update_value(Option::take).flatten() {
            old.clear();
        }
        let handle = set_timeout_with_handle(move || save_now(doc), after);
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
        // Leaving for another page of the app: what is unsaved goes now, as on closing.
        let unsaved = doc.save.try_with_untracked(|s| {
            matches!(
                s,
                SaveState::Pending | SaveState::Saving | SaveState::Failed(_)
            )
        });
        if let (Some(true), Some(form)) = (unsaved, doc.try_form()) {
            journal::send_beacon(&form);
        }
    });
    journal::send_on_leave(doc);
}

/// Saves the text now unless a save is under way (that one saves again when it returns) or a
/// conflict waits for the writer.
pub fn save_now(doc: LyricDoc) {
    if alive(doc) {
        save_then(doc, |_| {});
    }
}

/// Saves what is unsaved right away, then runs `then` (leaving for the song form); a refused
/// save shows as usual and `then` does not run.
pub fn flush(doc: LyricDoc, then: impl FnOnce() + 'static) {
    save_then(doc, move |saved| {
        if saved {
            then();
        }
    });
}

/// The one save: runs `done(true)` once everything up to now is on the server, `done(false)`
/// when it is not (refused, conflict). One save at a time: two with the same version would
/// refuse each other, so a call while one runs waits for it.
fn save_then(doc: LyricDoc, done: impl FnOnce(bool) + 'static) {
    let Some(state) = doc.save.try_get_untracked() else {
        return;
    };
    match state {
        SaveState::Saved => return done(true),
        SaveState::Conflict(_) => return done(false),
        SaveState::Saving => {
            set_timeout(move || save_then(doc, done), Duration::from_millis(100));
            return;
        }
        SaveState::Pending | SaveState::Failed(_) => {}
    }
    doc.save.set(SaveState::Saving);
    let (form, edits) = (doc.form(), doc.edits.get_untracked());
    leptos::task::spawn_local(async move {
        let answer = save_lyrics(form.clone()).await;
        if !alive(doc) {
            return;
        }
        let settled = match answer {
            Ok(saved) => {
                doc.version.set(saved.version);
                true
            }
            Err(AppError::ChangedElsewhere) => match get_sketch(form.id.clone()).await {
                Ok(_) if !alive(doc) => return,
                Ok(theirs) if same_save(doc, &form, &theirs) => true,
                Ok(theirs) => {
                    doc.save.set(SaveState::Conflict(Box::new(theirs)));
                    return done(false);
                }
                Err(e) => return failed(doc, e, done),
            },
            Err(e) => return failed(doc, e, done),
        };
        if settled && doc.edits.get_untracked() == edits {
            doc.save.set(SaveState::Saved);
            journal::clear(&form.id);
            done(true);
        } else {
            // Typed while it saved: save again (and `done` once that is through).
            doc.save.set(SaveState::Pending);
            journal::write(&doc.form());
            set_timeout(move || save_then(doc, done), DEBOUNCE);
        }
    });
}

/// A save that did not get through: shown, and tried again later when the cause may pass.
fn failed(doc: LyricDoc, e: AppError, done: impl FnOnce(bool)) {
    let transient = matches!(
        e,
        AppError::Network | AppError::Internal | AppError::RateLimited { .. } | AppError::Busy
    );
    doc.save.set(SaveState::Failed(e));
    done(false);
    if transient {
        set_timeout(
            move || {
                if doc
                    .save
                    .try_with_untracked(|s| matches!(s, SaveState::Failed(_)))
                    .unwrap_or(false)
                {
                    save_now(doc);
                }
            },
            RETRY,
        );
    }
}

/// Whether a newer version found on the server holds this tab's text (as sent, or as it is
/// now): this tab's own beacon from before a reload got there first, so there is nothing to
/// choose, only the version to take over.
fn same_save(doc: LyricDoc, form: &LyricsForm, theirs: &Sketch) -> bool {
    let matches = |f: &LyricsForm| {
        theirs.lyrics.trim_end() == f.lyrics.trim_end()
            && theirs.language.tag() == f.language
            && theirs.structure.to_text() == f.structure
    };
    let same = matches(form) || matches(&doc.form());
    if same {
        doc.version.set(theirs.version);
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
    save_now(doc);
}

/// On opening: a journal left by a tab that closed before the server had its text (lyrics,
/// language and structure). Kept from the same version, it comes back as an unsaved change;
/// from an older one (the sketch was saved elsewhere since), as a conflict that stays based on
/// the old version until the writer chooses, so nothing is overwritten unasked.
pub fn recover(doc: LyricDoc, stored: &Sketch) -> bool {
    let Some(kept) = journal::read(&stored.id) else {
        return false;
    };
    let same = kept.lyrics.trim_end() == stored.lyrics.trim_end()
        && kept.language == stored.language.tag()
        && kept.structure == stored.structure.to_text();
    if same {
        journal::clear(&stored.id);
        return false;
    }
    if kept.version != stored.version {
        doc.version.set(kept.version);
        doc.save.set(SaveState::Conflict(Box::new(stored.clone())));
    }
    if let Some(language) = shared::locale::Language::from_tag(&kept.language) {
        doc.language.set(language);
    }
    if let Ok(structure) = shared::lyrics::Architecture::parse(&kept.structure) {
        doc.structure.set(structure);
    }
    doc.change(kept.lyrics, ChangeKind::Tool);
    doc.touched();
    true
}
