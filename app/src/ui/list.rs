//! The list pattern every master-detail page shares: the list's state lives in its URL (search,
//! filters, order, page, the open item), so views can be bookmarked, the back button works and
//! the page renders without scripts. Here: building those URLs, the filter bar, and what an
//! empty list says.

use leptos::prelude::*;
use leptos_router::params::ParamsMap;

use crate::i18n::*;

/// A list page's address: its path and the query keys it keeps, in the order they are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListUrl {
    pub path: &'static str,
    pub keys: &'static [&'static str],
}

impl ListUrl {
    /// The URL with `changes` applied to the current query; empty values are left out, so no
    /// `q=&…` clutters a link.
    pub fn href(self, current: &ParamsMap, changes: &[(&str, &str)]) -> String {
        let mut pairs: Vec<(&str, String)> = self
            .keys
            .iter()
            .filter_map(|k| current.get(k).map(|v| (*k, v)))
            .collect();
        for (k, v) in changes {
            pairs.retain(|(key, _)| key != k);
            pairs.push((k, v.to_string()));
        }
        self.with(pairs)
    }

    /// The URL holding exactly `pairs` (empty values left out).
    pub fn with<'a>(self, pairs: impl IntoIterator<Item = (&'a str, String)>) -> String {
        let query: Vec<String> = pairs
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", crate::ui::url::encode(&v)))
            .collect();
        if query.is_empty() {
            self.path.to_string()
        } else {
            format!("{}?{}", self.path, query.join("&"))
        }
    }

    /// Whether the current query narrows the list (anything but order, page and what is open:
    /// the item, its editor, a part of it).
    pub fn is_filtered(self, current: &ParamsMap) -> bool {
        self.keys
            .iter()
            .filter(|k| !matches!(**k, "sort" | "page" | "id" | "edit" | "folder"))
            .any(|k| current.get(k).is_some_and(|v| !v.is_empty()))
    }
}

/// The search and filter form above a list. Without scripts it is a plain GET form; with them,
/// empty fields are left out of the address and the router navigates without a reload. A new
/// search starts on the first page with nothing open.
#[component]
pub fn FilterBar(
    url: ListUrl,
    #[prop(into)] submit_label: Signal<String>,
    children: Children,
) -> impl IntoView {
    let navigate = leptos_router::hooks::use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        use leptos::wasm_bindgen::JsCast;
        let Some(form) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let Some(params) = web_sys::FormData::new_with_form(&form)
            .ok()
            .and_then(|data| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok())
        else {
            return;
        };
        ev.prevent_default();
        let pairs = url
            .keys
            .iter()
            .filter_map(|k| params.get(k).map(|v| (*k, v.trim().to_string())));
        navigate(&url.with(pairs), Default::default());
    };
    view! {
        <form method="get" action=url.path class="filter-bar" role="search" on:submit=on_submit>
            {children()}
            <button type="submit" class="button">{submit_label}</button>
        </form>
    }
}

/// What an empty list says: with filters, that nothing matches and how to clear them; without,
/// that there is nothing yet and (optionally) how to make the first.
#[component]
pub fn ListEmpty(
    filtered: bool,
    clear_href: String,
    #[prop(into)] empty: Signal<String>,
    #[prop(into)] no_match: Signal<String>,
    #[prop(optional, into)] create: Option<ViewFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="empty-state" role="status">
            {if filtered {
                view! {
                    <p>{no_match}</p>
                    <a class="button" href=clear_href>{t!(i18n, common.clear_filters)}</a>
                }
                .into_any()
            } else {
                view! { <p>{empty}</p>{create.map(|c| c.run())} }.into_any()
            }}
        </div>
    }
}

/// One row of a master list: a link to its item, marked current (`aria-current="true"`) while
/// the item is open (`selected` is the URL's `id`). A plain anchor, which the router still
/// navigates in place: the router's `A` marks every link to the list's own path as the current
/// page, so each row would be announced as "current page".
#[component]
pub fn ItemRow(
    href: String,
    id: String,
    selected: Memo<Option<String>>,
    children: Children,
) -> impl IntoView {
    let current = move || selected.get().as_deref() == Some(id.as_str());
    view! {
        <li>
            <a href=href class="item-link" aria-current=move || current().then_some("true")>
                {children()}
            </a>
        </li>
    }
}

/// A paged master list: what it says when empty, how many there are, its rows, the pager.
#[component]
pub fn PagedList(
    url: ListUrl,
    /// The list's accessible name.
    #[prop(into)]
    label: Signal<String>,
    /// "12 projects", shown while there is at least one.
    #[prop(into)]
    count: Signal<String>,
    total: i64,
    current: shared::paging::Page,
    pages: u32,
    /// Shown instead of rows (a [`ListEmpty`]); `None` while there are rows.
    empty: Option<AnyView>,
    children: Children,
) -> impl IntoView {
    view! {
        {empty}
        {(total > 0).then(|| view! { <p class="muted result-count">{count}</p> })}
        <ul class="item-list" aria-label=label>{children()}</ul>
        <Pager url current pages />
    }
}

/// Previous and next links around "Page 2 of 5", keeping the list's query (and closing any
/// open item); nothing for a single page.
#[component]
pub fn Pager(url: ListUrl, current: shared::paging::Page, pages: u32) -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let link = move |page: shared::paging::Page| {
        url.href(
            &query.read_untracked(),
            &[("page", &page.to_string()), ("id", "")],
        )
    };
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=move || t_string!(i18n, list.pages)>
                {(current > shared::paging::Page::FIRST).then(|| view! {
                    <leptos_router::components::A href=link(current.previous()) attr:rel="prev" attr:class="button">{t!(i18n, list.previous)}</leptos_router::components::A>
                })}
                <span>{t!(i18n, list.page_of, page = current.number(), pages = pages)}</span>
                {(current.number() < pages).then(|| view! {
                    <leptos_router::components::A href=link(current.next()) attr:rel="next" attr:class="button">{t!(i18n, list.next)}</leptos_router::components::A>
                })}
            </nav>
        }
    })
}

// With `ssr` only: without it, the router decodes query values through the browser's JS.
#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    const GALLERY: ListUrl = ListUrl {
        path: "/images",
        keys: &["q", "style", "sort", "page", "id"],
    };

    fn params(pairs: &[(&'static str, &str)]) -> ParamsMap {
        let mut map = ParamsMap::new();
        for (k, v) in pairs {
            map.insert(*k, v.to_string());
        }
        map
    }

    #[test]
    fn links_keep_the_view_and_drop_empty_values() {
        let now = params(&[("q", "lake side"), ("style", ""), ("page", "2")]);
        assert_eq!(
            GALLERY.href(&now, &[("id", "abc")]),
            "/images?q=lake%20side&page=2&id=abc"
        );
        assert_eq!(GALLERY.href(&now, &[("q", ""), ("page", "")]), "/images");
        assert!(GALLERY.is_filtered(&now));
        assert!(!GALLERY.is_filtered(&params(&[("sort", "title"), ("page", "3")])));
    }
}
