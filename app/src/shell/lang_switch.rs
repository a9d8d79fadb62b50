//! The language switch in the header.
//!
//! It is a plain form posting to the `set_language` server function, so it works without WASM;
//! with WASM the click switches instantly on the client and persists in the background.

use leptos::prelude::*;

use crate::auth::api::SetLanguage;
use crate::i18n::*;

#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLanguage>::new();
    let button = move |locale: Locale, tag: &'static str, label: &'static str| {
        let pressed = move || i18n.get_locale() == locale;
        view! {
            <button
                type="submit"
                name="language"
                value=tag
                lang=tag
                class="lang-option"
                aria-pressed=move || pressed().to_string()
                on:click=move |ev| {
                    ev.prevent_default();
                    i18n.set_locale(locale);
                    action.dispatch(SetLanguage { language: tag.to_string() });
                }
            >
                {label}
            </button>
        }
    };
    view! {
        // The group role sits on a div: a form may not take it (ARIA in HTML).
        <form class="lang-switch-form" method="post" action="/api/set_language">
            <div class="lang-switch" role="group" aria-label=move || t_string!(i18n, lang.label)>
                {button(Locale::en, "en", "EN")}
                {button(Locale::de, "de", "DE")}
            </div>
        </form>
    }
}
