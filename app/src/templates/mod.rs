//! Prompt templates: the wording and model parameters of every AI text operation, kept in the
//! database so they can be tuned and tested without a release. All text generation goes through
//! [`run::generate_with_template`].

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod edit;
pub mod labels;
mod page;
#[cfg(feature = "ssr")]
pub mod run;

pub use page::TemplatesPage;

use serde::{Deserialize, Serialize};

/// One template as the UI edits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromptTemplate {
    pub id: String,
    pub category: String,
    pub action: String,
    pub pre_condition: String,
    pub post_condition: String,
    pub description: String,
    pub version: String,
    pub model: String,
    pub temperature: f64,
    pub max_tokens: i64,
    pub active: bool,
    pub updated_at: i64,
}

/// Limits the editor and the server enforce.
pub const MAX_CONDITION_CHARS: usize = 10_000;
pub const MAX_INPUT_CHARS: usize = 20_000;
pub const TEMPERATURE_RANGE: std::ops::RangeInclusive<f64> = 0.0..=2.0;
pub const MAX_TOKENS_RANGE: std::ops::RangeInclusive<i64> = 1..=32_768;

/// The next version after `v`: `1.0` → `1.1`; anything unparsable restarts at `1.0`.
pub fn next_version(v: &str) -> String {
    match v
        .split_once('.')
        .and_then(|(a, b)| Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?)))
    {
        Some((major, minor)) => format!("{major}.{}", minor + 1),
        None => "1.0".into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn versions_count_up() {
        assert_eq!(super::next_version("1.0"), "1.1");
        assert_eq!(super::next_version("2.9"), "2.10");
        assert_eq!(super::next_version("x"), "1.0");
    }
}
