//! The start page after signing in: one-click starts for the common work, the demo notice when
//! providers are stand-ins, and the newest songs, sketches and images.
//!
//! The home page is in every first load's bundle (it is not a lazily loaded page), so its lists
//! are rendered by the server (`api::home_lists`, `lists`) and placed as HTML: they are plain
//! links with no behaviour, and the browser carries none of their code, their data types or
//! the date formatting they use. The page asks again when the language or time zone changes.

pub mod api;
#[cfg(feature = "ssr")]
mod lists;
#[cfg(feature = "ssr")]
mod overview;

use leptos::prelude::*;

use crate::auth::use_session;
use crate::demo::DemoBanner;
use crate::i18n::*;
use crate::ui::form::ErrorBanner;
use crate::ui::layout::{Page, PageLoading};
use crate::ui::time::UserTimeZone;
use api::home_lists;
use shared::locale::Language;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_session();
    let name = move || {
        ctx.session
            .get()
            .and_then(|s| s.ok())
            .and_then(|s| s.user)
            .map(|u| u.display_name())
            .unwrap_or_default()
    };
    let zone = expect_context::<UserTimeZone>().0;
    // The zone is only a trigger: the server renders in the zone stored for the user.
    let lists = Resource::new(
        move || (i18n.get_locale(), zone.get()),
        |(locale, _)| home_lists(Language::from_tag(locale.as_str()).unwrap_or(Language::En)),
    );
    let starts = [
        (
            "/sketches?id=new",
            crate::tr!(i18n, home.start_sketch),
            crate::tr!(i18n, home.start_sketch_hint),
        ),
        (
            "/songs/new",
            crate::tr!(i18n, home.start_song),
            crate::tr!(i18n, home.start_song_hint),
        ),
        (
            "/images/new",
            crate::tr!(i18n, home.start_image),
            crate::tr!(i18n, home.start_image_hint),
        ),
        (
            "/covers",
            crate::tr!(i18n, home.start_cover),
            crate::tr!(i18n, home.start_cover_hint),
        ),
        (
            "/chat?id=new",
            crate::tr!(i18n, home.start_chat),
            crate::tr!(i18n, home.start_chat_hint),
        ),
    ];
    view! {
        <Page title=crate::tr!(i18n, home.title)>
            <p class="lead">{move || t_string!(i18n, home.greeting, name = name()).to_string()}</p>
            <DemoBanner />
            <nav class="start-grid" aria-label=move || t_string!(i18n, home.starts)>
                {starts.into_iter().map(|(href, label, hint)| view! {
                    <a class="start-tile" href=href>
                        <span class="start-label">{label}</span>
                        <span class="start-hint">{hint}</span>
                    </a>
                }).collect_view()}
            </nav>
            <Suspense fallback=|| view! { <PageLoading /> }>
                {move || Suspend::new(async move {
                    match lists.await {
                        Ok(html) => view! { <div class="home-lists" inner_html=html></div> }.into_any(),
                        Err(error) => view! { <ErrorBanner error /> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}
