//! Building blocks every feature page uses: layouts, forms, dialogs, toasts, shortcuts. They
//! know no feature; the shell that links the features is `crate::shell`.

/// A translated string as a reactive `Signal<String>`, for props that take text:
/// `tr!(i18n, auth.email)`. It follows language switches like `t!` does.
#[macro_export]
macro_rules! tr {
    ($i18n:expr, $($key:tt)+) => {
        ::leptos::prelude::Signal::derive(move || $crate::i18n::t_string!($i18n, $($key)+).to_string())
    };
}

pub mod asset_places;
pub mod async_card;
pub mod browser_data;
pub mod clipboard;
pub mod dialog;
pub mod drag;
pub mod error_text;
pub mod form;
pub mod form_check;
pub mod language;
pub mod layout;
pub mod list;
pub mod number;
pub mod progress;
pub mod seeded;
pub mod shortcuts;
pub mod time;
pub mod toast;
pub mod url;
