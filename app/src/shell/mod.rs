//! The application shell: header, navigation, language switch, user menu and the not-found
//! page. It sits above the features (it links to them and reads the session), so the generic
//! pieces in `ui` know no feature.

mod lang_switch;
mod nav;
mod user_menu;

use leptos::prelude::*;

use crate::i18n::*;
use crate::ui::layout::Page;
use crate::ui::shortcuts::{Shortcuts, ShortcutsOpen};
use crate::ui::toast::ToastRegion;
use lang_switch::LangSwitch;
use nav::MainNav;
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
