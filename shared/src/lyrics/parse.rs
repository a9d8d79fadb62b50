//! Text ⇄ sections.

use super::header::{parse_header, HeaderStyle};
use super::{Section, SectionKind};

/// Parses lyrics into sections in order. Windows line endings are accepted; blank lines at the
/// edges of a section are separators and dropped, blank lines inside it are kept.
pub fn parse(text: &str) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut current = Section::new(SectionKind::Unlabeled, None, Vec::new());
    let mut has_header = false;
    for raw in text.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(header) = parse_header(line) {
            finish(&mut sections, current, has_header);
            current = Section {
                kind: header.kind,
                number: header.number,
                label: header.label,
                lines: Vec::new(),
            };
            has_header = true;
        } else {
            current.lines.push(line.trim_end().to_string());
        }
    }
    finish(&mut sections, current, has_header);
    sections
}

/// Trims separator blank lines and keeps the section unless it is empty unlabeled text.
fn finish(sections: &mut Vec<Section>, mut section: Section, is_header: bool) {
    while section.lines.last().is_some_and(|l| l.trim().is_empty()) {
        section.lines.pop();
    }
    let leading = section
        .lines
        .iter()
        .take_while(|l| l.trim().is_empty())
        .count();
    section.lines.drain(..leading);
    if is_header || !section.lines.is_empty() {
        sections.push(section);
    }
}

/// Writes sections back as text: each header in `style`, a blank line between sections.
/// Unlabeled sections are written without a header.
pub fn render(sections: &[Section], style: HeaderStyle) -> String {
    let mut out = String::new();
    for (i, section) in sections.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        let mut first = true;
        if section.kind != SectionKind::Unlabeled {
            let label = if section.label.is_empty() {
                section.kind.name()
            } else {
                &section.label
            };
            let style = match (style, section.kind) {
                (HeaderStyle::Colon, SectionKind::Other) => HeaderStyle::Bracket,
                (s, _) => s,
            };
            out.push_str(&style.write(label));
            first = false;
        }
        for line in &section.lines {
            if !first {
                out.push('\n');
            }
            out.push_str(line);
            first = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use SectionKind::*;

    const SONG: &str = "Just a thought\n\n**Verse 1**\nLine one\nLine two\n\n**Chorus**\nSing it\n\n  \n[Bridge]\nOver the\n\nbridge\n";

    #[test]
    fn sections_in_order_with_preamble() {
        let s = parse(SONG);
        let kinds: Vec<_> = s.iter().map(|x| (x.kind, x.number)).collect();
        assert_eq!(
            kinds,
            [
                (Unlabeled, None),
                (Verse, Some(1)),
                (Chorus, None),
                (Bridge, None)
            ]
        );
        assert_eq!(s[0].lines, ["Just a thought"]);
        assert_eq!(s[1].lines, ["Line one", "Line two"]);
        assert_eq!(
            s[3].lines,
            ["Over the", "", "bridge"],
            "inner blank lines stay"
        );
    }

    #[test]
    fn windows_line_endings_and_trailing_spaces() {
        let s = parse("[Verse]\r\nEins  \r\nZwei\r\n");
        assert_eq!(s[0].lines, ["Eins", "Zwei"]);
    }

    #[test]
    fn render_then_parse_is_identity_in_every_style() {
        let sections = parse(SONG);
        for style in [
            HeaderStyle::Markdown,
            HeaderStyle::Colon,
            HeaderStyle::Bracket,
        ] {
            assert_eq!(parse(&render(&sections, style)), sections, "{style:?}");
        }
    }

    #[test]
    fn empty_and_header_only_inputs() {
        assert!(parse("").is_empty());
        assert!(parse("\n\n  \n").is_empty());
        let s = parse("[Intro]\n[Outro]");
        assert_eq!(s.len(), 2);
        assert!(s.iter().all(|x| x.lines.is_empty()));
        assert_eq!(render(&s, HeaderStyle::Bracket), "[Intro]\n\n[Outro]");
    }

    #[test]
    fn unicode_survives() {
        let text = "**Refrain**\nSchöne Grüße 🎵\nÄrger über Öl";
        let s = parse(text);
        assert_eq!(s[0].kind, Chorus);
        assert_eq!(render(&s, HeaderStyle::Markdown), text);
    }

    #[test]
    fn a_megabyte_of_lyrics_parses() {
        let block = "[Verse]\nla la la la la la la la la la\nla la la la la la la la la\n\n";
        let big = block.repeat(1_048_576 / block.len() + 1);
        let s = parse(&big);
        assert_eq!(s.len(), big.matches("[Verse]").count());
    }
}
