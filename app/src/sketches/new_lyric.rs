//! "Write lyrics": a new draft sketch, opened in the lyric studio.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::api::new_lyric;
use super::LyricDraft;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::form::ErrorBanner;

#[component]
pub fn NewLyricButton() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let create = move |_| {
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let language = i18n.get_locale_untracked().to_string();
            match new_lyric(LyricDraft {
                language,
                ..Default::default()
            })
            .await
            {
                Ok(id) => navigate(&format!("/sketches/{id}/lyrics"), Default::default()),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <button type="button" class="button" on:click=create disabled=move || busy.get()>
            {t!(i18n, sketches.write_lyrics)}
        </button>
        {move || error.get().map(|error| view! { <ErrorBanner error /> })}
    }
}
