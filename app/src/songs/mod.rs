//! Songs: generation through the job runner (Mureka), the results kept in our storage, and the
//! song list with players, ratings and workflow; the Mureka account.

mod account;
pub mod api;
#[cfg(feature = "ssr")]
pub mod audio_routes;
#[cfg(feature = "ssr")]
pub mod db;
mod detail_panel;
#[cfg(feature = "ssr")]
pub mod job_kind;
#[cfg(feature = "ssr")]
pub mod job_step;
mod list_page;
mod new_page;
pub mod preflight;
pub mod status;
mod to_editor;

pub use account::MurekaAccount;
pub use list_page::SongsPage;
pub use new_page::NewSongPage;

use serde::{Deserialize, Serialize};

use crate::jobs::{FailureKind, JobState};

shared::closed_set! {
    /// Where a song is in the user's own process (spec: onWork, inUse, notUsed).
    pub enum SongWorkflow { OnWork = "onWork", InUse = "inUse", NotUsed = "notUsed" }
}

/// One song with its generation status and results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Song {
    pub id: String,
    pub title: String,
    pub tags: String,
    pub lyrics: String,
    pub prompt: String,
    pub model: String,
    pub workflow: SongWorkflow,
    pub is_instrumental: bool,
    pub sketch_id: Option<String>,
    pub created_at: i64,
    pub completed_at: Option<i64>,
    pub status: SongStatus,
    pub choices: Vec<SongChoice>,
}

impl Song {
    /// The name a song is listed under: its title, else its first lyric line.
    pub fn display_title(&self, untitled: &str) -> String {
        if !self.title.is_empty() {
            return self.title.clone();
        }
        self.lyrics
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('['))
            .map(|l| l.chars().take(60).collect())
            .unwrap_or_else(|| untitled.to_string())
    }
}

/// The generation's state as the user sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SongStatus {
    pub state: JobState,
    /// 0–100.
    pub progress: i64,
    /// The provider's own word for it (`preparing`, `running`, …).
    pub provider_status: Option<String>,
    /// What failed, when the last attempt did.
    pub error_kind: Option<FailureKind>,
    /// The provider's reason, when it gave one.
    pub error_message: Option<String>,
    /// Failed attempts since the last progress (retries with backoff).
    pub attempts: i64,
}

/// One variant of a song, its audio in our storage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SongChoice {
    pub id: String,
    pub index: i64,
    pub duration_ms: i64,
    pub has_flac: bool,
    /// None: not rated; 0 thumbs down; 1 thumbs up.
    pub rating: Option<i64>,
}

impl SongChoice {
    pub fn mp3_url(&self) -> String {
        format!("/media/songs/{}/mp3", self.id)
    }
    pub fn flac_url(&self) -> String {
        format!("/media/songs/{}/flac", self.id)
    }
}
