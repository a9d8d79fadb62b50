//! Page-level layouts every feature uses: a titled page, master-detail, the sign-in card, the
//! loading placeholder, a resource loaded.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::error::AppError;
use crate::i18n::*;
use crate::ui::form::ErrorBanner;

/// Text for a `<Title>`: the signal while it can be read, else its value when the page rendered.
///
/// leptos_meta reads titles when it writes the `<head>`, after the body has rendered; under
/// concurrent server renders the component that set a title may be disposed by then, and reading
/// a disposed signal panics (found by the gallery load benchmark). The render-time value is the
/// right one for the server's HTML; in the browser the signal stays live and the title follows
/// language switches.
pub fn title_text(text: Signal<String>) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let rendered = text.get_untracked();
    move || text.try_get().unwrap_or_else(|| rendered.clone())
}

/// A page with a heading, optional actions on the right and content below.
#[component]
pub fn Page(
    #[prop(into)] title: Signal<String>,
    #[prop(optional, into)] actions: Option<ViewFn>,
    children: Children,
) -> impl IntoView {
    view! {
        <Title text=title_text(title) />
        <div class="page">
            <div class="page-head">
                <h1>{title}</h1>
                {actions.map(|a| view! { <div class="page-actions">{a.run()}</div> })}
            </div>
            {children()}
        </div>
    }
}

/// A list beside a detail panel; on narrow screens the detail replaces the list while open.
#[component]
pub fn MasterDetail(
    #[prop(into)] master: ViewFn,
    #[prop(into)] detail: ViewFn,
    #[prop(into)] detail_open: Signal<bool>,
) -> impl IntoView {
    view! {
        <div class="master-detail" class:detail-open=detail_open>
            <section class="master">{master.run()}</section>
            <section class="detail">{detail.run()}</section>
        </div>
    }
}

/// A centred card for sign-in and similar single-form pages.
#[component]
pub fn AuthCard(
    #[prop(into)] title: Signal<String>,
    #[prop(into)] intro: Signal<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <Title text=title />
        <div class="auth-page">
            <section class="card auth-card">
                <h1>{title}</h1>
                <p class="muted">{intro}</p>
                {children()}
            </section>
        </div>
    }
}

/// A resource's value, shown by `show` once loaded: the loading placeholder until then (the
/// previous value stays while it reloads), a banner with the error if loading failed. Every
/// list and detail loads through this, so they all wait and fail alike.
#[component]
pub fn Loaded<T, F, V>(from: Resource<Result<T, AppError>>, show: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <PageLoading /> }>
            {move || {
                let show = show.clone();
                Suspend::new(async move {
                    match from.await {
                        Ok(value) => show(value).into_any(),
                        Err(error) => view! { <ErrorBanner error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// A quiet placeholder while a page's data loads.
#[component]
pub fn PageLoading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page-loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{t!(i18n, common.loading)}</span>
        </div>
    }
}
