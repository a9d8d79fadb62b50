//! The open lyric: its text, language and structure as signals, and the one way to change the
//! text ([`LyricDoc::change`]), which records the undo step and tells autosave. Every part of
//! the editor (typing, tools, the section editor, a resolved conflict) goes through it, so
//! undo covers all of them.

use leptos::prelude::*;
use shared::locale::Language;
use shared::lyrics::{Architecture, HeaderStyle, Rule};

use super::history::{ChangeKind, History};
use super::LyricsForm;
use crate::error::AppError;
use crate::sketches::Sketch;

/// Where the text stands with the server.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Saved,
    /// Changed; a save is due.
    Pending,
    Saving,
    /// Another tab saved first: its text, to show beside ours.
    Conflict(Box<Sketch>),
    Failed(AppError),
}

#[derive(Clone, Copy)]
pub struct LyricDoc {
    pub id: StoredValue<String>,
    pub text: RwSignal<String>,
    pub language: RwSignal<Language>,
    pub structure: RwSignal<Architecture>,
    /// How the structure tools write headers.
    pub header_style: RwSignal<HeaderStyle>,
    /// The version of the sketch the text is based on.
    pub version: RwSignal<i64>,
    /// Counts changes, so a save knows whether it saved the latest.
    pub edits: RwSignal<u64>,
    pub save: RwSignal<SaveState>,
    /// The parsing rules (all; the engine takes the active ones).
    pub rules: StoredValue<Vec<Rule>>,
    /// What the last tool has to say (structure mismatches, rule errors).
    pub notice: RwSignal<Option<String>>,
    history: StoredValue<History>,
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
}

impl LyricDoc {
    pub fn new(sketch: &Sketch, rules: Vec<Rule>) -> LyricDoc {
        LyricDoc {
            id: StoredValue::new(sketch.id.clone()),
            text: RwSignal::new(sketch.lyrics.clone()),
            language: RwSignal::new(sketch.language),
            structure: RwSignal::new(sketch.structure.clone()),
            header_style: RwSignal::new(HeaderStyle::Markdown),
            version: RwSignal::new(sketch.version),
            edits: RwSignal::new(0),
            save: RwSignal::new(SaveState::Saved),
            rules: StoredValue::new(rules),
            notice: RwSignal::new(None),
            history: StoredValue::new(History::default()),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
        }
    }

    /// Replaces the text; `kind` decides how it groups for undo.
    pub fn change(&self, text: String, kind: ChangeKind) {
        let before = self.text.get_untracked();
        if before == text {
            return;
        }
        self.history
            .update_value(|h| h.record(&before, kind, now_ms()));
        self.text.set(text);
        self.touched();
    }

    pub fn undo(&self) {
        let current = self.text.get_untracked();
        if let Some(previous) = self
            .history
            .try_update_value(|h| h.undo(&current))
            .flatten()
        {
            self.text.set(previous);
            self.touched();
        }
    }

    pub fn redo(&self) {
        let current = self.text.get_untracked();
        if let Some(next) = self
            .history
            .try_update_value(|h| h.redo(&current))
            .flatten()
        {
            self.text.set(next);
            self.touched();
        }
    }

    /// A change that is not the text's own (language, structure) but must be saved too.
    pub fn touched(&self) {
        self.history.with_value(|h| {
            self.can_undo.set(h.can_undo());
            self.can_redo.set(h.can_redo());
        });
        self.edits.update(|n| *n += 1);
        // A save under way sees the newer edit when it returns and saves again; a conflict
        // waits for the writer's choice.
        if matches!(
            self.save.get_untracked(),
            SaveState::Saved | SaveState::Failed(_)
        ) {
            self.save.set(SaveState::Pending);
        }
    }

    /// The save of everything as it stands now.
    pub fn form(&self) -> LyricsForm {
        LyricsForm {
            id: self.id.get_value(),
            version: self.version.get_untracked(),
            lyrics: self.text.get_untracked(),
            language: self.language.get_untracked().tag().to_string(),
            structure: self.structure.with_untracked(Architecture::to_text),
        }
    }

    /// [`LyricDoc::form`], or `None` once the editor's signals are gone (as it closes).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub fn try_form(&self) -> Option<LyricsForm> {
        Some(LyricsForm {
            id: self.id.try_get_value()?,
            version: self.version.try_get_untracked()?,
            lyrics: self.text.try_get_untracked()?,
            language: self.language.try_get_untracked()?.tag().to_string(),
            structure: self.structure.try_with_untracked(Architecture::to_text)?,
        })
    }
}

/// Milliseconds since the page started (only differences matter).
pub fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}
