//! Page-level layouts every feature uses: a titled page, master-detail, the sign-in card, the
//! loading placeholder.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::*;

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
