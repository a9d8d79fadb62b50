//! The main navigation. Wide screens show the areas in a row; narrow ones a menu button that
//! names the current area and opens a panel listing every area at once. Both are plain links
//! inside `<details>`/`<nav>`, so they work by keyboard and without WASM.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::auth::use_session;
use crate::i18n::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// The areas in navigation order: path, whether only that exact path is the area, label.
/// The profile is not among them: it lives in the account menu, beside sign-out.
const AREAS: [(&str, bool, fn(I18n) -> String); 10] = [
    ("/", true, |i18n| t_string!(i18n, nav.home).to_string()),
    ("/chat", false, |i18n| t_string!(i18n, nav.chat).to_string()),
    ("/sketches", false, |i18n| {
        t_string!(i18n, nav.sketches).to_string()
    }),
    ("/songs", false, |i18n| {
        t_string!(i18n, nav.songs).to_string()
    }),
    ("/images/new", false, |i18n| {
        t_string!(i18n, nav.generate).to_string()
    }),
    ("/images", true, |i18n| {
        t_string!(i18n, nav.gallery).to_string()
    }),
    ("/covers", false, |i18n| {
        t_string!(i18n, nav.covers).to_string()
    }),
    ("/projects", false, |i18n| {
        t_string!(i18n, nav.projects).to_string()
    }),
    ("/equipment", false, |i18n| {
        t_string!(i18n, nav.equipment).to_string()
    }),
    ("/templates", false, |i18n| {
        t_string!(i18n, nav.templates).to_string()
    }),
];

/// The area a path belongs to, as `<A>` marks it current.
fn area_of(path: &str) -> Option<usize> {
    AREAS.iter().position(|(href, exact, _)| {
        if *exact {
            path == *href
        } else {
            path == *href || path.starts_with(&format!("{href}/"))
        }
    })
}

/// Links to the areas, shown once signed in.
#[component]
pub fn MainNav() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session().session;
    let signed_in = move || {
        session
            .get()
            .and_then(|s| s.ok())
            .is_some_and(|s| s.user.is_some())
    };
    let location = use_location();
    let current = Memo::new(move |_| location.pathname.with(|p| area_of(p)));
    let menu = NodeRef::<leptos::html::Details>::new();
    let close = move || {
        if let Some(el) = menu.get_untracked() {
            el.set_open(false);
        }
    };
    let links = move || {
        AREAS
            .iter()
            .map(|(href, exact, label)| {
                view! { <A href=*href exact=*exact>{move || label(i18n)}</A> }
            })
            .collect_view()
    };
    view! {
        <Transition fallback=|| ()>
            <Show when=signed_in>
                <nav class="main-nav" aria-label=move || t_string!(i18n, nav.main)>{links()}</nav>
                <details
                    class="nav-menu"
                    node_ref=menu
                    on:keydown=move |ev| if ev.key() == "Escape" { close(); focus_summary(menu) }
                >
                    <summary>
                        <span class="nav-menu-icon" aria-hidden="true">"☰"</span>
                        <span>{t!(i18n, nav.menu)}</span>
                        {move || current.get().map(|i| view! {
                            <span class="nav-menu-current">{(AREAS[i].2)(i18n)}</span>
                        })}
                    </summary>
                    <nav class="nav-menu-panel" aria-label=move || t_string!(i18n, nav.main)
                        on:click=move |_| close()>
                        {links()}
                    </nav>
                </details>
            </Show>
        </Transition>
    }
}

/// Returns focus to the menu button, so closing by Escape leaves the keyboard user where they
/// opened it rather than on a link that just disappeared.
fn focus_summary(menu: NodeRef<leptos::html::Details>) {
    use leptos::wasm_bindgen::JsCast;
    let summary = menu
        .get_untracked()
        .and_then(|el| el.query_selector("summary").ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(summary) = summary {
        let _ = summary.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::area_of;

    #[test]
    fn every_page_belongs_to_the_area_its_link_marks() {
        let href = |path| area_of(path).map(|i| super::AREAS[i].0);
        assert_eq!(href("/"), Some("/"));
        assert_eq!(href("/images"), Some("/images"));
        assert_eq!(href("/images/new"), Some("/images/new"));
        assert_eq!(href("/songs/new"), Some("/songs"));
        assert_eq!(href("/sketchesx"), None);
        assert_eq!(href("/costs"), None);
    }
}
