//! The seeded rules' names and descriptions in the user's language (see `ui::seeded`): the
//! migration stores them in English, keyed by the seed's id.

use super::LyricRule;
use crate::i18n::*;
use crate::ui::seeded;

/// Name and description of the seeded rule `id` in `locale`.
fn seed(locale: Locale, id: &str) -> Option<(String, String)> {
    macro_rules! pair {
        ($name:ident, $description:ident) => {
            Some((
                td_string!(locale, rule_seeds.$name).to_string(),
                td_string!(locale, rule_seeds.$description).to_string(),
            ))
        };
    }
    match id {
        "lpr-windows-line-breaks" => {
            pair!(windows_line_breaks_name, windows_line_breaks_description)
        }
        "lpr-non-breaking-spaces" => {
            pair!(non_breaking_spaces_name, non_breaking_spaces_description)
        }
        "lpr-smart-double-quotes" => {
            pair!(smart_double_quotes_name, smart_double_quotes_description)
        }
        "lpr-smart-single-quotes" => {
            pair!(smart_single_quotes_name, smart_single_quotes_description)
        }
        "lpr-em-and-en-dashes" => pair!(em_and_en_dashes_name, em_and_en_dashes_description),
        "lpr-trailing-spaces" => pair!(trailing_spaces_name, trailing_spaces_description),
        "lpr-runs-of-blank-lines" => {
            pair!(runs_of_blank_lines_name, runs_of_blank_lines_description)
        }
        "lpr-markdown-section-labels" => {
            pair!(
                markdown_section_labels_name,
                markdown_section_labels_description
            )
        }
        "lpr-blank-line-before-labels" => {
            pair!(
                blank_line_before_labels_name,
                blank_line_before_labels_description
            )
        }
        _ => None,
    }
}

/// `rule` as the user reads it: seeded names and descriptions translated while unchanged.
pub fn shown(locale: Locale, rule: &LyricRule) -> LyricRule {
    LyricRule {
        name: seeded::shown(locale, &rule.name, |l| seed(l, &rule.id).map(|s| s.0)),
        description: seeded::shown(locale, &rule.description, |l| {
            seed(l, &rule.id).map(|s| s.1)
        }),
        ..rule.clone()
    }
}

/// `rule` as it is stored: a seed's translated name or description back in English.
#[cfg(feature = "ssr")]
pub fn to_store(rule: LyricRule) -> LyricRule {
    LyricRule {
        name: seeded::to_store(&rule.name, |l| seed(l, &rule.id).map(|s| s.0)),
        description: seeded::to_store(&rule.description, |l| seed(l, &rule.id).map(|s| s.1)),
        ..rule
    }
}
