//! Every route of the app in one place.
//!
//! Pages render with `SsrMode::Async`: the server waits for the session and page data, then
//! sends complete HTML. That gives real 302 redirects and 404 statuses, correct `<title>`s, and
//! pages that are whole without WASM (sign-in must work with scripts disabled); the pages are
//! small, so the later first byte costs little.
//!
//! The feature pages behind sign-in are lazy routes whose code arrives as one WASM module (see
//! [`SignedInPage`]).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, LazyRoute, SsrMode};

use crate::auth::{LoginPage, RegisterPage, RequireUser, SessionContext, SetupPage};
use crate::chat::ChatPage;
use crate::covers::CoversPage;
use crate::equipment::EquipmentPage;
use crate::home::HomePage;
use crate::images::{GalleryPage, GeneratePage};
use crate::lyrics::{LyricEditorPage, RulesPage};
use crate::profile::ProfilePage;
use crate::projects::ProjectsPage;
use crate::shell::{NotFound, Shell};
use crate::sketches::SketchesPage;
use crate::songs::{NewSongPage, SongsPage};
use crate::templates::TemplatesPage;

#[component]
pub fn AppRouter() -> impl IntoView {
    view! {
        <Router>
            // Inside the router: actions read a failed no-JS form post's error from the URL.
            {SessionContext::provide()}
            {provide_context(crate::ui::asset_places::AssetPlaces(crate::projects::in_asset::panel))}
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") ssr=SsrMode::Async view=|| view! { <RequireUser><HomePage /></RequireUser> } />
                    <Route path=path!("/profile") ssr=SsrMode::Async view={Lazy::<ProfileRoute>::new()} />
                    <Route path=path!("/images") ssr=SsrMode::Async view={Lazy::<GalleryRoute>::new()} />
                    <Route path=path!("/images/new") ssr=SsrMode::Async view={Lazy::<GenerateRoute>::new()} />
                    <Route path=path!("/covers") ssr=SsrMode::Async view={Lazy::<CoversRoute>::new()} />
                    <Route path=path!("/sketches") ssr=SsrMode::Async view={Lazy::<SketchesRoute>::new()} />
                    <Route path=path!("/sketches/rules") ssr=SsrMode::Async view={Lazy::<RulesRoute>::new()} />
                    <Route path=path!("/sketches/:id/lyrics") ssr=SsrMode::Async view={Lazy::<LyricsRoute>::new()} />
                    <Route path=path!("/songs") ssr=SsrMode::Async view={Lazy::<SongsRoute>::new()} />
                    <Route path=path!("/songs/new") ssr=SsrMode::Async view={Lazy::<NewSongRoute>::new()} />
                    <Route path=path!("/equipment") ssr=SsrMode::Async view={Lazy::<EquipmentRoute>::new()} />
                    <Route path=path!("/projects") ssr=SsrMode::Async view={Lazy::<ProjectsRoute>::new()} />
                    <Route path=path!("/templates") ssr=SsrMode::Async view={Lazy::<TemplatesRoute>::new()} />
                    <Route path=path!("/chat") ssr=SsrMode::Async view={Lazy::<ChatRoute>::new()} />
                    <Route path=path!("/login") ssr=SsrMode::Async view=LoginPage />
                    <Route path=path!("/register") ssr=SsrMode::Async view=RegisterPage />
                    <Route path=path!("/setup") ssr=SsrMode::Async view=SetupPage />
                </Routes>
            </Shell>
        </Router>
    }
}

/// The pages behind sign-in that are not the home page. With `cargo leptos build --split` they
/// arrive as one lazily loaded WASM module, fetched on the first visit to any of them (on a full
/// page load, before hydration starts), so the first load of the sign-in pages carries only the
/// shell, the sign-in forms and the shared UI.
///
/// Why one module and not one per page: the splitter gives code needed by several split
/// modules a chunk of its own per combination of modules that need it. With a module per page
/// that made 139 WASM files, most under 1 KB, of which a page fetched 45 to 74; one module
/// for all of them (and one for the cover editor's pixel engine, `covers::engine`) leaves a
/// page three or four WASM files, and the pages' code is small next to that engine.
#[derive(Clone, Copy)]
enum SignedInPage {
    Profile,
    Gallery,
    Generate,
    Covers,
    Templates,
    Sketches,
    Lyrics,
    Rules,
    Songs,
    NewSong,
    Chat,
    Equipment,
    Projects,
}

/// Renders `page` behind [`RequireUser`]: the one entry into the lazily loaded module.
#[leptos::lazy]
fn signed_in_page(page: SignedInPage) -> AnyView {
    use SignedInPage::*;
    match page {
        Profile => view! { <RequireUser><ProfilePage /></RequireUser> }.into_any(),
        Gallery => view! { <RequireUser><GalleryPage /></RequireUser> }.into_any(),
        Generate => view! { <RequireUser><GeneratePage /></RequireUser> }.into_any(),
        Covers => view! { <RequireUser><CoversPage /></RequireUser> }.into_any(),
        Templates => view! { <RequireUser><TemplatesPage /></RequireUser> }.into_any(),
        Sketches => view! { <RequireUser><SketchesPage /></RequireUser> }.into_any(),
        Lyrics => view! { <RequireUser><LyricEditorPage /></RequireUser> }.into_any(),
        Rules => view! { <RequireUser><RulesPage /></RequireUser> }.into_any(),
        Songs => view! { <RequireUser><SongsPage /></RequireUser> }.into_any(),
        NewSong => view! { <RequireUser><NewSongPage /></RequireUser> }.into_any(),
        Chat => view! { <RequireUser><ChatPage /></RequireUser> }.into_any(),
        Equipment => view! { <RequireUser><EquipmentPage /></RequireUser> }.into_any(),
        Projects => view! { <RequireUser><ProjectsPage /></RequireUser> }.into_any(),
    }
}

/// Declares the lazy route that shows `page`. Written out rather than with `#[lazy_route]`,
/// which would give each route a split module of its own.
macro_rules! lazy_page {
    ($route:ident => $page:ident) => {
        struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_this: Self) -> AnyView {
                signed_in_page(SignedInPage::$page).await
            }

            async fn preload() {
                #[cfg(target_arch = "wasm32")]
                __preload_signed_in_page().await;
            }
        }
    };
}

lazy_page!(ProfileRoute => Profile);
lazy_page!(GalleryRoute => Gallery);
lazy_page!(GenerateRoute => Generate);
lazy_page!(CoversRoute => Covers);
lazy_page!(TemplatesRoute => Templates);
lazy_page!(SketchesRoute => Sketches);
lazy_page!(LyricsRoute => Lyrics);
lazy_page!(RulesRoute => Rules);
lazy_page!(SongsRoute => Songs);
lazy_page!(NewSongRoute => NewSong);
lazy_page!(ChatRoute => Chat);
lazy_page!(EquipmentRoute => Equipment);
lazy_page!(ProjectsRoute => Projects);
