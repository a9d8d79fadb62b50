//! Numbers as the user's language writes them (`1.4` / `1,4`); the separator is a translation,
//! so a new language brings its own.

use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// `value` with `places` decimals and the language's decimal separator.
pub fn decimal(i18n: I18n, value: f64, places: usize) -> String {
    let text = format!("{value:.places$}");
    let separator = t_string!(i18n, number.decimal_separator).to_string();
    if separator == "." {
        text
    } else {
        text.replacen('.', &separator, 1)
    }
}

/// `1.4 MB`, `320 KB` (decimal units, as file managers show them).
pub fn file_size(i18n: I18n, bytes: i64) -> String {
    let b = bytes as f64;
    if b >= 1_000_000.0 {
        format!("{} MB", decimal(i18n, b / 1_000_000.0, 1))
    } else {
        format!("{} KB", (b / 1000.0).round() as i64)
    }
}
