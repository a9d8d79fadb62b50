//! AI Toolbox's user interface and server functions.
//!
//! One folder per feature (`sketches`, `images`, `songs`, …), each holding its pages next to the
//! server functions and queries they use; below them `ui` (generic building blocks), `infra`,
//! `providers`, `jobs` and `state`; above them `shell` and `routes`. ARCHITECTURE.md has the map,
//! `tests/module_graph.rs` keeps the layers acyclic. Server-only code sits behind the `ssr`
//! feature, browser-only code behind `hydrate`.

#![recursion_limit = "256"]

pub mod auth;
pub mod chat;
pub mod costs;
pub mod covers;
pub mod demo;
pub mod equipment;
pub mod error;
pub mod home;
pub mod images;
#[cfg(feature = "ssr")]
pub mod infra;
pub mod jobs;
pub mod lyrics;
pub mod profile;
pub mod projects;
pub mod providers;
mod routes;
mod shell;
pub mod sketches;
pub mod songs;
#[cfg(feature = "ssr")]
pub mod state;
pub mod styles;
pub mod templates;
pub mod ui;

// Typed translations generated from `locales/*.json` by `build.rs` (`pub mod i18n`).
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};

use crate::i18n::*;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: leptos::config::LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="leptos" />
                // `defer`: the bundle is fetched at low priority and run when the browser is
                // idle, so a slow phone paints the page and its images first (the page works
                // without scripts meanwhile: forms post, links navigate).
                <HydrationScripts options defer=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The root component: translations, session, shell and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            <AppTitle />
            {ui::toast::Toasts::provide()}
            <routes::AppRouter />
        </I18nContextProvider>
    }
}

#[component]
fn AppTitle() -> impl IntoView {
    let i18n = use_i18n();
    let app = ui::layout::title_text(crate::tr!(i18n, app.name));
    view! { <Title formatter=move |page: String| {
        let app = app();
        if page.is_empty() { app } else { format!("{page} · {app}") }
    } /> }
}
