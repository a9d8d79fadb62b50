//! Every route of the app in one place.
//!
//! Pages render with `SsrMode::Async`: the server waits for the session and page data, then
//! sends complete HTML. That gives real 302 redirects and 404 statuses, correct `<title>`s, and
//! pages that are whole without WASM (sign-in must work with scripts disabled); the pages are
//! small, so the later first byte costs little.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::auth::{LoginPage, RegisterPage, RequireUser, SessionContext, SetupPage};
use crate::covers::CoversPage;
use crate::home::HomePage;
use crate::images::{GalleryPage, GeneratePage};
use crate::profile::ProfilePage;
use crate::templates::TemplatesPage;
use crate::ui::layout::{NotFound, Shell};

#[component]
pub fn AppRouter() -> impl IntoView {
    view! {
        <Router>
            // Inside the router: actions read a failed no-JS form post's error from the URL.
            {SessionContext::provide()}
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") ssr=SsrMode::Async view=|| view! { <RequireUser><HomePage /></RequireUser> } />
                    <Route path=path!("/profile") ssr=SsrMode::Async view=|| view! { <RequireUser><ProfilePage /></RequireUser> } />
                    <Route path=path!("/images") ssr=SsrMode::Async view=|| view! { <RequireUser><GalleryPage /></RequireUser> } />
                    <Route path=path!("/images/new") ssr=SsrMode::Async view=|| view! { <RequireUser><GeneratePage /></RequireUser> } />
                    <Route path=path!("/covers") ssr=SsrMode::Async view=|| view! { <RequireUser><CoversPage /></RequireUser> } />
                    <Route path=path!("/templates") ssr=SsrMode::Async view=|| view! { <RequireUser><TemplatesPage /></RequireUser> } />
                    <Route path=path!("/login") ssr=SsrMode::Async view=LoginPage />
                    <Route path=path!("/register") ssr=SsrMode::Async view=RegisterPage />
                    <Route path=path!("/setup") ssr=SsrMode::Async view=SetupPage />
                </Routes>
            </Shell>
        </Router>
    }
}
