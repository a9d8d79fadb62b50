//! The application shell (header, navigation, main area) and page-level layouts.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use super::lang_switch::LangSwitch;
use super::shortcuts::{Shortcuts, ShortcutsOpen};
use super::toast::ToastRegion;
use super::user_menu::UserMenu;
use crate::auth::use_session;
use crate::i18n::*;

/// Header, navigation and main area around every page.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    ShortcutsOpen::provide();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, nav.skip)}</a>
        <header class="app-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                <span class="brand-name">{t!(i18n, app.name)}</span>
            </a>
            <MainNav />
            <div class="header-actions">
                <LangSwitch />
                <UserMenu />
            </div>
        </header>
        <main id="main" class="app-main" tabindex="-1">{children()}</main>
        <ToastRegion />
        <Shortcuts />
    }
}

/// Links to the areas that exist, shown once signed in.
#[component]
fn MainNav() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session().session;
    let signed_in = move || {
        session
            .get()
            .and_then(|s| s.ok())
            .is_some_and(|s| s.user.is_some())
    };
    view! {
        <Transition fallback=|| ()>
            <Show when=signed_in>
                <nav class="main-nav" aria-label=move || t_string!(i18n, nav.main)>
                    <A href="/" exact=true>{t!(i18n, nav.home)}</A>
                    <A href="/sketches">{t!(i18n, nav.sketches)}</A>
                    <A href="/songs">{t!(i18n, nav.songs)}</A>
                    <A href="/images/new">{t!(i18n, nav.generate)}</A>
                    <A href="/images" exact=true>{t!(i18n, nav.gallery)}</A>
                    <A href="/covers">{t!(i18n, nav.covers)}</A>
                    <A href="/templates">{t!(i18n, nav.templates)}</A>
                    <A href="/profile">{t!(i18n, nav.profile)}</A>
                </nav>
            </Show>
        </Transition>
    }
}

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

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Page title=crate::tr!(i18n, not_found.title)>
            <p>{t!(i18n, not_found.body)}</p>
            <p><a class="button" href="/">{t!(i18n, not_found.home)}</a></p>
        </Page>
    }
}
