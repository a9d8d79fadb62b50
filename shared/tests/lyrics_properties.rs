//! Property tests: whatever the text, parsing and rendering never lose a lyric line.

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use shared::lyrics::{default_rules, parse, parse_header, render, HeaderStyle, RuleSet};

/// Lines that look like lyrics, headers, near-headers and blank lines, with Unicode.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-zÄÖÜäöüß0-9 ,.!?'🎵-]{0,40}",
        1 => Just(String::new()),
        1 => Just("   ".to_string()),
        1 => "(Verse|Chorus|Strophe|Refrain|Bridge|Hook|Solo|Pre-Chorus) ?[0-9]{0,2}".prop_map(|l| format!("[{l}]")),
        1 => "(Verse|Chorus|Intro|Outro) ?[0-9]{0,2}".prop_map(|l| format!("**{l}**")),
        1 => "(Verse|Refrain|Outro) ?[0-9]{0,2}".prop_map(|l| format!("{l}:")),
        1 => "\\PC{0,30}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    (prop::collection::vec(line(), 0..40), any::<bool>())
        .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
}

/// The lyric lines of a text: not headers, not blank, without trailing whitespace.
fn lyric_lines(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim().is_empty() && parse_header(l).is_none())
        .map(|l| l.trim_end().to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parse_then_render_preserves_every_lyric_line(text in text()) {
        for style in [HeaderStyle::Markdown, HeaderStyle::Colon, HeaderStyle::Bracket] {
            let rendered = render(&parse(&text), style);
            prop_assert_eq!(lyric_lines(&rendered), lyric_lines(&text));
        }
    }

    #[test]
    fn rendering_is_a_fixed_point(text in text()) {
        let sections = parse(&text);
        for style in [HeaderStyle::Markdown, HeaderStyle::Colon, HeaderStyle::Bracket] {
            prop_assert_eq!(&parse(&render(&sections, style)), &sections);
        }
    }

    #[test]
    fn default_rules_never_panic_and_settle(text in text()) {
        let set = RuleSet::compile(&default_rules()).unwrap();
        let once = set.apply(&text, None);
        prop_assert_eq!(set.apply(&once, None), once);
    }
}
