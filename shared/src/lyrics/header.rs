//! Recognising and writing section headers.
//!
//! Accepted forms (case-insensitive, English and German names): `**Verse 1**`, `**Verse1**`,
//! `Verse 1:`, `[Verse 1]`, `[Pre-Chorus]`. The bracket form is what song models read. Bold and
//! bracket lines are headers even with an unknown name (kind `Other`); the colon form only with a
//! known name, because a lyric line may well end in a colon ("and she said:").

use super::SectionKind;
use serde::{Deserialize, Serialize};

/// A recognised header line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub kind: SectionKind,
    pub number: Option<u32>,
    /// The text inside the decoration, trimmed (`Verse 1`).
    pub label: String,
}

/// How headers are written when rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderStyle {
    /// `**Verse 1**`, the editor's style.
    #[default]
    Markdown,
    /// `Verse 1:`. Only known section names can be read back in this form, so headers of
    /// kind `Other` are written as bracket tags instead.
    Colon,
    /// `[Verse 1]`, what song models read.
    Bracket,
}

impl HeaderStyle {
    pub fn write(self, label: &str) -> String {
        match self {
            HeaderStyle::Markdown => format!("**{label}**"),
            HeaderStyle::Colon => format!("{label}:"),
            HeaderStyle::Bracket => format!("[{label}]"),
        }
    }
}

/// Section names we know, in English and German, lower-case with separators removed.
fn kind_of(name: &str) -> Option<SectionKind> {
    let key: String = name
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.'))
        .flat_map(char::to_lowercase)
        .collect();
    Some(match key.as_str() {
        "intro" | "einleitung" | "einführung" => SectionKind::Intro,
        "verse" | "vers" | "strophe" => SectionKind::Verse,
        "prechorus" | "vorrefrain" | "prerefrain" | "überleitung" => SectionKind::PreChorus,
        "chorus" | "refrain" | "kehrvers" => SectionKind::Chorus,
        "bridge" | "brücke" | "bruecke" | "zwischenteil" | "mittelteil" => SectionKind::Bridge,
        "breakdown" => SectionKind::Breakdown,
        "hook" => SectionKind::Hook,
        "outro" | "schluss" | "ausklang" | "schlussteil" => SectionKind::Outro,
        _ => return None,
    })
}

/// Splits `Verse 12` / `Verse12` into name and number.
fn split_number(label: &str) -> (&str, Option<u32>) {
    let trimmed = label.trim_end();
    let digits = trimmed.len() - trimmed.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 6 || digits == trimmed.len() {
        return (trimmed, None);
    }
    let (name, num) = trimmed.split_at(trimmed.len() - digits);
    (name.trim_end(), num.parse().ok())
}

fn classify(inner: &str, known_only: bool) -> Option<Header> {
    let label = inner.trim().trim_end_matches(':').trim();
    if label.is_empty() || label.chars().count() > 40 {
        return None;
    }
    let (name, number) = split_number(label);
    match kind_of(name) {
        Some(kind) => Some(Header {
            kind,
            number,
            label: label.to_string(),
        }),
        None if known_only => None,
        None => Some(Header {
            kind: SectionKind::Other,
            number: None,
            label: label.to_string(),
        }),
    }
}

/// Recognises a header line, or `None` for a lyric line.
pub fn parse_header(line: &str) -> Option<Header> {
    let t = line.trim();
    if let Some(inner) = t.strip_prefix("**").and_then(|r| r.strip_suffix("**")) {
        let inner = inner.trim_end_matches(':');
        return (!inner.contains('*'))
            .then(|| classify(inner, false))
            .flatten();
    }
    if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        return (!inner.contains(['[', ']']))
            .then(|| classify(inner, false))
            .flatten();
    }
    if let Some(inner) = t.strip_suffix(':') {
        return classify(inner, true);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use SectionKind::*;

    fn h(line: &str) -> Option<(SectionKind, Option<u32>, String)> {
        parse_header(line).map(|h| (h.kind, h.number, h.label))
    }

    #[test]
    fn every_header_form_is_recognised() {
        for line in [
            "**Verse1**",
            "**Verse 1**",
            "Verse 1:",
            "[Verse 1]",
            "  [verse 1]  ",
            "**VERSE 1:**",
        ] {
            let (kind, number, _) = h(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((kind, number), (Verse, Some(1)), "{line}");
        }
        assert_eq!(
            h("[Pre-Chorus]"),
            Some((PreChorus, None, "Pre-Chorus".into()))
        );
        assert_eq!(
            h("**Verse1**").unwrap().2,
            "Verse1",
            "the label is kept as written"
        );
    }

    #[test]
    fn every_kind_in_english_and_german() {
        let cases = [
            ("Intro", Intro),
            ("Einleitung", Intro),
            ("Verse", Verse),
            ("Strophe", Verse),
            ("Pre-Chorus", PreChorus),
            ("PreChorus", PreChorus),
            ("pre chorus", PreChorus),
            ("Vorrefrain", PreChorus),
            ("Chorus", Chorus),
            ("Refrain", Chorus),
            ("Bridge", Bridge),
            ("Brücke", Bridge),
            ("Breakdown", Breakdown),
            ("Hook", Hook),
            ("Outro", Outro),
            ("Schluss", Outro),
        ];
        for (name, kind) in cases {
            for line in [
                format!("[{name}]"),
                format!("**{name}**"),
                format!("{name}:"),
            ] {
                assert_eq!(h(&line).map(|x| x.0), Some(kind), "{line}");
            }
        }
        assert_eq!(h("[Strophe 2]").map(|x| (x.0, x.1)), Some((Verse, Some(2))));
    }

    #[test]
    fn unknown_names_are_other_only_when_decorated() {
        assert_eq!(
            h("[Guitar Solo]"),
            Some((Other, None, "Guitar Solo".into()))
        );
        assert_eq!(h("**Interlude**"), Some((Other, None, "Interlude".into())));
        assert_eq!(
            h("and then she said:"),
            None,
            "a lyric line ending in a colon"
        );
        assert_eq!(h("I walk the line"), None);
        assert_eq!(h("[]"), None);
        assert_eq!(h("**bold** words **here**"), None);
        assert_eq!(h("[a] and [b]"), None);
    }

    #[test]
    fn styles_write_what_parse_reads() {
        for style in [
            HeaderStyle::Markdown,
            HeaderStyle::Colon,
            HeaderStyle::Bracket,
        ] {
            let line = style.write("Chorus 2");
            assert_eq!(
                h(&line),
                Some((Chorus, Some(2), "Chorus 2".into())),
                "{line}"
            );
        }
    }
}
