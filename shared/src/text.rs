//! The one policy for text that people send: every server function turns its raw strings into
//! [`SingleLine`] or [`MultiLine`] at the edge, and the browser checks forms with the same code.
//!
//! Control characters are never stored: a title with an escape sequence repaints a terminal that
//! prints it, a bell or a bare carriage return corrupts logs and exports, and NUL is refused by
//! PostgreSQL outright (SQLite would keep it). Multi-line text keeps newlines and tabs, with
//! Windows line ends normalised so a lyric's line count does not depend on the browser.

use serde::{Deserialize, Serialize};

use crate::input::InputProblem;

/// Text for one line (titles, names, tags): trimmed, no control characters at all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SingleLine(String);

/// Text over several lines (lyrics, prompts, descriptions): newline and tab allowed, CRLF
/// normalised to LF, trailing whitespace trimmed; no other control characters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MultiLine(String);

/// Whether `c` is a control character (Unicode category Cc: C0, DEL and C1).
fn is_control(c: char) -> bool {
    c.is_control()
}

fn bounded(text: &str, max_chars: usize) -> Result<(), InputProblem> {
    if text.chars().count() > max_chars {
        Err(InputProblem::TooLong)
    } else {
        Ok(())
    }
}

impl SingleLine {
    /// Trims `raw` and accepts it when it has no control characters and at most `max_chars`
    /// characters (counted as characters, so umlauts count once). Empty is allowed.
    pub fn parse(raw: &str, max_chars: usize) -> Result<Self, InputProblem> {
        let text = raw.trim();
        if text.chars().any(is_control) {
            return Err(InputProblem::InvalidCharacters);
        }
        bounded(text, max_chars)?;
        Ok(SingleLine(text.to_string()))
    }

    /// As [`SingleLine::parse`], and empty (after trimming) is refused.
    pub fn required(raw: &str, max_chars: usize) -> Result<Self, InputProblem> {
        let line = Self::parse(raw, max_chars)?;
        if line.0.is_empty() {
            return Err(InputProblem::Required);
        }
        Ok(line)
    }
}

impl MultiLine {
    /// Normalises line ends (CRLF → LF), trims trailing whitespace and accepts the text when
    /// its only control characters are newline and tab and it has at most `max_chars`
    /// characters. Leading whitespace is kept: indentation can be meaningful in lyrics.
    pub fn parse(raw: &str, max_chars: usize) -> Result<Self, InputProblem> {
        let text = raw.replace("\r\n", "\n");
        let text = text.trim_end();
        if text
            .chars()
            .any(|c| is_control(c) && c != '\n' && c != '\t')
        {
            return Err(InputProblem::InvalidCharacters);
        }
        bounded(text, max_chars)?;
        Ok(MultiLine(text.to_string()))
    }

    /// As [`MultiLine::parse`], and blank text is refused.
    pub fn required(raw: &str, max_chars: usize) -> Result<Self, InputProblem> {
        let text = Self::parse(raw, max_chars)?;
        if text.0.trim().is_empty() {
            return Err(InputProblem::Required);
        }
        Ok(text)
    }
}

/// What both text types offer besides parsing: read-only access to the checked text.
macro_rules! checked_text {
    ($($name:ident),*) => {$(
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }
    )*};
}

checked_text!(SingleLine, MultiLine);

/// Ids the app hands out are UUID text; anything that cannot be one of them (a NUL, a path
/// separator, kilobytes of junk) is refused before it reaches a query, as "not found". Letters,
/// digits and dashes up to 64 characters, which also covers ids written by hand in tests.
pub fn plausible_id(raw: &str) -> bool {
    (1..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_lines_refuse_every_control_character() {
        assert_eq!(
            SingleLine::parse("  Night Drive ", 50).unwrap().as_str(),
            "Night Drive"
        );
        for bad in [
            "a\u{0}b",
            "a\u{1b}[31mred",
            "ding\u{7}",
            "a\rb",
            "a\nb",
            "a\tb",
            "a\u{85}b",
            "a\u{7f}",
        ] {
            assert_eq!(
                SingleLine::parse(bad, 50),
                Err(InputProblem::InvalidCharacters),
                "{bad:?}"
            );
        }
        assert_eq!(
            SingleLine::parse("Grüße 🎸", 8).unwrap().as_str(),
            "Grüße 🎸"
        );
        assert_eq!(
            SingleLine::parse("Grüße 🎸!", 7),
            Err(InputProblem::TooLong)
        );
        assert_eq!(SingleLine::required("   ", 5), Err(InputProblem::Required));
    }

    #[test]
    fn multi_lines_keep_newlines_and_tabs_and_normalise_crlf() {
        let text = MultiLine::parse("[Verse]\r\n\tline one\r\nline two  \r\n\r\n", 100).unwrap();
        assert_eq!(text.as_str(), "[Verse]\n\tline one\nline two");
        for bad in ["a\u{0}b", "bare\rreturn", "esc\u{1b}", "bell\u{7}"] {
            assert_eq!(
                MultiLine::parse(bad, 50),
                Err(InputProblem::InvalidCharacters),
                "{bad:?}"
            );
        }
        assert_eq!(
            MultiLine::required("\n\t\n", 10),
            Err(InputProblem::Required)
        );
    }

    #[test]
    fn ids_are_plausible_or_refused() {
        assert!(plausible_id("0b6c2a4e-54b1-4a8e-9a64-2d1f7f3a9c10"));
        assert!(plausible_id("seed-0001"));
        for bad in ["", "a\u{0}", "../etc", "a b", &"a".repeat(65)] {
            assert!(!plausible_id(bad), "{bad:?}");
        }
    }
}
