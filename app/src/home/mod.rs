//! The start page after signing in: one-click starts for the common work, the demo notice when
//! providers are stand-ins, and the newest songs, sketches and images. The lists come from one
//! small server function (`api::home_overview`) and are plain links, so the page adds no
//! feature's page code to the first-load bundle.

pub mod api;

use leptos::prelude::*;

use crate::auth::use_session;
use crate::demo::DemoBanner;
use crate::i18n::*;
use crate::songs::status::{state_class, state_label};
use crate::ui::form::ErrorBanner;
use crate::ui::layout::{Page, PageLoading};
use crate::ui::time::Moment;
use api::{home_overview, Overview};

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
    let overview = Resource::new(|| (), |_| home_overview());
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
                    match overview.await {
                        Ok(o) => view! { <Newest overview=o /> }.into_any(),
                        Err(error) => view! { <ErrorBanner error /> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

/// One kind of work: a heading, its newest items (or a note that there are none yet) and a
/// link to all of them.
#[component]
fn NewestSection(
    id: &'static str,
    #[prop(into)] heading: Signal<String>,
    is_empty: bool,
    #[prop(into)] empty: Signal<String>,
    more_href: &'static str,
    #[prop(into)] more: Signal<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            {if is_empty {
                view! { <p class="muted">{empty}</p> }.into_any()
            } else {
                children().into_any()
            }}
            <a class="home-more" href=more_href>{more}</a>
        </section>
    }
}

#[component]
fn Newest(overview: Overview) -> impl IntoView {
    let i18n = use_i18n();
    let Overview {
        songs,
        sketches,
        images,
    } = overview;
    let untitled = move |title: String| {
        if title.is_empty() {
            t_string!(i18n, home.untitled).to_string()
        } else {
            title
        }
    };
    view! {
        <div class="home-lists">
            <NewestSection id="home-songs" heading=crate::tr!(i18n, home.newest_songs)
                is_empty=songs.is_empty() empty=crate::tr!(i18n, home.no_songs)
                more_href="/songs" more=crate::tr!(i18n, home.all_songs)>
                <ul class="home-list">
                    {songs.into_iter().map(|s| {
                        let status = s.status;
                        let class = state_class(status.state);
                        view! {
                            <li>
                                <a href=format!("/songs?id={}", s.id)>{untitled(s.title)}</a>
                                <span class=class>{move || state_label(i18n, &status)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </NewestSection>
            <NewestSection id="home-sketches" heading=crate::tr!(i18n, home.newest_sketches)
                is_empty=sketches.is_empty() empty=crate::tr!(i18n, home.no_sketches)
                more_href="/sketches" more=crate::tr!(i18n, home.all_sketches)>
                <ul class="home-list">
                    {sketches.into_iter().map(|s| view! {
                        <li>
                            <a href=format!("/sketches?id={}", s.id)>{untitled(s.title)}</a>
                            <span class="muted"><Moment ms=s.updated_at /></span>
                        </li>
                    }).collect_view()}
                </ul>
            </NewestSection>
            <NewestSection id="home-images" heading=crate::tr!(i18n, home.newest_images)
                is_empty=images.is_empty() empty=crate::tr!(i18n, home.no_images)
                more_href="/images" more=crate::tr!(i18n, home.all_images)>
                <ul class="home-thumbs">
                    {images.into_iter().map(|card| {
                        let title = untitled(card.title.clone());
                        let hover = title.clone();
                        view! {
                            <li>
                                <a href=format!("/images?id={}", card.id) title=hover>
                                    <img src=card.thumb_url() alt=title loading="lazy" width="96" height="96" />
                                </a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </NewestSection>
        </div>
    }
}
