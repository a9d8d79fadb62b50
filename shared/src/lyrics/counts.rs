//! Counting: characters and syllables per line, totals per song, the provider's limits.
//!
//! Syllables are estimated by vowel groups, a heuristic good enough to compare lines of a verse
//! (songwriters want lines of similar length), not a dictionary:
//! - English: groups of `a e i o u y`; a final silent `e` does not count (`make`), but `-le`
//!   after a consonant does (`ta-ble`); every word has at least one syllable.
//! - German: groups of `a e i o u y ä ö ü`, where a group is split into nuclei — the diphthongs
//!   and long vowels `ei ai au eu äu ie aa ee oo` count once, any other vowel on its own — so
//!   `neue` is `neu-e` (2) and `Feuer` is `Feu-er` (2), `Lied` 1, `Theater` 3.

use super::{Section, SectionKind};
use crate::locale::Language;
use serde::{Deserialize, Serialize};

/// Mureka's limit on lyrics length, in characters.
pub const PROVIDER_MAX_CHARS: usize = 3_000;
/// Mureka's limit on a style prompt, in characters (saved styles, sketches and songs keep to it).
pub const PROVIDER_PROMPT_MAX_CHARS: usize = 1_024;

/// Estimated syllables of a line of text.
pub fn syllables(line: &str, language: Language) -> usize {
    line.split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| w.chars().any(char::is_alphabetic))
        .map(|w| match language {
            Language::En => english_word(&w.to_lowercase()),
            Language::De => german_word(&w.to_lowercase()),
        })
        .sum()
}

fn english_word(word: &str) -> usize {
    let chars: Vec<char> = word.chars().filter(|c| *c != '\'').collect();
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut groups = 0;
    let mut prev = false;
    for &c in &chars {
        let v = is_vowel(c);
        if v && !prev {
            groups += 1;
        }
        prev = v;
    }
    let n = chars.len();
    if n > 2 && chars[n - 1] == 'e' && !is_vowel(chars[n - 2]) {
        let consonant_le = chars[n - 2] == 'l' && n > 3 && !is_vowel(chars[n - 3]);
        if !consonant_le {
            groups -= 1;
        }
    }
    groups.max(1)
}

const GERMAN_NUCLEI: [&str; 9] = ["äu", "ei", "ai", "au", "eu", "ie", "aa", "ee", "oo"];

fn german_word(word: &str) -> usize {
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö' | 'ü');
    let chars: Vec<char> = word.chars().collect();
    let mut count = 0;
    let mut i = 0;
    while i < chars.len() {
        if !is_vowel(chars[i]) {
            i += 1;
            continue;
        }
        let pair: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        i += if GERMAN_NUCLEI.contains(&pair.as_str()) {
            2
        } else {
            1
        };
        count += 1;
    }
    count.max(1)
}

/// Figures for one line, for the editor's gutter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineStats {
    pub chars: usize,
    pub syllables: usize,
}

impl LineStats {
    pub fn of(line: &str, language: Language) -> LineStats {
        LineStats {
            chars: line.chars().count(),
            syllables: syllables(line, language),
        }
    }
}

/// Figures for a whole song.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SongStats {
    /// Characters of the text as it would be sent (headers included).
    pub chars: usize,
    /// Non-blank lyric lines (headers excluded).
    pub lines: usize,
    /// Labeled sections.
    pub sections: usize,
    /// Characters over the provider's limit, 0 when it fits.
    pub over_limit_by: usize,
}

impl SongStats {
    pub fn of(text: &str, sections: &[Section]) -> SongStats {
        let chars = text.chars().count();
        SongStats {
            chars,
            lines: sections
                .iter()
                .flat_map(|s| &s.lines)
                .filter(|l| !l.trim().is_empty())
                .count(),
            sections: sections
                .iter()
                .filter(|s| s.kind != SectionKind::Unlabeled)
                .count(),
            over_limit_by: chars.saturating_sub(PROVIDER_MAX_CHARS),
        }
    }

    pub fn fits_provider(&self) -> bool {
        self.over_limit_by == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lyrics::parse;

    #[test]
    fn english_syllables() {
        for (word, n) in [
            ("make", 1),
            ("table", 2),
            ("beautiful", 3),
            ("I", 1),
            ("rhythm", 1),
            ("the", 1),
            ("don't", 1),
            ("fire", 1),
            ("singing", 2),
        ] {
            assert_eq!(syllables(word, Language::En), n, "{word}");
        }
        assert_eq!(syllables("Hello, my old friend!", Language::En), 5);
    }

    #[test]
    fn german_syllables_with_umlauts_and_diphthongs() {
        for (word, n) in [
            ("Lied", 1),
            ("neue", 2),
            ("Feuer", 2),
            ("Bauer", 2),
            ("Häuser", 2),
            ("Theater", 3),
            ("Schnee", 1),
            ("Mädchen", 2),
            ("über", 2),
            ("Ei", 1),
        ] {
            assert_eq!(syllables(word, Language::De), n, "{word}");
        }
        assert_eq!(syllables("Ich träume von dir 🎵", Language::De), 5);
    }

    #[test]
    fn song_stats_and_provider_limit() {
        let text = "[Verse 1]\nEins zwei\n\ndrei\n\n[Chorus]\nLa";
        let stats = SongStats::of(text, &parse(text));
        assert_eq!((stats.lines, stats.sections), (3, 2));
        assert!(stats.fits_provider());
        let long = "x".repeat(PROVIDER_MAX_CHARS + 5);
        assert_eq!(SongStats::of(&long, &parse(&long)).over_limit_by, 5);
        assert_eq!(
            LineStats::of("Grüße", Language::De),
            LineStats {
                chars: 5,
                syllables: 2
            }
        );
    }
}
