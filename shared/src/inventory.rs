//! The equipment inventory's field rules, the same in the browser's form check and on the
//! server: tag lists, web addresses, purchase dates and prices with a currency.

use crate::calendar::{civil_from_days, days_from_civil};
use crate::input::InputProblem;

/// Characters of one tag.
pub const MAX_TAG_CHARS: usize = 60;

/// A comma-separated tag list tidied: each tag trimmed, empty ones dropped, repeats (ignoring
/// case) kept once, joined by ", ".
pub fn tags(raw: &str, max_chars: usize) -> Result<String, InputProblem> {
    let mut kept: Vec<&str> = Vec::new();
    for tag in raw.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if tag.chars().any(char::is_control) {
            return Err(InputProblem::InvalidCharacters);
        }
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(InputProblem::TooLong);
        }
        if !kept.iter().any(|k| k.to_lowercase() == tag.to_lowercase()) {
            kept.push(tag);
        }
    }
    let joined = kept.join(", ");
    if joined.chars().count() > max_chars {
        return Err(InputProblem::TooLong);
    }
    Ok(joined)
}

/// Whether `list` (as [`tags`] stores it) holds `tag`, ignoring case.
pub fn has_tag(list: &str, tag: &str) -> bool {
    let tag = tag.trim().to_lowercase();
    list.split(',').any(|t| t.trim().to_lowercase() == tag)
}

/// A web address: empty, or `http://` / `https://` with a host and no spaces.
pub fn url(raw: &str, max_chars: usize) -> Result<String, InputProblem> {
    let url = raw.trim();
    if url.is_empty() {
        return Ok(String::new());
    }
    if url.chars().count() > max_chars {
        return Err(InputProblem::TooLong);
    }
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or(InputProblem::InvalidFormat)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(InputProblem::InvalidFormat);
    }
    Ok(url.to_string())
}

/// A calendar date `YYYY-MM-DD` (what a date input sends), from 1900 to 2200; empty is none.
pub fn date(raw: &str) -> Result<Option<String>, InputProblem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = raw.split('-').collect();
    let [y, m, d] = parts[..] else {
        return Err(InputProblem::InvalidFormat);
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return Err(InputProblem::InvalidFormat);
    }
    let (y, m, d): (i64, u32, u32) = (
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    );
    if !(1900..=2200).contains(&y) {
        return Err(InputProblem::OutOfRange);
    }
    // A real day: it survives the round trip through the day count (no 31 April).
    if !(1..=12).contains(&m) || d == 0 || civil_from_days(days_from_civil(y, m, d)) != (y, m, d) {
        return Err(InputProblem::InvalidFormat);
    }
    Ok(Some(format!("{y:04}-{m:02}-{d:02}")))
}

/// A price with its currency, stored as `"299.99 EUR"`: an amount with at most two decimals
/// (a decimal comma is read as a point), below a billion, and a three-letter currency code.
/// Both empty is no price; an amount needs a currency.
pub fn price(amount: &str, currency: &str) -> Result<Option<String>, InputProblem> {
    let (amount, currency) = (amount.trim().replace(',', "."), currency.trim());
    if amount.is_empty() {
        return Ok(None);
    }
    let (whole, cents) = amount.split_once('.').unwrap_or((&amount, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(cents) || cents.len() > 2 {
        return Err(InputProblem::InvalidFormat);
    }
    let whole = whole.trim_start_matches('0');
    if whole.len() > 9 {
        return Err(InputProblem::OutOfRange);
    }
    Ok(Some(format!(
        "{}.{:0<2} {}",
        if whole.is_empty() { "0" } else { whole },
        cents,
        currency_code(currency)?
    )))
}

/// A currency as ISO 4217 spells it: three letters, upper-cased.
pub fn currency_code(raw: &str) -> Result<String, InputProblem> {
    let code = raw.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Err(InputProblem::Required);
    }
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(InputProblem::InvalidFormat);
    }
    Ok(code)
}

/// A stored price split back into amount and currency.
pub fn price_parts(stored: &str) -> (&str, &str) {
    stored.split_once(' ').unwrap_or((stored, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_tidied() {
        assert_eq!(
            tags(" Synth, ,synth, EQ ,Reverb", 100).unwrap(),
            "Synth, EQ, Reverb"
        );
        assert_eq!(tags("", 100).unwrap(), "");
        assert_eq!(tags("a,b,c", 3), Err(InputProblem::TooLong));
        assert!(has_tag("Synth, EQ", "eq"));
        assert!(!has_tag("Synth, EQ", "E"));
    }

    #[test]
    fn urls_need_a_scheme_and_host() {
        assert_eq!(
            url(" https://u-he.com/diva ", 500).unwrap(),
            "https://u-he.com/diva"
        );
        assert_eq!(url("", 500).unwrap(), "");
        for bad in [
            "u-he.com",
            "javascript:alert(1)",
            "https://",
            "https://a b.com",
            "ftp://x",
        ] {
            assert_eq!(url(bad, 500), Err(InputProblem::InvalidFormat), "{bad}");
        }
    }

    #[test]
    fn dates_are_real_days() {
        assert_eq!(date("2024-02-29").unwrap().as_deref(), Some("2024-02-29"));
        assert_eq!(date("").unwrap(), None);
        for bad in [
            "2023-02-29",
            "2024-04-31",
            "2024-13-01",
            "24-01-01",
            "2024/01/01",
            "x",
        ] {
            assert_eq!(date(bad), Err(InputProblem::InvalidFormat), "{bad}");
        }
        assert_eq!(date("1800-01-01"), Err(InputProblem::OutOfRange));
    }

    #[test]
    fn prices_carry_a_currency() {
        assert_eq!(
            price("299,9", "eur").unwrap().as_deref(),
            Some("299.90 EUR")
        );
        assert_eq!(price("0049", "USD").unwrap().as_deref(), Some("49.00 USD"));
        assert_eq!(price("", "").unwrap(), None);
        assert_eq!(price("10", ""), Err(InputProblem::Required));
        assert_eq!(price("10", "EURO"), Err(InputProblem::InvalidFormat));
        for bad in ["1.234", "-5", "1e3", ".5", "12 EUR"] {
            assert_eq!(price(bad, "EUR"), Err(InputProblem::InvalidFormat), "{bad}");
        }
        assert_eq!(price("1000000000", "EUR"), Err(InputProblem::OutOfRange));
        assert_eq!(price_parts("49.00 USD"), ("49.00", "USD"));
    }
}
