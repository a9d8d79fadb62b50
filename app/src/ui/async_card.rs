//! A card whose content loads after the page: its heading at once, a spinner while the data
//! comes, the translated error if it failed, else the content. The profile page's costs and
//! Mureka account use it; any card that waits for a provider should.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::*;
use crate::ui::form::ErrorBanner;

#[component]
pub fn AsyncCard<T, V, F>(
    #[prop(into)] title: Signal<String>,
    /// Extra class on the card, for its own layout.
    class: &'static str,
    data: Resource<Result<T, AppError>>,
    /// What the spinner says; "Loading…" unless given.
    #[prop(optional, into)]
    loading: Option<Signal<String>>,
    /// Renders the loaded value.
    content: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let loading = loading.unwrap_or_else(|| crate::tr!(i18n, common.loading));
    view! {
        <section class=format!("card {class}")>
            <h2>{title}</h2>
            <Suspense fallback=move || view! {
                <p class="muted"><span class="spinner" aria-hidden="true"></span>" "{loading}</p>
            }>
                {move || {
                    let content = content.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(value) => content(value).into_any(),
                            Err(error) => view! { <ErrorBanner error /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
