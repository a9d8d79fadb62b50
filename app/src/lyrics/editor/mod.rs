//! The lyric editor at `/sketches/{id}/lyrics`: a sketch's lyrics with a gutter of counts and rhyme
//! letters, an outline, autosave with a version check, undo and redo, the text tools (cleanup,
//! section formatting, structure) and the section editor with AI help.

pub mod api;
mod autosave;
mod doc;
mod gutter;
mod history;
mod journal;
mod page;
#[cfg(feature = "ssr")]
mod section_ai;
mod section_panel;
mod structure_dialog;
mod suggestion;
mod toolbar;

pub use page::LyricEditorPage;

use serde::{Deserialize, Serialize};

/// The lyric studio's save as the editor sends it: the sketch, the version the text was
/// based on, the text, its language tag and the structure in tokens (`VERSE1 - CHORUS`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LyricsForm {
    pub id: String,
    pub version: i64,
    pub lyrics: String,
    pub language: String,
    pub structure: String,
}

/// What a save answers: the sketch's new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LyricsSaved {
    pub version: i64,
    pub updated_at: i64,
}

/// What the AI does to one section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionAction {
    Improve,
    Rewrite,
    Extend,
}

impl SectionAction {
    /// The prompt template's action (category `lyrics`).
    pub fn template_action(self) -> &'static str {
        match self {
            SectionAction::Improve => "improve",
            SectionAction::Rewrite => "rewrite",
            SectionAction::Extend => "extend",
        }
    }
}

/// One section for the AI, with the whole song as context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionRequest {
    pub action: SectionAction,
    /// The whole song as it stands.
    pub song: String,
    /// The section's header label (`Verse 2`), empty for unlabeled text.
    pub label: String,
    /// The section's lines.
    pub text: String,
    /// Lines to add (extend only).
    pub lines: u32,
}

/// Lines the extend tool adds at most at once.
pub const MAX_EXTEND_LINES: u32 = 16;
