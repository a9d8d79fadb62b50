//! Rhyme suggestions for a word: perfect and near rhymes. English from the CMU Pronouncing
//! Dictionary (derived by `scripts/rhyme-data.py` into `app/data/rhymes-en.txt`), German by
//! the suffix heuristic of `shared::lyrics::rhyme_key` over a list of common lyric words
//! (`app/data/words-de.txt`). The data is read once on the server; the browser only asks.

pub mod api;
#[cfg(feature = "ssr")]
mod dictionary;
mod panel;

pub use panel::RhymePanel;

use serde::{Deserialize, Serialize};

/// Rhymes for one word, best first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RhymeSuggestions {
    pub word: String,
    /// Same sound from the stressed vowel on (`night`: `light`, `bright`).
    pub perfect: Vec<String>,
    /// Same vowels, other consonants (`night`: `life`, `time`).
    pub near: Vec<String>,
}

/// Suggestions of each kind at most.
pub const MAX_SUGGESTIONS: usize = 40;
/// Longest word looked up.
pub const MAX_WORD_CHARS: usize = 40;
