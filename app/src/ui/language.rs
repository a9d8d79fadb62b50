//! A content language as the UI names it (a sketch's lyrics, say), in the UI's own language.

use leptos::prelude::*;
use shared::locale::Language;

use crate::i18n::*;

/// "English" / "Deutsch" (or "Englisch" / "Deutsch" in German).
pub fn language_name(i18n: leptos_i18n::I18nContext<Locale>, language: Language) -> String {
    match language {
        Language::En => t_string!(i18n, lang.en).to_string(),
        Language::De => t_string!(i18n, lang.de).to_string(),
    }
}

/// A `<select>` of the content languages, named `name`, with `selected` chosen.
#[component]
pub fn LanguageSelect(
    id: &'static str,
    name: &'static str,
    selected: Language,
    #[prop(optional, into)] on_change: Option<Callback<Language>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select id=id name=name on:change=move |ev| {
            if let (Some(cb), Some(l)) = (on_change, Language::from_tag(&event_target_value(&ev))) {
                cb.run(l);
            }
        }>
            {Language::ALL.iter().map(|&l| view! {
                <option value=l.tag() selected=selected == l>{move || language_name(i18n, l)}</option>
            }).collect_view()}
        </select>
    }
}
