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

#[component]
fn Newest(overview: Overview) -> impl IntoView {
    let i18n = use_i18n();
    let Overview {
        songs,
        sketches,
        images,
    } = overview;
    let untitled = move || t_string!(i18n, home.untitled).to_string();
    view! {
        <div class="home-lists">
            <section class="card" aria-labelledby="home-songs">
                <h2 id="home-songs">{t!(i18n, home.newest_songs)}</h2>
                {if songs.is_empty() {
                    view! { <p class="muted">{t!(i18n, home.no_songs)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="home-list">
                            {songs.into_iter().map(|s| {
                                let title = if s.title.is_empty() { untitled() } else { s.title };
                                let status = s.status;
                                let class = state_class(status.state);
                                view! {
                                    <li>
                                        <a href=format!("/songs?id={}", s.id)>{title}</a>
                                        <span class=class>{move || state_label(i18n, &status)}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <a class="home-more" href="/songs">{t!(i18n, home.all_songs)}</a>
            </section>
            <section class="card" aria-labelledby="home-sketches">
                <h2 id="home-sketches">{t!(i18n, home.newest_sketches)}</h2>
                {if sketches.is_empty() {
                    view! { <p class="muted">{t!(i18n, home.no_sketches)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="home-list">
                            {sketches.into_iter().map(|s| {
                                let title = if s.title.is_empty() { untitled() } else { s.title };
                                view! {
                                    <li>
                                        <a href=format!("/sketches?id={}", s.id)>{title}</a>
                                        <span class="muted"><Moment ms=s.updated_at /></span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <a class="home-more" href="/sketches">{t!(i18n, home.all_sketches)}</a>
            </section>
            <section class="card home-images" aria-labelledby="home-images">
                <h2 id="home-images">{t!(i18n, home.newest_images)}</h2>
                {if images.is_empty() {
                    view! { <p class="muted">{t!(i18n, home.no_images)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="home-thumbs">
                            {images.into_iter().map(|card| {
                                let title = if card.title.is_empty() { untitled() } else { card.title.clone() };
                                view! {
                                    <li>
                                        <a href=format!("/images?id={}", card.id) title=title.clone()>
                                            <img src=card.thumb_url() alt=title.clone() loading="lazy" width="96" height="96" />
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <a class="home-more" href="/images">{t!(i18n, home.all_images)}</a>
            </section>
        </div>
    }
}
