//! The sketch library: song ideas (title, lyrics, style prompt, tags) kept until they become
//! songs. A sketch turns "used" when a song is generated from it.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod page;
pub mod request;

pub use page::SketchesPage;
pub use request::SketchForm;

use serde::{Deserialize, Serialize};
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
    pub created_at: i64,
    pub updated_at: i64,
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
