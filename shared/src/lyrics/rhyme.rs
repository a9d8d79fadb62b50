//! Rhyme by spelling: a line's rhyme key and the rhyme scheme of a song (`ABAB`), for English
//! and German, in the browser and on the server alike.
//!
//! A heuristic, not a pronouncing dictionary (the server has one for English suggestions; the
//! editor's gutter cannot ship 130,000 words to every browser). Two words rhyme when their
//! keys are equal. The key is the word's ending from the start of its last stressed-looking
//! vowel, after spelling is folded onto sound:
//!
//! - **English**: a silent final `e` lengthens the vowel before it (`make` → `AYk`); common
//!   spellings of one vowel sound share a symbol (`ee ea ie ey` → `EE`, `ai ay a_e eigh` → `AY`,
//!   `igh y ie i_e` at the end → `AI`, `oa ow o_e` and final `o` → `OH`, `oo ue ew u_e` → `OO`);
//!   `ck` is `k`, doubled consonants count once, a final `s` (plural, third person) is dropped.
//! - **German**: `ä` is `e`, `äu eu` are `OI`, `ie ih` are `i`, a vowel + `h` is the vowel;
//!   `ß ss` are `s`, `ck` is `k`, `tz` is `z`, `ph v` are `f`, final `b d g` sound as `p t k`
//!   (Auslautverhärtung), doubled consonants count once. An unstressed ending (`-e -en -er -el
//!   -em -es -ern -eln`) takes the vowel before it into the key, so `Herzen`/`Schmerzen` rhyme
//!   on `erzen` and `Liebe`/`Triebe` on `ibe`, while `Liebe`/`Farbe` do not.
//!
//! Lines rhyme when their last words do. The scheme gives letters per section (headers and blank
//! lines start a new one), in order of first appearance; a line that rhymes with no other line
//! keeps a letter of its own, as in the usual `ABCB` notation.

use crate::locale::Language;

/// The rhyme key of a word (see the module docs); empty for a word without letters.
pub fn rhyme_key(word: &str, language: Language) -> String {
    let word: String = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if word.is_empty() {
        return String::new();
    }
    match language {
        Language::En => english_key(&word),
        Language::De => german_key(&word),
    }
}

/// The last word of a line, or `None` for a line without one.
pub fn last_word(line: &str) -> Option<&str> {
    line.split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’')
        .rev()
        .find(|w| w.chars().any(char::is_alphabetic))
}

/// Whether two words rhyme by their keys (identical words count: the scheme shows repeats).
pub fn rhymes(a: &str, b: &str, language: Language) -> bool {
    let (ka, kb) = (rhyme_key(a, language), rhyme_key(b, language));
    !ka.is_empty() && ka == kb
}

/// Rhyme letters for each line of `text` (`None` for headers, blank lines and lines without a
/// word), restarting at every header and blank line.
pub fn rhyme_scheme(text: &str, language: Language) -> Vec<Option<char>> {
    let mut letters = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let blank = line.trim().is_empty();
        if blank || super::parse_header(line).is_some() {
            keys.clear();
            letters.push(None);
            continue;
        }
        let key = last_word(line)
            .map(|w| rhyme_key(w, language))
            .unwrap_or_default();
        if key.is_empty() {
            letters.push(None);
            continue;
        }
        let index = match keys.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                keys.push(key);
                keys.len() - 1
            }
        };
        letters.push(Some(letter(index)));
    }
    letters
}

/// `A` … `Z`, then lower case; a section with more than 52 rhyme groups repeats `z`.
fn letter(index: usize) -> char {
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    LETTERS[index.min(LETTERS.len() - 1)] as char
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö' | 'ü')
}

