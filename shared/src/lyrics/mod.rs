//! Lyrics as songwriters write them: sections with headers, cleanup rules, structure, counts.
//!
//! Everything here is a pure function of its input, so the editor in the browser and the server
//! (which prepares lyrics for the song provider) agree to the character.

mod counts;
mod diff;
mod header;
mod layout;
mod parse;
mod provider;
mod rhyme;
mod rules;
mod structure;

pub use counts::{syllables, LineStats, SongStats, PROVIDER_MAX_CHARS, PROVIDER_PROMPT_MAX_CHARS};
pub use diff::{line_diff, DiffLine, LineChange, MAX_DIFF_LINES};
pub use header::{parse_header, Header, HeaderStyle};
pub use layout::{gutter, replace_span, section_spans, span_text, GutterLine, SectionSpan};
pub use parse::{parse, render};
pub use provider::{normalize_for_provider, Mapping, ProviderLyrics};
pub use rhyme::{last_word, rhyme_key, rhyme_scheme, rhymes};
pub use rules::{
    compile_pattern, default_rules, Rule, RuleError, RuleKind, RuleSet, DEFAULT_RULES_JSON,
};
pub use structure::{apply_structure, rebuild_architecture, Architecture, SectionRef, Structured};

use serde::{Deserialize, Serialize};

/// What part of a song a section is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// Text without a header: before the first header, or paragraphs beyond an architecture.
    Unlabeled,
    Intro,
    Verse,
    PreChorus,
    Chorus,
    Bridge,
    Breakdown,
    Hook,
    Outro,
    /// A header we do not know (`[Solo]`, `**Interlude**`); its label is kept as written.
    Other,
}

impl SectionKind {
    /// The English display name used when we write a header ourselves.
    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Unlabeled => "",
            SectionKind::Intro => "Intro",
            SectionKind::Verse => "Verse",
            SectionKind::PreChorus => "Pre-Chorus",
            SectionKind::Chorus => "Chorus",
            SectionKind::Bridge => "Bridge",
            SectionKind::Breakdown => "Breakdown",
            SectionKind::Hook => "Hook",
            SectionKind::Outro => "Outro",
            SectionKind::Other => "Other",
        }
    }
}

/// One section of a song: its kind, number (`Verse 2`), the header as written, and its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub kind: SectionKind,
    pub number: Option<u32>,
    /// The header text as written, without decoration (`Strophe 2`, `Pre-Chorus`); empty for
    /// unlabeled text.
    pub label: String,
    /// The lyric lines, without trailing line breaks; inner blank lines are kept.
    pub lines: Vec<String>,
}

impl Section {
    /// A section with the canonical English label for its kind and number.
    pub fn new(kind: SectionKind, number: Option<u32>, lines: Vec<String>) -> Section {
        let label = match (kind, number) {
            (SectionKind::Unlabeled, _) => String::new(),
            (k, Some(n)) => format!("{} {n}", k.name()),
            (k, None) => k.name().to_string(),
        };
        Section {
            kind,
            number,
            label,
            lines,
        }
    }
}
