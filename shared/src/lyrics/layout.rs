//! The editor's view of a text by line: what the gutter shows beside each line, and where each
//! section starts and ends, so one section can be replaced without touching the rest.
//!
//! Both work on the text's own lines (`split('\n')`), the lines the textarea shows, so line
//! `i` here is line `i` there.

use serde::{Deserialize, Serialize};

use super::header::parse_header;
use super::rhyme::rhyme_scheme;
use super::{syllables, SectionKind};
use crate::locale::Language;

/// What the gutter shows beside one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GutterLine {
    /// A section header (highlighted, no counts).
    pub header: bool,
    pub chars: u32,
    pub syllables: u32,
    /// The rhyme letter of the line within its section.
    pub rhyme: Option<char>,
}

/// The gutter for every line of `text`, in one pass per concern; blank lines and headers have
/// zero counts.
pub fn gutter(text: &str, language: Language) -> Vec<GutterLine> {
    let rhymes = rhyme_scheme(text, language);
    text.split('\n')
        .zip(rhymes)
        .map(|(line, rhyme)| {
            let header = parse_header(line).is_some();
            let counted = !header && !line.trim().is_empty();
            GutterLine {
                header,
                chars: if counted {
                    line.trim_end().chars().count() as u32
                } else {
                    0
                },
                syllables: if counted {
                    syllables(line, language) as u32
                } else {
                    0
                },
                rhyme,
            }
        })
        .collect()
}

/// Where one section is in the text, by line index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionSpan {
    pub kind: SectionKind,
    /// The header as written without decoration; empty for text before the first header.
    pub label: String,
    /// The header's line, `None` for text before the first header.
    pub header_line: Option<usize>,
    /// The section's lines after its header, without the blank lines that separate it from the
    /// next section (`start..end`, possibly empty).
    pub body: std::ops::Range<usize>,
}

/// The sections of `text` in order with their lines; text before the first header is a span
/// only when it has words.
pub fn section_spans(text: &str) -> Vec<SectionSpan> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut spans: Vec<SectionSpan> = Vec::new();
    let mut current = SectionSpan {
        kind: SectionKind::Unlabeled,
        label: String::new(),
        header_line: None,
        body: 0..0,
    };
    for (i, line) in lines.iter().enumerate() {
        if let Some(header) = parse_header(line) {
            close(&mut spans, current, &lines, i);
            current = SectionSpan {
                kind: header.kind,
                label: header.label,
                header_line: Some(i),
                body: i + 1..i + 1,
            };
        }
    }
    close(&mut spans, current, &lines, lines.len());
    spans
}

/// Ends `span` before line `end`, without trailing blank lines.
fn close(spans: &mut Vec<SectionSpan>, mut span: SectionSpan, lines: &[&str], end: usize) {
    let mut last = end;
    while last > span.body.start && lines[last - 1].trim().is_empty() {
        last -= 1;
    }
    let mut first = span.body.start;
    while first < last && lines[first].trim().is_empty() {
        first += 1;
    }
    if span.header_line.is_none() && first == last {
        return;
    }
    if span.header_line.is_none() {
        span.body.start = first;
    }
    span.body.end = last;
    spans.push(span);
}

/// The text of a span's body.
pub fn span_text(text: &str, span: &SectionSpan) -> String {
    text.split('\n')
        .skip(span.body.start)
        .take(span.body.len())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` with the body of `span` replaced by `body` (trailing blank lines of `body` dropped,
/// so the separation from the next section stays as it was).
pub fn replace_span(text: &str, span: &SectionSpan, body: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let start = span.body.start.min(lines.len());
    let end = span.body.end.min(lines.len());
    let body = body.trim_end_matches(['\n', '\r', ' ', '\t']);
    let mut out: Vec<&str> = lines[..start].to_vec();
    if !body.is_empty() {
        out.extend(body.split('\n'));
    }
    out.extend(&lines[end..]);
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SONG: &str =
        "intro words\n\n**Verse 1**\nI walk at night\nunder neon light\n\n**Chorus**\nStay\n\n";

    #[test]
    fn gutter_counts_lyric_lines_only() {
        let g = gutter(SONG, Language::En);
        assert_eq!(g.len(), SONG.split('\n').count());
        assert!(g[2].header && g[2].chars == 0);
        assert_eq!((g[3].chars, g[3].syllables), (15, 4));
        assert_eq!((g[3].rhyme, g[4].rhyme), (Some('A'), Some('A')));
        assert_eq!((g[1].chars, g[1].rhyme), (0, None));
    }

    #[test]
    fn spans_find_each_sections_lines() {
        let spans = section_spans(SONG);
        let shape: Vec<_> = spans
            .iter()
            .map(|s| (s.label.as_str(), s.header_line, s.body.clone()))
            .collect();
        assert_eq!(
            shape,
            [
                ("", None, 0..1),
                ("Verse 1", Some(2), 3..5),
                ("Chorus", Some(6), 7..8)
            ]
        );
        assert_eq!(
            span_text(SONG, &spans[1]),
            "I walk at night\nunder neon light"
        );
    }

    #[test]
    fn replacing_a_span_keeps_the_rest_byte_for_byte() {
        let spans = section_spans(SONG);
        let out = replace_span(SONG, &spans[1], "new one\nnew two\nnew three\n\n");
        assert_eq!(
            out,
            "intro words\n\n**Verse 1**\nnew one\nnew two\nnew three\n\n**Chorus**\nStay\n\n"
        );
        let empty_header = "**Bridge**\n\n**Outro**\nend";
        let spans = section_spans(empty_header);
        assert_eq!(spans[0].body, 1..1);
        assert_eq!(
            replace_span(empty_header, &spans[0], "filled"),
            "**Bridge**\nfilled\n\n**Outro**\nend"
        );
    }
}
