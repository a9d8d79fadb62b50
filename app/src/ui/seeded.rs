//! Text a migration seeded in English (a template's or a parsing rule's description) read in
//! the user's language. As long as the stored text is still the seed, the reader sees its
//! translation; once someone writes another text, it is shown as written. Saving a form that
//! shows a translation stores the English seed again, so editing other fields never turns a
//! seed into one language.

use crate::i18n::*;

/// What to show for `stored`: the seed's translation while it is unchanged, else `stored`.
/// `seed` gives the seed's text in a locale (`None` when the record is not seeded).
pub fn shown(locale: Locale, stored: &str, seed: impl Fn(Locale) -> Option<String>) -> String {
    match seed(Locale::en) {
        Some(english) if stored == english => seed(locale).unwrap_or(english),
        _ => stored.to_string(),
    }
}

/// What to store for `sent`: the English seed when `sent` is the seed in any language.
pub fn to_store(sent: &str, seed: impl Fn(Locale) -> Option<String>) -> String {
    let is_seed = Locale::get_all()
        .iter()
        .filter_map(|l| seed(*l))
        .any(|text| text == sent.trim());
    match seed(Locale::en) {
        Some(english) if is_seed => english,
        _ => sent.to_string(),
    }
}
