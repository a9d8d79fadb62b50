//! Saved music styles: style prompts a user keeps under a name and picks from in the song form.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;

pub use api::{list_style_prompts, SaveStylePrompt};

use serde::{Deserialize, Serialize};

pub const MAX_NAME_CHARS: usize = 80;
/// A style is sent to the song provider as its prompt, so it keeps to the provider's limit.
pub const MAX_PROMPT_CHARS: usize = shared::lyrics::PROVIDER_PROMPT_MAX_CHARS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StylePrompt {
    pub id: String,
    pub name: String,
    pub prompt: String,
}
