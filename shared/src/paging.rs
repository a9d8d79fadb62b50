//! The one paging type every list takes: a page number that cannot overflow an offset.
//!
//! A page number comes from the URL, so it is whatever someone typed. Multiplying a page near
//! 2^63 by the page size wrapped to the first page on SQLite and failed on PostgreSQL; a [`Page`]
//! is clamped to `1..=MAX_PAGE` when it is made, so every offset computed from it is small.

use serde::{Deserialize, Deserializer, Serialize};

/// The highest page a list serves; beyond it every list is empty anyway (a million rows at the
/// smallest page size).
pub const MAX_PAGE: u32 = 100_000;

/// Longest search text a list accepts.
pub const MAX_SEARCH_CHARS: usize = 200;

/// A 1-based page number, always within `1..=MAX_PAGE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Page(u32);

impl Default for Page {
    fn default() -> Self {
        Page::FIRST
    }
}

impl Page {
    pub const FIRST: Page = Page(1);

    /// Clamps any number into range: zero and negatives mean the first page, huge numbers the
    /// last one served.
    pub fn new(n: i64) -> Page {
        Page(n.clamp(1, MAX_PAGE as i64) as u32)
    }

    /// Reads a page number from URL text; anything unreadable is the first page.
    pub fn parse(text: &str) -> Page {
        let text = text.trim();
        match text.parse::<i64>() {
            Ok(n) => Page::new(n),
            // All digits but too long for i64: a huge page, clamped like one.
            Err(_) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
                Page::new(i64::MAX)
            }
            Err(_) => Page::FIRST,
        }
    }

    pub fn number(self) -> u32 {
        self.0
    }

    /// Rows to skip for this page; at most `MAX_PAGE × per_page`, far from overflowing.
    pub fn offset(self, per_page: u32) -> i64 {
        (self.0 as i64 - 1) * per_page as i64
    }

    /// How many pages `total` rows fill (at least one, so "page 1 of 1" for an empty list).
    pub fn count(total: i64, per_page: u32) -> u32 {
        let per_page = per_page.max(1) as i64;
        ((total.max(0) + per_page - 1) / per_page).clamp(1, MAX_PAGE as i64) as u32
    }

    pub fn next(self) -> Page {
        Page::new(self.0 as i64 + 1)
    }

    pub fn previous(self) -> Page {
        Page::new(self.0 as i64 - 1)
    }
}

/// Accepts a number or numeric text (URL-encoded forms carry text), clamping instead of failing:
/// a page is navigation, and an unreadable one is the first page, never an error.
impl<'de> Deserialize<'de> for Page {
    fn deserialize<D: Deserializer<'de>>(de: D) -> Result<Page, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(i64),
            Big(u64),
            Float(f64),
            Text(String),
        }
        Ok(match Raw::deserialize(de)? {
            Raw::Int(n) => Page::new(n),
            Raw::Big(n) => Page::new(i64::try_from(n).unwrap_or(i64::MAX)),
            Raw::Float(f) if f.is_finite() => Page::new(f as i64),
            Raw::Float(_) => Page::FIRST,
            Raw::Text(t) => Page::parse(&t),
        })
    }
}

impl std::fmt::Display for Page {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_clamped_and_offsets_never_overflow() {
        assert_eq!(Page::new(0), Page::FIRST);
        assert_eq!(Page::new(-5), Page::FIRST);
        assert_eq!(Page::new(i64::MAX).number(), MAX_PAGE);
        assert_eq!(Page::parse("9223372036854775807").number(), MAX_PAGE);
        assert_eq!(Page::parse("99999999999999999999999").number(), MAX_PAGE);
        assert_eq!(Page::parse("abc"), Page::FIRST);
        assert_eq!(Page::new(3).offset(24), 48);
        assert_eq!(
            Page::new(i64::MAX).offset(u32::MAX),
            (MAX_PAGE as i64 - 1) * u32::MAX as i64
        );
        assert_eq!(Page::count(0, 24), 1);
        assert_eq!(Page::count(49, 24), 3);
    }

    #[test]
    fn pages_deserialize_from_numbers_and_text() {
        let page = |json: &str| serde_json::from_str::<Page>(json).unwrap().number();
        assert_eq!(page("7"), 7);
        assert_eq!(page("\"7\""), 7);
        assert_eq!(page("18446744073709551615"), MAX_PAGE);
        assert_eq!(page("\"-3\""), 1);
        assert_eq!(page("2.0"), 2);
    }
}
