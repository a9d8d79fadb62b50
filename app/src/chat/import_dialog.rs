//! Importing a conversation from a JSON export: the file is read in the browser (refused at
//! once when too large), sent as text, checked whole on the server, and opened when it
//! became a conversation. A file that is not an export changes nothing and says where it is
//! wrong.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[cfg(feature = "hydrate")]
use super::transfer::{import_conversation, MAX_IMPORT_BYTES};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::dialog::Dialog;
use crate::ui::form::ErrorBanner;

/// The file chosen in `input`, read as text; `Err` with a message when it cannot be.
#[cfg(feature = "hydrate")]
async fn read_file(input: &web_sys::HtmlInputElement) -> Result<Option<String>, AppError> {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return Ok(None);
    };
    if file.size() > MAX_IMPORT_BYTES as f64 {
        return Err(AppError::PayloadTooLarge);
    }
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| AppError::BadRequest)?;
    Ok(text.as_string())
}

#[component]
pub fn ImportDialog(shown: RwSignal<bool>, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let too_large = RwSignal::new(false);
    let working = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let navigate = StoredValue::new(use_navigate());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            let Some(input) = input.get_untracked() else {
                return;
            };
            working.set(true);
            leptos::task::spawn_local(async move {
                let result = match read_file(&input).await {
                    Ok(Some(text)) => import_conversation(text).await.map(Some),
                    Ok(None) => Ok(None),
                    Err(e) => Err(e),
                };
                working.set(false);
                too_large.set(matches!(result, Err(AppError::PayloadTooLarge)));
                match result {
                    Ok(Some(id)) => {
                        error.set(None);
                        shown.set(false);
                        refresh.update(|n| *n += 1);
                        navigate.with_value(|go| go(&format!("/chat?id={id}"), Default::default()));
                    }
                    Ok(None) => {}
                    Err(e) => error.set(Some(e)),
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (input, working, navigate, refresh);
    };
    view! {
        <Dialog open=shown title=crate::tr!(i18n, chat.import_title)>
            <form class="stack" on:submit=submit>
                <p class="muted">{t!(i18n, chat.import_intro)}</p>
                <label for="import-file">{t!(i18n, chat.import_file)}</label>
                <input id="import-file" type="file" accept="application/json,.json" required node_ref=input />
                {move || if too_large.get() {
                    Some(view! { <div class="banner banner-error" role="alert">{t!(i18n, chat.import_too_large)}</div> }.into_any())
                } else {
                    error.get().map(|error| view! { <ErrorBanner error /> }.into_any())
                }}
                <div class="inline-actions">
                    <button type="submit" class="button button-primary" disabled=move || working.get()>
                        {move || working.get().then(|| view! { <span class="spinner" aria-hidden="true"></span> })}
                        {t!(i18n, chat.import_submit)}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
