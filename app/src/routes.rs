//! Every route of the app in one place.
//!
//! Pages render with `SsrMode::Async`: the server waits for the session and page data, then
//! sends complete HTML. That gives real 302 redirects and 404 statuses, correct `<title>`s, and
//! pages that are whole without WASM (sign-in must work with scripts disabled); the pages are
//! small, so the later first byte costs little.
//!
//! The feature pages behind sign-in are lazy routes: with `cargo leptos build --split` each one's
//! code is its own WASM chunk, fetched when the page is first visited (or, on a full page load,
//! before hydration starts), so the first load carries only the shell, the sign-in pages and the
//! shared UI.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute, SsrMode};

use crate::auth::{LoginPage, RegisterPage, RequireUser, SessionContext, SetupPage};
use crate::covers::CoversPage;
use crate::home::HomePage;
use crate::images::{GalleryPage, GeneratePage};
use crate::profile::ProfilePage;
use crate::sketches::SketchesPage;
use crate::songs::{NewSongPage, SongsPage};
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
                    <Route path=path!("/profile") ssr=SsrMode::Async view={Lazy::<ProfileRoute>::new()} />
                    <Route path=path!("/images") ssr=SsrMode::Async view={Lazy::<GalleryRoute>::new()} />
                    <Route path=path!("/images/new") ssr=SsrMode::Async view={Lazy::<GenerateRoute>::new()} />
                    <Route path=path!("/covers") ssr=SsrMode::Async view={Lazy::<CoversRoute>::new()} />
                    <Route path=path!("/sketches") ssr=SsrMode::Async view={Lazy::<SketchesRoute>::new()} />
                    <Route path=path!("/songs") ssr=SsrMode::Async view={Lazy::<SongsRoute>::new()} />
                    <Route path=path!("/songs/new") ssr=SsrMode::Async view={Lazy::<NewSongRoute>::new()} />
                    <Route path=path!("/templates") ssr=SsrMode::Async view={Lazy::<TemplatesRoute>::new()} />
                    <Route path=path!("/login") ssr=SsrMode::Async view=LoginPage />
                    <Route path=path!("/register") ssr=SsrMode::Async view=RegisterPage />
                    <Route path=path!("/setup") ssr=SsrMode::Async view=SetupPage />
                </Routes>
            </Shell>
        </Router>
    }
}

/// Declares a lazy route whose view is `page` behind [`RequireUser`]; the page needs no route
/// data up front because each loads its own resources once its code has arrived.
macro_rules! lazy_page {
    ($route:ident => $page:ident) => {
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                view! { <RequireUser><$page /></RequireUser> }.into_any()
            }
        }
    };
}

lazy_page!(ProfileRoute => ProfilePage);
lazy_page!(GalleryRoute => GalleryPage);
lazy_page!(GenerateRoute => GeneratePage);
lazy_page!(CoversRoute => CoversPage);
lazy_page!(TemplatesRoute => TemplatesPage);
lazy_page!(SketchesRoute => SketchesPage);
lazy_page!(SongsRoute => SongsPage);
lazy_page!(NewSongRoute => NewSongPage);
