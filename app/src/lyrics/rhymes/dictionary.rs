//! The rhyme data, loaded once per process, and the lookups on it.
//!
//! English: words grouped by the CMU rhyme part (phonemes from the last stressed vowel), each
//! with its commonness level (SCOWL). Perfect rhymes share a group; near rhymes share the
//! group's vowels but not its consonants, groups of the same length first. Within that, common
//! words come first, then those whose spelling ends like the asked word (`night`: `-ight`
//! before `-ite`), then shorter ones.
//!
//! German: the word list grouped by `shared::lyrics::rhyme_key`; near rhymes share the key's
//! vowels.

use std::collections::HashMap;
use std::sync::OnceLock;

use shared::locale::Language;
use shared::lyrics::rhyme_key;

use super::{RhymeSuggestions, MAX_SUGGESTIONS};

const ENGLISH: &str = include_str!("../../../data/rhymes-en.txt");
const GERMAN: &str = include_str!("../../../data/words-de.txt");

/// A word and how common it is (0: most common).
type Word = (u8, &'static str);

/// Words grouped by a rhyme key, with indexes by word and by vowel skeleton.
struct Rhymes {
    groups: Vec<(String, Vec<Word>)>,
    by_word: HashMap<String, Vec<usize>>,
    by_vowels: HashMap<String, Vec<usize>>,
}

impl Rhymes {
    fn build(groups: Vec<(String, Vec<Word>)>, vowels: fn(&str) -> String) -> Rhymes {
        let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_vowels: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (key, words)) in groups.iter().enumerate() {
            for (_, w) in words {
                by_word.entry(w.to_lowercase()).or_default().push(i);
            }
            by_vowels.entry(vowels(key)).or_default().push(i);
        }
        Rhymes {
            groups,
            by_word,
            by_vowels,
        }
    }
}

/// The vowels of a CMU rhyme part (`AY T` → `AY`; vowels are the phonemes that start with one).
fn cmu_vowels(part: &str) -> String {
    part.split(' ')
        .filter(|p| p.starts_with(['A', 'E', 'I', 'O', 'U']))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The vowels of a German rhyme key (`erzen` → `e e`).
fn key_vowels(key: &str) -> String {
    key.chars()
        .filter(|c| "aeiouöüy".contains(*c) || c.is_uppercase())
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}

fn english() -> &'static Rhymes {
    static DATA: OnceLock<Rhymes> = OnceLock::new();
    DATA.get_or_init(|| {
        let groups = ENGLISH
            .lines()
            .filter_map(|line| {
                let mut columns = line.split('\t');
                let part = columns.next()?.to_string();
                let words = columns
                    .enumerate()
                    .flat_map(|(level, words)| {
                        words
                            .split(' ')
                            .filter(|w| !w.is_empty())
                            .map(move |w| (level as u8, w))
                    })
                    .collect();
                Some((part, words))
            })
            .collect();
        Rhymes::build(groups, cmu_vowels)
    })
}

fn german() -> &'static Rhymes {
    static DATA: OnceLock<Rhymes> = OnceLock::new();
    DATA.get_or_init(|| {
        let mut by_key: HashMap<String, Vec<Word>> = HashMap::new();
        for word in GERMAN.lines().map(str::trim) {
            if word.is_empty() || word.starts_with('#') {
                continue;
            }
            let list = by_key.entry(rhyme_key(word, Language::De)).or_default();
            if !list.iter().any(|(_, w)| *w == word) {
                list.push((0, word));
            }
        }
        let mut groups: Vec<_> = by_key.into_iter().collect();
        groups.sort();
        Rhymes::build(groups, key_vowels)
    })
}

