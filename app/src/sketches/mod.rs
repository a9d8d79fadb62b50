//! The sketch library: song ideas (title, lyrics, style prompt, tags) kept until they become
//! songs. A sketch turns "used" when a song is generated from it.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod page;

pub use page::SketchesPage;

use serde::{Deserialize, Serialize};
use shared::paging::Page;

/// Where a sketch is in the writer's process (spec: draft, used, archived).
pub const WORKFLOWS: [&str; 3] = ["draft", "used", "archived"];

pub const MAX_TITLE_CHARS: usize = 500;
pub const MAX_LYRICS_CHARS: usize = 20_000;
pub const MAX_PROMPT_CHARS: usize = 1024;
pub const MAX_TAGS_CHARS: usize = 1000;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sketch {
    pub id: String,
    pub title: String,
    pub lyrics: String,
    pub prompt: String,
    pub tags: String,
    pub workflow: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// Search and filter of the library, as they appear in the URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SketchQuery {
    #[serde(default)]
    pub search: String,
    /// One of [`WORKFLOWS`], or empty for all but archived.
    #[serde(default)]
    pub workflow: String,
    #[serde(default)]
    pub page: Page,
}

/// Sketches per page of the library.
pub const PAGE_SIZE: u32 = 500;
