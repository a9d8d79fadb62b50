//! Pieces shared by the sign-in, sign-up and first-run pages.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use super::{use_session, SessionInfo};
use crate::i18n::*;
use crate::ui::form::TextField;

/// Which page is asking, to decide where a visitor in the wrong place belongs.
#[derive(Clone, Copy, PartialEq)]
pub enum AuthPage {
    Login,
    Register,
    Setup,
}

/// Sends visitors away from an auth page that does not fit their state: signed-in users home,
/// everyone to the first-run page while no account exists, and away from it afterwards.
#[component]
pub fn SessionRedirect(page: AuthPage) -> impl IntoView {
    let ctx = use_session();
    let query = leptos_router::hooks::use_query_map();
    // Where a signed-in user belongs: the page they came for (the same target the sign-in's own
    // redirect names, so the two navigations agree), else home.
    let home = move || super::safe_next(query.read_untracked().get("next").as_deref());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let target = match ctx.session.await {
                    Ok(SessionInfo { user: Some(_), .. }) => Some(home()),
                    Ok(SessionInfo { needs_setup: true, .. }) if page != AuthPage::Setup => Some("/setup".to_string()),
                    Ok(SessionInfo { needs_setup: false, .. }) if page == AuthPage::Setup => Some("/login".to_string()),
                    _ => None,
                };
                target.map(|path| view! { <Redirect path /> })
            })}
        </Transition>
    }
}

/// The email field of every auth form.
#[component]
pub fn EmailField(#[prop(optional)] autofocus: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <TextField
            name="email"
            kind="email"
            label=crate::tr!(i18n, auth.email)
            autocomplete="username"
            required=true
            autofocus
        />
    }
}