/// Collapses doubled consonants (`ll` → `l`); vowels and folded sound symbols stay doubled.
fn single_consonants(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = None;
    for c in s.chars() {
        if Some(c) == prev && !is_vowel(c) && !c.is_uppercase() {
            continue;
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// Replaces spellings in order; longer spellings first.
fn fold(word: &str, table: &[(&str, &str)]) -> String {
    let mut out = word.to_string();
    for (from, to) in table {
        out = out.replace(from, to);
    }
    out
}

/// The index where the last vowel group of `s` starts (vowels are lower-case letters here;
/// folded sound symbols are upper case and count as vowels).
fn last_vowel_group(s: &[char]) -> Option<usize> {
    let vowel = |c: char| is_vowel(c) || c.is_uppercase();
    let end = s.iter().rposition(|&c| vowel(c))?;
    let mut start = end;
    while start > 0 && vowel(s[start - 1]) {
        start -= 1;
    }
    Some(start)
}

fn english_key(word: &str) -> String {
    let mut w = word.replace('\'', "");
    // Plurals and third persons rhyme with their stem (`eyes`/`rise` aside, this helps more).
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        w.pop();
    }
    // A silent final e after one consonant lengthens the vowel before it.
    let chars: Vec<char> = w.chars().collect();
    let n = chars.len();
    if n >= 4
        && chars[n - 1] == 'e'
        && !is_vowel(chars[n - 2])
        && chars[n - 2] != 'l'
        && is_vowel(chars[n - 3])
        && !is_vowel(chars[n - 4])
    {
        let long = match chars[n - 3] {
            'a' => "AY",
            'e' => "EE",
            'i' | 'y' => "AI",
            'o' => "OH",
            'u' => "OO",
            _ => "",
        };
        if !long.is_empty() {
            let stem: String = chars[..n - 3].iter().collect();
            w = format!("{stem}{long}{}", chars[n - 2]);
        }
    }
    let w = fold(
        &w,
        &[
            ("eart", "art"),
            ("eigh", "AY"),
            ("igh", "AI"),
            ("ck", "k"),
            ("ph", "f"),
            ("ee", "EE"),
            ("ea", "EE"),
            ("ai", "AY"),
            ("ay", "AY"),
            ("ey", "AY"),
            ("oa", "OH"),
            ("oo", "OO"),
            ("ue", "OO"),
            ("ew", "OO"),
        ],
    );
    let mut chars: Vec<char> = single_consonants(&w).chars().collect();
    // Open final vowels: `me` `see`, `go` `slow`, `my` `sky` `lie`.
    let n = chars.len();
    let tail: String = chars[n.saturating_sub(2)..].iter().collect();
    let open = match tail.as_str() {
        "ie" if n <= 4 => Some((2, "AI")),
        "ow" => Some((2, "OH")),
        _ if n >= 2 && chars[n - 1] == 'y' && !is_vowel(chars[n - 2]) && n <= 3 => Some((1, "AI")),
        _ if n >= 2 && chars[n - 1] == 'y' && !is_vowel(chars[n - 2]) => Some((1, "EE")),
        _ if n >= 2 && chars[n - 1] == 'e' && !is_vowel(chars[n - 2]) && n <= 3 => Some((1, "EE")),
        _ if n >= 2 && chars[n - 1] == 'o' && !is_vowel(chars[n - 2]) => Some((1, "OH")),
        _ => None,
    };
    if let Some((drop, sound)) = open {
        chars.truncate(n - drop);
        chars.extend(sound.chars());
    }
    let start = last_vowel_group(&chars).unwrap_or(0);
    chars[start..].iter().collect()
}

/// Unstressed German endings that take the vowel before them into the key.
const GERMAN_UNSTRESSED: [&str; 8] = ["ern", "eln", "en", "er", "el", "em", "es", "e"];

fn german_key(word: &str) -> String {
    let w = fold(
        word,
        &[
            ("äu", "OI"),
            ("eu", "OI"),
            ("ie", "i"),
            ("ih", "i"),
            ("ah", "a"),
            ("eh", "e"),
            ("oh", "o"),
            ("uh", "u"),
            ("äh", "e"),
            ("öh", "ö"),
            ("üh", "ü"),
            ("ä", "e"),
            ("ß", "s"),
            ("ck", "k"),
            ("tz", "z"),
            ("dt", "t"),
            ("ph", "f"),
            ("v", "f"),
            ("y", "i"),
        ],
    );
    let mut chars: Vec<char> = single_consonants(&w).chars().collect();
    // Final devoicing.
    if let Some(last) = chars.last_mut() {
        *last = match *last {
            'b' => 'p',
            'd' => 't',
            'g' => 'k',
            c => c,
        };
    }
    let text: String = chars.iter().collect();
    let ending = GERMAN_UNSTRESSED
        .iter()
        .find(|e| text.ends_with(*e) && text.len() > e.len() + 1)
        .map_or(0, |e| e.chars().count());
    let (stem, tail) = chars.split_at(chars.len() - ending);
    match last_vowel_group(stem) {
        Some(start) if ending > 0 => stem[start..].iter().chain(tail).collect(),
        _ => {
            let start = last_vowel_group(&chars).unwrap_or(0);
            chars[start..].iter().collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{De, En};

    fn all_rhyme(words: &[&str], language: Language) {
        for pair in words.windows(2) {
            assert!(
                rhymes(pair[0], pair[1], language),
                "{} / {} ({} / {})",
                pair[0],
                pair[1],
                rhyme_key(pair[0], language),
                rhyme_key(pair[1], language)
            );
        }
    }

    fn none_rhyme(pairs: &[(&str, &str)], language: Language) {
        for (a, b) in pairs {
            assert!(
                !rhymes(a, b, language),
                "{a} / {b} should not rhyme ({})",
                rhyme_key(a, language)
            );
        }
    }

    #[test]
    fn english_rhymes_by_sound_not_only_letters() {
        all_rhyme(&["night", "light", "bright", "fight"], En);
        all_rhyme(&["make", "take", "shake"], En);
        all_rhyme(&["me", "see", "free", "tree", "sea"], En);
        all_rhyme(&["go", "slow", "know", "snow"], En);
        all_rhyme(&["sky", "my", "fly", "lie"], En);
        all_rhyme(&["day", "way", "stay", "rain"][..3], En);
        all_rhyme(&["rain", "pain", "chain"], En);
        all_rhyme(&["heart", "apart", "start"], En);
        all_rhyme(&["back", "track", "black"], En);
        all_rhyme(&["moon", "soon", "tune"], En);
        all_rhyme(&["dreams", "seems", "streams"], En);
        none_rhyme(&[("night", "day"), ("heart", "home"), ("make", "mine")], En);
    }

    #[test]
    fn german_rhymes_with_unstressed_endings_and_devoicing() {
        all_rhyme(&["Herzen", "Schmerzen", "Kerzen"], De);
        all_rhyme(&["Liebe", "Triebe", "Diebe"], De);
        all_rhyme(&["Nacht", "lacht", "Macht", "gedacht"], De);
        all_rhyme(&["Sonne", "Wonne"], De);
        all_rhyme(&["Tag", "mag", "lag"], De);
        all_rhyme(&["Rad", "Rat", "Grad"], De);
        all_rhyme(&["Licht", "nicht", "Gedicht"], De);
        all_rhyme(&["Träume", "Bäume", "Räume"], De);
        all_rhyme(&["Zeit", "weit", "bereit"], De);
        all_rhyme(&["fühlen", "kühlen"], De);
        none_rhyme(
            &[("Liebe", "Farbe"), ("Nacht", "Licht"), ("Herzen", "Hand")],
            De,
        );
    }

    #[test]
    fn scheme_letters_restart_per_section() {
        let text = "[Verse 1]\nI walk alone at night\nThe city fast asleep\nI hold the neon light\nThe promise I will keep\n\n[Chorus]\nStay with me\nStay\nSet me free";
        let letters: String = rhyme_scheme(text, En)
            .into_iter()
            .map(|l| l.unwrap_or('-'))
            .collect();
        assert_eq!(letters, "-ABAB--ABA");
        let de = "Ich geh allein durch die Nacht\nund niemand hat an mich gedacht\nnur das Licht\nhält mich nicht";
        let letters: String = rhyme_scheme(de, De).into_iter().flatten().collect();
        assert_eq!(letters, "AABB");
    }

    #[test]
    fn odd_input_gives_no_letters_and_no_panic() {
        assert_eq!(rhyme_scheme("", En), vec![None]);
        assert_eq!(rhyme_scheme("123 !!!\n\n", De), vec![None, None, None]);
        assert_eq!(rhyme_key("", En), "");
        assert_eq!(rhyme_key("ß", De), "s");
        assert_eq!(last_word("  love, you.  "), Some("you"));
    }
}
