//! Numbers as the user's language writes them: the decimal separator (`1.4` / `1,4`, a
//! translation, so a new language brings its own) and the plural form a count takes.

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

/// A whole number with the language's digit grouping: `12,345` / `12.345`.
pub fn whole(i18n: I18n, n: u64) -> String {
    let group = if t_string!(i18n, number.decimal_separator).to_string() == "." {
        ','
    } else {
        '.'
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    out
}

/// `1.4 MB`, `320 KB` (decimal units, as file managers show them).
pub fn file_size(i18n: I18n, bytes: i64) -> String {
    let b = bytes as f64;
    if b >= 1_000_000_000.0 {
        format!("{}\u{a0}GB", decimal(i18n, b / 1_000_000_000.0, 2))
    } else if b >= 1_000_000.0 {
        format!("{}\u{a0}MB", decimal(i18n, b / 1_000_000.0, 1))
    } else {
        format!("{}\u{a0}KB", (b / 1000.0).round() as i64)
    }
}

/// The CLDR plural categories the app's languages use for whole numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    One,
    Other,
}

/// The plural category of `n` in `locale` (CLDR cardinal rules). Translations keep one text per
/// category (`count.one`, `count.other`). The rules live here rather than in the i18n
/// library's ICU data, which would add tens of kilobytes to every page's first load for two
/// languages whose rule is the same; a new language must say its rule (the match is exhaustive).
pub fn plural(locale: Locale, n: u64) -> Plural {
    match locale {
        Locale::en | Locale::de => {
            if n == 1 {
                Plural::One
            } else {
                Plural::Other
            }
        }
    }
}

/// A translated count: `plural_text!(i18n, images.count, n)` picks `images.count.one` or
/// `images.count.other` by [`plural`] and fills `{{ count }}`.
#[macro_export]
macro_rules! plural_text {
    ($i18n:expr, $($key:ident).+, $n:expr) => {{
        let n: u64 = $n;
        match $crate::ui::number::plural($i18n.get_locale(), n) {
            $crate::ui::number::Plural::One => {
                $crate::i18n::t_string!($i18n, $($key).+.one, count = n).to_string()
            }
            $crate::ui::number::Plural::Other => {
                $crate::i18n::t_string!($i18n, $($key).+.other, count = n).to_string()
            }
        }
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_in_english_and_german() {
        for locale in [Locale::en, Locale::de] {
            assert_eq!(plural(locale, 1), Plural::One);
            for n in [0, 2, 11, 21, 101] {
                assert_eq!(plural(locale, n), Plural::Other);
            }
        }
    }
}
