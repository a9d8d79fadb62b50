//! Song architecture (`VERSE1 - CHORUS - VERSE2 - CHORUS - BRIDGE - CHORUS`): applying it to
//! unstructured text and reading it back from structured lyrics.

use super::header::parse_header;
use super::parse::parse;
use super::{Section, SectionKind};
use serde::{Deserialize, Serialize};

/// One slot of an architecture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionRef {
    pub kind: SectionKind,
    pub number: Option<u32>,
}

impl SectionRef {
    /// The token as the architecture builder writes it: `VERSE1`, `PRE_CHORUS`.
    pub fn token(self) -> String {
        let name = self.kind.name().to_uppercase().replace('-', "_");
        match self.number {
            Some(n) => format!("{name}{n}"),
            None => name,
        }
    }
}

/// An ordered list of sections to label paragraphs with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Architecture(pub Vec<SectionRef>);

impl Architecture {
    /// Reads `VERSE1 - CHORUS - PRE_CHORUS`, separators `-`, `–`, `—`, `,` or spaces.
    /// Unknown tokens are returned as the error.
    pub fn parse(text: &str) -> Result<Architecture, String> {
        let mut refs = Vec::new();
        for token in text.split(|c: char| c == ',' || c == '–' || c == '—' || c.is_whitespace())
        {
            let token = token.trim_matches('-');
            if token.is_empty() {
                continue;
            }
            let header =
                parse_header(&format!("[{token}]")).filter(|h| h.kind != SectionKind::Other);
            match header {
                Some(h) => refs.push(SectionRef {
                    kind: h.kind,
                    number: h.number,
                }),
                None => return Err(token.to_string()),
            }
        }
        Ok(Architecture(refs))
    }

    /// Writes the architecture as tokens joined by ` - `.
    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|r| r.token())
            .collect::<Vec<_>>()
            .join(" - ")
    }
}

/// The outcome of applying an architecture: labeled sections, paragraphs beyond the
/// architecture kept as unlabeled sections at the end, and slots that got no paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structured {
    pub sections: Vec<Section>,
    pub extra_paragraphs: usize,
    pub missing: Vec<SectionRef>,
}

/// Splits text into paragraphs on blank lines (existing headers are dropped first, so a song can
/// be re-structured) and labels them in order.
pub fn apply_structure(text: &str, architecture: &Architecture) -> Structured {
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for section in parse(text) {
        for line in section.lines {
            if line.trim().is_empty() {
                if !current.is_empty() {
                    paragraphs.push(std::mem::take(&mut current));
                }
            } else {
                current.push(line);
            }
        }
        if !current.is_empty() {
            paragraphs.push(std::mem::take(&mut current));
        }
    }
    let slots = &architecture.0;
    let labeled = paragraphs.len().min(slots.len());
    let mut rest = paragraphs.into_iter();
    let mut sections: Vec<Section> = slots[..labeled]
        .iter()
        .zip(rest.by_ref())
        .map(|(slot, lines)| Section::new(slot.kind, slot.number, lines))
        .collect();
    let extras: Vec<Section> = rest
        .map(|lines| Section::new(SectionKind::Unlabeled, None, lines))
        .collect();
    let extra_paragraphs = extras.len();
    sections.extend(extras);
    Structured {
        sections,
        extra_paragraphs,
        missing: slots[labeled..].to_vec(),
    }
}

/// Reads the architecture back from structured lyrics (unlabeled text is not part of it).
pub fn rebuild_architecture(sections: &[Section]) -> Architecture {
    Architecture(
        sections
            .iter()
            .filter(|s| !matches!(s.kind, SectionKind::Unlabeled | SectionKind::Other))
            .map(|s| SectionRef {
                kind: s.kind,
                number: s.number,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lyrics::{render, HeaderStyle};

    const POP: &str = "VERSE1 - CHORUS - VERSE2 - CHORUS - BRIDGE - CHORUS";

    fn text(n: usize) -> String {
        (1..=n)
            .map(|i| format!("line {i}a\nline {i}b"))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    #[test]
    fn architecture_text_round_trips() {
        let arch = Architecture::parse(POP).unwrap();
        assert_eq!(arch.0.len(), 6);
        assert_eq!(arch.to_text(), POP);
        let loose =
            Architecture::parse("intro, pre_chorus – PRE-CHORUS —  Refrain Strophe3").unwrap();
        assert_eq!(
            loose.to_text(),
            "INTRO - PRE_CHORUS - PRE_CHORUS - CHORUS - VERSE3"
        );
        assert_eq!(
            Architecture::parse("VERSE1 - SOLO"),
            Err("SOLO".to_string())
        );
    }

    #[test]
    fn exact_count_labels_every_paragraph() {
        let arch = Architecture::parse(POP).unwrap();
        let out = apply_structure(&text(6), &arch);
        assert_eq!((out.extra_paragraphs, out.missing.len()), (0, 0));
        let rendered = render(&out.sections, HeaderStyle::Markdown);
        assert!(rendered.starts_with("**Verse 1**\nline 1a\nline 1b\n\n**Chorus**\nline 2a"));
        assert_eq!(
            rebuild_architecture(&out.sections),
            arch,
            "apply then rebuild gives the architecture back"
        );
    }

    #[test]
    fn extra_paragraphs_are_kept_and_missing_slots_reported() {
        let arch = Architecture::parse("VERSE1 - CHORUS").unwrap();
        let more = apply_structure(&text(3), &arch);
        assert_eq!(more.extra_paragraphs, 1);
        assert_eq!(more.sections[2].lines, ["line 3a", "line 3b"]);
        let fewer = apply_structure(&text(1), &Architecture::parse(POP).unwrap());
        assert_eq!(fewer.missing.len(), 5);
        assert_eq!(
            fewer.missing[0],
            SectionRef {
                kind: SectionKind::Chorus,
                number: None
            }
        );
    }

    #[test]
    fn restructuring_structured_text_replaces_the_headers() {
        let arch = Architecture::parse("INTRO - OUTRO").unwrap();
        let out = apply_structure("[Verse 1]\nfirst\n\n[Chorus]\nsecond", &arch);
        let kinds: Vec<_> = out.sections.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [SectionKind::Intro, SectionKind::Outro]);
    }
}
