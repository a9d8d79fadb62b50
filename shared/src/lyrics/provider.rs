//! Preparing lyrics for the song provider, whose section tags are intro, verse, pre-chorus,
//! chorus, bridge, breakdown and outro, written as bracket tags without numbers.

use super::header::HeaderStyle;
use super::parse::render;
use super::{Section, SectionKind};
use serde::{Deserialize, Serialize};

/// A header that had to change to something the provider understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// The header as written (empty for text without a header).
    pub from: String,
    pub to: SectionKind,
}

/// Lyrics ready to submit, and what was mapped on the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderLyrics {
    pub text: String,
    pub mappings: Vec<Mapping>,
}

/// The provider's kind for ours (the same where the provider has it).
fn provider_kind(kind: SectionKind) -> SectionKind {
    match kind {
        SectionKind::Hook => SectionKind::Chorus,
        SectionKind::Other | SectionKind::Unlabeled => SectionKind::Verse,
        k => k,
    }
}

/// Rewrites every header as the provider's bracket tag (`[Verse]`, `[Pre-Chorus]`), mapping
/// hook → chorus and unknown or missing headers → verse, and reports each mapping.
pub fn normalize_for_provider(sections: &[Section]) -> ProviderLyrics {
    let mut mappings = Vec::new();
    let normalized: Vec<Section> = sections
        .iter()
        .map(|s| {
            let to = provider_kind(s.kind);
            if to != s.kind {
                mappings.push(Mapping {
                    from: s.label.clone(),
                    to,
                });
            }
            Section::new(to, None, s.lines.clone())
        })
        .collect();
    ProviderLyrics {
        text: render(&normalized, HeaderStyle::Bracket),
        mappings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lyrics::parse;

    #[test]
    fn headers_become_provider_tags_and_mappings_are_reported() {
        let song = "intro words\n\n**Strophe 1**\nEins\n\n**Pre-Chorus**\nZwei\n\nHook:\nDrei\n\n[Guitar Solo]\nVier";
        let out = normalize_for_provider(&parse(song));
        assert_eq!(out.text, "[Verse]\nintro words\n\n[Verse]\nEins\n\n[Pre-Chorus]\nZwei\n\n[Chorus]\nDrei\n\n[Verse]\nVier");
        let from: Vec<_> = out
            .mappings
            .iter()
            .map(|m| (m.from.as_str(), m.to))
            .collect();
        assert_eq!(
            from,
            [
                ("", SectionKind::Verse),
                ("Hook", SectionKind::Chorus),
                ("Guitar Solo", SectionKind::Verse)
            ]
        );
    }
}
