//! The application shell: header, navigation, language switch, user menu and the not-found
//! page. It sits above the features (it links to them and reads the session), so the generic
//! pieces in `ui` know no feature.

mod lang_switch;
mod user_menu;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::use_session;
use crate::i18n::*;
use crate::ui::layout::Page;
use crate::ui::shortcuts::{Shortcuts, ShortcutsOpen};
use crate::ui::toast::ToastRegion;
use lang_switch::LangSwitch;
use user_menu::UserMenu;

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
