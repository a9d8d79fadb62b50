//! The home page's lists, rendered on the server only: each call of `api::home_lists` turns
//! them into HTML in the asked language and the user's time zone, with the same components and
//! translations as any page.

use leptos::prelude::*;
use shared::locale::Language;

use super::overview::Overview;
use crate::i18n::*;
use crate::songs::status::{state_class, state_label};
use crate::ui::time::{Moment, UserTimeZone};

/// The lists as an HTML fragment. Its own reactive owner carries the language and zone, so a
/// call made while a page renders on the server cannot change that page's.
pub fn render(overview: Overview, language: Language, zone: Option<String>) -> String {
    let locale = match language {
        Language::En => Locale::en,
        Language::De => Locale::de,
    };
    let owner = Owner::new();
    owner.with(|| {
        provide_context(UserTimeZone(Signal::stored(zone)));
        view! {
            <I18nSubContextProvider initial_locale=Signal::stored(locale)>
                <Newest overview />
            </I18nSubContextProvider>
        }
        .to_html()
    })
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
    }
}