/// Characters `a` and `b` share at their ends.
fn shared_ending(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Words of `groups` (each with its tier, lower first), without `word`, best first, at most
/// [`MAX_SUGGESTIONS`].
fn collect(rhymes: &Rhymes, groups: &[(usize, usize)], word: &str) -> Vec<String> {
    let mut out: Vec<(usize, u8, &str)> = groups
        .iter()
        .flat_map(|&(tier, i)| {
            rhymes.groups[i]
                .1
                .iter()
                .map(move |&(level, w)| (tier, level, w))
        })
        .filter(|(_, _, w)| !w.eq_ignore_ascii_case(word))
        .collect();
    out.sort_by_key(|&(tier, level, w)| {
        let ending = std::cmp::Reverse(shared_ending(w, word).min(4));
        (tier, level, ending, w.len(), w)
    });
    let mut seen = std::collections::HashSet::new();
    out.into_iter()
        .filter(|(_, _, w)| seen.insert(*w))
        .take(MAX_SUGGESTIONS)
        .map(|(_, _, w)| w.to_string())
        .collect()
}

/// Perfect and near rhymes for `word`.
pub fn suggest(word: &str, language: Language) -> RhymeSuggestions {
    let lower = word.to_lowercase();
    let (rhymes, own_groups) = match language {
        Language::En => (
            english(),
            english().by_word.get(&lower).cloned().unwrap_or_default(),
        ),
        Language::De => {
            let data = german();
            let key = rhyme_key(word, Language::De);
            let groups = data
                .groups
                .iter()
                .position(|(k, _)| *k == key)
                .map(|i| vec![i])
                .unwrap_or_default();
            (data, groups)
        }
    };
    let vowels_of = |i: usize| match language {
        Language::En => cmu_vowels(&rhymes.groups[i].0),
        Language::De => key_vowels(&rhymes.groups[i].0),
    };
    // Near groups closest in shape first: as many sounds as the word's own ending (`night`:
    // `time`, `life` before `lights`, `island`).
    let size = |i: usize| rhymes.groups[i].0.split(' ').count();
    let own_size = own_groups.first().map_or(0, |&i| size(i));
    let mut near_groups: Vec<usize> = own_groups
        .iter()
        .flat_map(|&i| {
            rhymes
                .by_vowels
                .get(&vowels_of(i))
                .cloned()
                .unwrap_or_default()
        })
        .filter(|g| !own_groups.contains(g))
        .collect();
    near_groups.sort_unstable();
    near_groups.dedup();
    let near_groups: Vec<(usize, usize)> = near_groups
        .into_iter()
        .map(|g| (size(g).abs_diff(own_size), g))
        .collect();
    let own: Vec<(usize, usize)> = own_groups.iter().map(|&g| (0, g)).collect();
    let perfect = collect(rhymes, &own, &lower);
    let mut near = collect(rhymes, &near_groups, &lower);
    near.retain(|w| !perfect.contains(w));
    RhymeSuggestions {
        word: word.to_string(),
        perfect,
        near,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_rhymes_come_from_the_dictionary() {
        let s = suggest("night", Language::En);
        for w in ["light", "bright", "fight", "might"] {
            assert!(s.perfect.iter().any(|p| p == w), "{w} in {:?}", s.perfect);
        }
        assert!(!s.perfect.iter().any(|p| p == "night"));
        let at = |w: &str| s.perfect.iter().position(|p| p == w).unwrap_or(usize::MAX);
        assert!(at("light") < at("kite"), "the same spelling first");
        assert!(
            s.near.iter().any(|w| w == "life" || w == "time"),
            "{:?}",
            s.near
        );
        assert!(suggest("zzzzqx", Language::En).perfect.is_empty());
    }

    #[test]
    fn german_rhymes_come_from_the_suffix_heuristic() {
        let s = suggest("Herzen", Language::De);
        assert!(
            s.perfect.contains(&"Schmerzen".to_string())
                && s.perfect.contains(&"Kerzen".to_string())
        );
        let s = suggest("Nacht", Language::De);
        assert!(
            s.perfect.contains(&"gedacht".to_string()),
            "{:?}",
            s.perfect
        );
        assert!(
            s.near
                .iter()
                .any(|w| w == "Stadt" || w == "Sand" || w == "Hand"),
            "{:?}",
            s.near
        );
        let unknown = suggest("Gesang", Language::De);
        assert!(unknown.perfect.is_empty());
    }
}
