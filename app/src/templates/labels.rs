//! The seeded templates' names and descriptions in the user's language. The seed migration
//! stores the English description; as long as a template still carries it, the user reads it
//! in their language, and once an administrator writes another, that text is shown as written.

use super::PromptTemplate;
use crate::i18n::*;
use crate::ui::seeded;

/// Name and description of a seeded template (by category and action) in `locale`.
fn seed(locale: Locale, category: &str, action: &str) -> Option<(String, String)> {
    macro_rules! pair {
        ($name:ident, $description:ident) => {
            Some((
                td_string!(locale, template_seeds.$name).to_string(),
                td_string!(locale, template_seeds.$description).to_string(),
            ))
        };
    }
    match (category, action) {
        ("images", "enhance") => pair!(images_enhance_name, images_enhance_description),
        ("images", "translate") => pair!(images_translate_name, images_translate_description),
        ("titles", "generate") => pair!(titles_generate_name, titles_generate_description),
        ("lyrics", "improve") => pair!(lyrics_improve_name, lyrics_improve_description),
        ("lyrics", "rewrite") => pair!(lyrics_rewrite_name, lyrics_rewrite_description),
        ("lyrics", "extend") => pair!(lyrics_extend_name, lyrics_extend_description),
        ("music", "enhance") => pair!(music_enhance_name, music_enhance_description),
        ("chat", "title") => pair!(chat_title_name, chat_title_description),
        ("chat", "compress") => pair!(chat_compress_name, chat_compress_description),
        _ => None,
    }
}

/// What the template is called: the seed's translated name, else `category / action`.
pub fn name(locale: Locale, t: &PromptTemplate) -> String {
    seed(locale, &t.category, &t.action)
        .map(|(name, _)| name)
        .unwrap_or_else(|| format!("{} / {}", t.category, t.action))
}

/// The description as the user reads it: translated while it is the seed's, else as written.
pub fn description(locale: Locale, t: &PromptTemplate) -> String {
    seeded::shown(locale, &t.description, |l| {
        seed(l, &t.category, &t.action).map(|(_, d)| d)
    })
}

/// The description to store for what the editor sent (see `seeded::to_store`).
pub fn description_to_store(category: &str, action: &str, sent: &str) -> String {
    seeded::to_store(sent, |l| seed(l, category, action).map(|(_, d)| d))
}
