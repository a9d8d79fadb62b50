//! The UI languages and how a preference is picked from an `Accept-Language` header.

use serde::{Deserialize, Serialize};

/// A language the UI is translated into.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    De,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::De];

    /// The BCP 47 tag, as stored in user settings and in the locale cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
        }
    }

    /// Parses a tag such as `de`, `de-AT` or `EN_us`; only the primary subtag matters.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Language::En),
            "de" => Some(Language::De),
            _ => None,
        }
    }

    /// The best supported language for an `Accept-Language` header, honouring q-values.
    pub fn negotiate(accept_language: &str) -> Option<Language> {
        let mut best: Option<(f32, Language)> = None;
        for part in accept_language.split(',') {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Language::from_tag) else {
                continue;
            };
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .map(|q| q.parse::<f32>().unwrap_or(0.0))
                })
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_by_primary_subtag() {
        assert_eq!(Language::from_tag("de-AT"), Some(Language::De));
        assert_eq!(Language::from_tag("EN_us"), Some(Language::En));
        assert_eq!(Language::from_tag("fr"), None);
    }

    #[test]
    fn negotiation_honours_quality() {
        assert_eq!(
            Language::negotiate("fr-CH, fr;q=0.9, de;q=0.8, en;q=0.7"),
            Some(Language::De)
        );
        assert_eq!(
            Language::negotiate("en;q=0.2, de;q=0.9"),
            Some(Language::De)
        );
        assert_eq!(Language::negotiate("de;q=0, en"), Some(Language::En));
        assert_eq!(Language::negotiate("fr, es"), None);
    }
}
