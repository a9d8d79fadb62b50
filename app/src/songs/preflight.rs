//! Checks a song request before anything is paid for: what the provider would refuse is refused
//! here, with the field to fix, and the lyrics' section tags are rewritten to the provider's.

use serde::{Deserialize, Serialize};
use shared::input::InputProblem;
use shared::lyrics::{normalize_for_provider, parse, Mapping};
use shared::text::{MultiLine, SingleLine};

use crate::error::Field;

/// The provider's limits (Mureka).
pub const MAX_LYRICS_CHARS: usize = shared::lyrics::PROVIDER_MAX_CHARS;
pub const MAX_PROMPT_CHARS: usize = shared::lyrics::PROVIDER_PROMPT_MAX_CHARS;
pub const MAX_TITLE_CHARS: usize = 500;
pub const MAX_TAGS_CHARS: usize = 1000;

/// A song request as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SongRequest {
    pub lyrics: String,
    pub prompt: String,
    pub model: String,
    pub title: String,
    pub tags: String,
    pub instrumental: bool,
    pub sketch_id: Option<String>,
    /// Chosen by the form once per submission, so a double click or a retried request makes
    /// one song.
    pub idempotency_key: String,
}

/// The request as it will be submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checked {
    pub lyrics: String,
    pub prompt: String,
    pub model: String,
    pub title: String,
    pub tags: String,
    /// Section headers that were changed to the provider's names.
    pub mappings: Vec<Mapping>,
}

/// Models the form offers; `auto` lets the provider pick its current one.
pub const MODELS: [&str; 3] = ["auto", "mureka-7.5", "mureka-o1"];

pub fn check(req: &SongRequest) -> Result<Checked, (Field, InputProblem)> {
    let too_long = |s: &str, max: usize| s.chars().count() > max;
    let prompt = MultiLine::parse(req.prompt.trim_start(), MAX_PROMPT_CHARS)
        .map_err(|p| (Field::Prompt, p))?
        .into_string();
    if req.instrumental && prompt.is_empty() {
        return Err((Field::Prompt, InputProblem::Required));
    }
    let model = match req.model.trim() {
        "" => "auto".to_string(),
        m if MODELS.contains(&m) => m.to_string(),
        _ => return Err((Field::Model, InputProblem::UnknownOption)),
    };
    let title = SingleLine::parse(&req.title, MAX_TITLE_CHARS)
        .map_err(|p| (Field::Title, p))?
        .into_string();
    let tags = SingleLine::parse(&req.tags, MAX_TAGS_CHARS)
        .map_err(|p| (Field::Tags, p))?
        .into_string();
    let (lyrics, mappings) = if req.instrumental {
        (String::new(), Vec::new())
    } else {
        // The length is checked after normalising, on what the provider will count.
        let lyrics =
            MultiLine::required(&req.lyrics, usize::MAX).map_err(|p| (Field::Lyrics, p))?;
        let normalized = normalize_for_provider(&parse(&lyrics));
        (normalized.text, normalized.mappings)
    };
    if too_long(&lyrics, MAX_LYRICS_CHARS) {
        return Err((Field::Lyrics, InputProblem::TooLong));
    }
    Ok(Checked {
        lyrics,
        prompt,
        model,
        title,
        tags,
        mappings,
    })
}

/// An idempotency key is 8–64 letters, digits or dashes (the form sends a UUID).
pub fn valid_key(key: &str) -> bool {
    (8..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(lyrics: &str) -> SongRequest {
        SongRequest {
            lyrics: lyrics.into(),
            prompt: "dream pop".into(),
            idempotency_key: "k-12345678".into(),
            ..Default::default()
        }
    }

    #[test]
    fn headers_become_provider_tags_and_are_reported() {
        let c = check(&req("**Hook**\nla la\n\nVerse 2:\nlo lo")).unwrap();
        assert!(c.lyrics.contains("[Chorus]"), "{}", c.lyrics);
        assert!(c.lyrics.contains("[Verse]"));
        assert!(!c.mappings.is_empty());
        assert_eq!(c.model, "auto");
    }

    #[test]
    fn refuses_what_the_provider_would() {
        assert_eq!(
            check(&req("  ")).unwrap_err(),
            (Field::Lyrics, InputProblem::Required)
        );
        let long = "la ".repeat(1200);
        assert_eq!(
            check(&req(&long)).unwrap_err(),
            (Field::Lyrics, InputProblem::TooLong)
        );
        let mut r = req("la");
        r.prompt = "x".repeat(MAX_PROMPT_CHARS + 1);
        assert_eq!(
            check(&r).unwrap_err(),
            (Field::Prompt, InputProblem::TooLong)
        );
        let mut r = req("la");
        r.model = "gpt".into();
        assert_eq!(
            check(&r).unwrap_err(),
            (Field::Model, InputProblem::UnknownOption)
        );
    }

    #[test]
    fn instrumentals_need_a_prompt_and_no_lyrics() {
        let mut r = req("");
        r.instrumental = true;
        let c = check(&r).unwrap();
        assert!(c.lyrics.is_empty());
        r.prompt = " ".into();
        assert_eq!(
            check(&r).unwrap_err(),
            (Field::Prompt, InputProblem::Required)
        );
    }

    #[test]
    fn keys() {
        assert!(valid_key("3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8"));
        assert!(!valid_key("short"));
        assert!(!valid_key("has space in it"));
    }
}
