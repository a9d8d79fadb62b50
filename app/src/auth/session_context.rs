//! The session as a reactive resource shared by every page, and the guard for signed-in pages.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use super::api::{ChangePassword, Login, Logout, Register, Setup};
use super::SessionInfo;
use crate::error::AppError;
use crate::i18n::*;
use crate::profile::api::UpdateProfile;
use crate::ui::form::ErrorBanner;

/// Session resource plus the actions that change it; provided once at the root.
#[derive(Clone, Copy)]
pub struct SessionContext {
    pub session: Resource<Result<SessionInfo, AppError>>,
    pub login: ServerAction<Login>,
    pub logout: ServerAction<Logout>,
    pub register: ServerAction<Register>,
    pub setup: ServerAction<Setup>,
    pub update_profile: ServerAction<UpdateProfile>,
    pub change_password: ServerAction<ChangePassword>,
}

impl SessionContext {
    /// Creates and provides the context. The session resource is blocking so that the server
    /// knows who is signed in before it sends headers, and can redirect with a real 302.
    pub fn provide() -> impl IntoView {
        let login = ServerAction::<Login>::new();
        let logout = ServerAction::<Logout>::new();
        let register = ServerAction::<Register>::new();
        let setup = ServerAction::<Setup>::new();
        let update_profile = ServerAction::<UpdateProfile>::new();
        let change_password = ServerAction::<ChangePassword>::new();
        let session = Resource::new_blocking(
            move || {
                (
                    login.version().get(),
                    logout.version().get(),
                    register.version().get(),
                    setup.version().get(),
                    update_profile.version().get(),
                )
            },
            |_| super::api::get_session(),
        );
        let ctx =
            SessionContext { session, login, logout, register, setup, update_profile, change_password };
        provide_context(ctx);
        follow_user_language(ctx);
    }
}

/// After signing in on the client, switch to the language stored in the user's profile.
fn follow_user_language(ctx: SessionContext) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let wanted = ctx.session.get().and_then(|s| s.ok()).and_then(|s| s.user).and_then(|u| u.language);
        if let Some(locale) = wanted.and_then(|tag| tag.parse::<Locale>().ok()) {
            if i18n.get_locale_untracked() != locale {
                i18n.set_locale(locale);
            }
        }
    });
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

/// Renders its children only for a signed-in user; otherwise redirects to sign-in (or to the
/// first-run page while no account exists), remembering where the user wanted to go.
#[component]
pub fn RequireUser(children: ChildrenFn) -> impl IntoView {
    let ctx = use_session();
    let location = use_location();
    let children = StoredValue::new(children);
    view! {
        <Transition fallback=|| view! { <crate::ui::layout::PageLoading /> }>
            {move || Suspend::new(async move {
                match ctx.session.await {
                    Ok(SessionInfo { user: Some(_), .. }) => children.read_value()().into_any(),
                    Ok(SessionInfo { needs_setup: true, .. }) => {
                        view! { <Redirect path="/setup" /> }.into_any()
                    }
                    Ok(_) => {
                        let here = location.pathname.get_untracked();
                        let path = if here == "/" {
                            "/login".to_string()
                        } else {
                            format!("/login?next={}", urlencode(&here))
                        };
                        view! { <Redirect path=path /> }.into_any()
                    }
                    Err(err) => view! { <ErrorBanner error=err /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Percent-encodes a path for a query parameter.
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
