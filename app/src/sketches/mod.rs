//! The sketch library: song ideas (title, lyrics, style prompt, tags) kept until they become
//! songs. A sketch turns "used" when a song is generated from it. It is the lyric library too:
//! the lyric studio (`crate::lyrics`) edits a sketch's lyrics, language and structure.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod new_lyric;
mod page;
pub mod request;

pub use page::SketchesPage;
pub use request::SketchForm;

use serde::{Deserialize, Serialize};
use shared::locale::Language;
use shared::lyrics::Architecture;
use shared::paging::Page;

shared::closed_set! {
    /// Where a sketch is in the writer's process (spec: draft, used, archived).
    pub enum SketchWorkflow { Draft = "draft", Used = "used", Archived = "archived" }
}

impl Default for SketchWorkflow {
    fn default() -> Self {
        SketchWorkflow::Draft
    }
}

pub const MAX_TITLE_CHARS: usize = 500;
pub const MAX_LYRICS_CHARS: usize = 20_000;
pub const MAX_PROMPT_CHARS: usize = shared::lyrics::PROVIDER_PROMPT_MAX_CHARS;
pub const MAX_TAGS_CHARS: usize = 1000;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sketch {
    pub id: String,
    pub title: String,
    pub lyrics: String,
    pub prompt: String,
    pub tags: String,
    pub workflow: SketchWorkflow,
    /// The language the lyrics are written in: syllables and rhymes are counted by its rules.
    pub language: Language,
    /// The song structure built in the lyric studio (`VERSE1 - CHORUS - …`).
    pub structure: Architecture,
    /// Grows by one with every change of the lyrics or the form; a save names the version it
    /// started from, so a stale tab cannot overwrite a newer text.
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A checked save of the lyric studio: the lyrics, their language and the structure of sketch
/// `id`, made from `version`.
#[derive(Debug, Clone, PartialEq)]
pub struct LyricsSave {
    pub id: String,
    pub version: i64,
    pub lyrics: String,
    pub language: Language,
    pub structure: Architecture,
}

/// A new lyric: a draft sketch, from the library ("new lyric") or from the song form (its
/// lyrics and style prompt, so nothing typed there is lost on the way to the editor).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LyricDraft {
    pub title: String,
    pub lyrics: String,
    pub prompt: String,
    pub language: String,
}

/// Search and filter of the library, as they appear in the URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SketchQuery {
    #[serde(default)]
    pub search: String,
    /// A [`SketchWorkflow`]'s string, or empty (or unknown) for all but archived.
    #[serde(default)]
    pub workflow: String,
    #[serde(default)]
    pub page: Page,
}

/// Sketches per page of the library.
pub const PAGE_SIZE: u32 = 500;

impl SketchQuery {
    /// The workflow filtered on; `None` lists all but archived sketches.
    pub fn workflow_filter(&self) -> Option<SketchWorkflow> {
        SketchWorkflow::parse(&self.workflow)
    }
}
