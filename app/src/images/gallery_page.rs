//! `/images`: the gallery. Search, filters, order, page and the open image all live in the URL,
//! so every view can be bookmarked, the back button works, and it renders without scripts.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use shared::images as rules;
use shared::paging;

use super::api::list_images;
use super::detail_panel::DetailPanel;
use super::labels::{group_label, option_label};
use super::{ImageCard, ImagePage, ImageQuery, ImageSort, GALLERY};
use crate::i18n::*;
use crate::ui::layout::{Loaded, MasterDetail, Page};
use crate::ui::list::{FilterBar, ListEmpty, Pager};

#[component]
pub fn GalleryPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        ImageQuery {
            search: q.get("q").unwrap_or_default(),
            composition: q.get("composition").unwrap_or_default(),
            style: q.get("style").unwrap_or_default(),
            sort: ImageSort::parse(&q.get("sort").unwrap_or_default()),
            page: paging::Page::parse(&q.get("page").unwrap_or_default()),
        }
    });
    // Bumped after an edit or delete so the grid shows the change.
    let refresh = RwSignal::new(0u32);
    let page = Resource::new(
        move || (filters.get(), refresh.get()),
        |(f, _)| list_images(f),
    );
    let selected = Memo::new(move |_| query.read().get("id"));
    view! {
        <Page
            title=crate::tr!(i18n, images.gallery_title)
            actions=move || view! { <a class="button button-primary" href="/images/new">{t!(i18n, images.new_image)}</a> }
        >
            <div class="gallery">
            <GalleryFilters filters />
            <MasterDetail
                detail_open=Signal::derive(move || selected.get().is_some())
                master=move || view! {
                    <Loaded from=page show={move |p| view! { <Grid page=p selected /> }} />
                }
                detail=move || view! { {move || match selected.get() {
                    Some(id) => view! { <DetailPanel id refresh /> }.into_any(),
                    None => view! { <p class="empty-state">{t!(i18n, images.pick)}</p> }.into_any(),
                }} }
            />
            </div>
        </Page>
    }
}

#[component]
fn GalleryFilters(filters: Memo<ImageQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let f = move || filters.get();
    let select = move |name: &'static str, group: &'static rules::StyleGroup, current: String| {
        view! {
            <select name=name aria-label=move || group_label(i18n, group.key)>
                <option value="">{move || format!("{}: {}", group_label(i18n, group.key), t_string!(i18n, images.all))}</option>
                {group.options.iter().map(|(v, _)| {
                    let selected = *v == current;
                    view! { <option value=*v selected=selected>{move || option_label(i18n, v)}</option> }
                }).collect_view()}
            </select>
        }
    };
    view! {
        <FilterBar url=GALLERY submit_label=crate::tr!(i18n, images.apply_filters)>
            <input type="search" name="q" value=move || f().search
                placeholder=move || t_string!(i18n, images.search_placeholder)
                aria-label=move || t_string!(i18n, images.search) />
            {move || select("composition", &rules::COMPOSITION, f().composition)}
            {move || select("style", &rules::ARTISTIC_STYLE, f().style)}
            <select name="sort" aria-label=move || t_string!(i18n, images.sort)>
                <option value="newest" selected=move || f().sort == ImageSort::Newest>{t!(i18n, images.sort_newest)}</option>
                <option value="oldest" selected=move || f().sort == ImageSort::Oldest>{t!(i18n, images.sort_oldest)}</option>
                <option value="title" selected=move || f().sort == ImageSort::Title>{t!(i18n, images.sort_title)}</option>
            </select>
        </FilterBar>
    }
}

#[component]
fn Grid(page: ImagePage, selected: Memo<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    if page.items.is_empty() && page.total > 0 {
        // A page past the end (an old link, a hand-edited URL): say so and lead back.
        let first = GALLERY.href(&query.read_untracked(), &[("page", ""), ("id", "")]);
        return view! {
            <div class="empty-state">
                <p>{t!(i18n, images.past_end)}</p>
                <A href=first attr:class="button">{t!(i18n, images.first_page)}</A>
            </div>
        }
        .into_any();
    }
    if page.items.is_empty() {
        return view! {
            <ListEmpty
                filtered=GALLERY.is_filtered(&query.read_untracked())
                clear_href=GALLERY.path.to_string()
                empty=crate::tr!(i18n, images.empty)
                no_match=crate::tr!(i18n, images.no_match)
                create=move || view! {
                    <a class="button button-primary" href="/images/new">{t!(i18n, images.new_image)}</a>
                }
            />
        }
        .into_any();
    }
    let (current, pages, total) = (page.page, page.pages, page.total);
    view! {
        <p class="muted result-count">{move || crate::plural_text!(i18n, images.count, total as u64)}</p>
        <ul class="thumb-grid">
            {page.items.into_iter().enumerate().map(|(index, card)| view! { <Tile card selected index /> }).collect_view()}
        </ul>
        <Pager url=GALLERY current pages />
    }
    .into_any()
}

/// Thumbnails in the first screenful (a phone shows four) load at once, the first with high
/// priority: it is the page's largest paint. The rest load as they scroll into view.
const EAGER_THUMBNAILS: usize = 4;

#[component]
fn Tile(card: ImageCard, selected: Memo<Option<String>>, index: usize) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let href = GALLERY.href(&query.read_untracked(), &[("id", &card.id)]);
    let longest = card.width.max(card.height).max(1);
    let (tw, th) = (card.width * 384 / longest, card.height * 384 / longest);
    let id = card.id.clone();
    let is_current = move || selected.get().as_deref() == Some(id.as_str());
    let label = if card.title.is_empty() {
        t_string!(i18n, images.untitled).to_string()
    } else {
        card.title.clone()
    };
    let is_cover = card.has_overlay;
    let hover = label.clone();
    view! {
        <li class="thumb">
            <A href=href attr:class="thumb-link" attr:aria-current=move || is_current().then_some("true")>
                <img
                    src=card.thumb_url()
                    alt=""
                    loading=if index < EAGER_THUMBNAILS { "eager" } else { "lazy" }
                    fetchpriority=(index == 0).then_some("high")
                    decoding="async"
                    width=tw
                    height=th
                />
                <span class="thumb-title" title=hover>{label}</span>
                {is_cover.then(|| view! { <span class="badge">{t!(i18n, images.cover_badge)}</span> })}
            </A>
        </li>
    }
}
