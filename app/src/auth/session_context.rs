//! The session as a reactive resource shared by every page, and the guard for signed-in pages.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use leptos::server_fn::ServerFn;

use super::SessionInfo;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::form::ErrorBanner;
use crate::ui::time::UserTimeZone;

/// The session resource, provided once inside the router.
#[derive(Clone, Copy)]
pub struct SessionContext {
    pub session: Resource<Result<SessionInfo, AppError>>,
    /// Bumped whenever an action may have changed the session; the resource refetches.
    revision: RwSignal<u64>,
}

impl SessionContext {
    /// Creates and provides the context. The session resource is blocking so that the server
    /// knows who is signed in before it renders, and can redirect with a real 302.
    pub fn provide() -> impl IntoView {
        let revision = RwSignal::new(0u64);
        let session = Resource::new_blocking(move || revision.get(), |_| super::api::get_session());
        let ctx = SessionContext { session, revision };
        provide_context(ctx);
        follow_user_language(ctx);
        follow_user_time_zone(ctx);
    }

    /// Makes the session reload (after sign-in, sign-out, a profile change).
    pub fn refresh(self) {
        self.revision.update(|r| *r += 1);
    }
}

/// A server action whose completion refreshes the session.
///
/// Create it in the page that owns the form (below `<Routes>`), where the router hands it the
/// error of a failed no-JS form post from the URL, so the server can render that error.
pub fn session_action<S>() -> ServerAction<S>
where
    S: ServerFn + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
    S::Error: Clone + Send + Sync + 'static,
{
    let ctx = use_session();
    let action = ServerAction::<S>::new();
    Effect::watch(
        move || action.version().get(),
        move |_, _, _| ctx.refresh(),
        false,
    );
    action
}

/// After signing in on the client, switch to the language stored in the user's profile.
fn follow_user_language(ctx: SessionContext) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let wanted = ctx
            .session
            .get()
            .and_then(|s| s.ok())
            .and_then(|s| s.user)
            .and_then(|u| u.language);
        if let Some(locale) = wanted.and_then(|tag| tag.parse::<Locale>().ok()) {
            if i18n.get_locale_untracked() != locale {
                i18n.set_locale(locale);
            }
        }
    });
}

/// Dates follow the user's time zone; a user without one gets the browser's, reported once.
fn follow_user_time_zone(ctx: SessionContext) {
    // The zone this browser reported, used at once: reloading the session for it would send
    // the session resource back to loading while a lazy page may still be hydrating, and a
    // boundary hydrating over a loading resource does not match the server's HTML.
    let reported_zone = RwSignal::new(None::<String>);
    let zone = Signal::derive(move || {
        ctx.session
            .get()
            .and_then(|s| s.ok())
            .and_then(|s| s.user)
            .and_then(|u| u.time_zone)
            .or_else(|| reported_zone.get())
    });
    provide_context(UserTimeZone(zone));
    #[cfg(feature = "hydrate")]
    // Once per signed-in user (another may sign in without a reload): the id reported for.
    Effect::new(move |reported: Option<Option<String>>| {
        let reported = reported.flatten();
        let Some(user) = ctx.session.get().and_then(|s| s.ok()).and_then(|s| s.user) else {
            return reported;
        };
        if user.time_zone.is_some() || reported.as_deref() == Some(user.id.as_str()) {
            return reported;
        }
        let Some(browser_zone) = crate::ui::time::browser_time_zone() else {
            return reported;
        };
        leptos::task::spawn_local(async move {
            if super::api::set_time_zone(browser_zone.clone())
                .await
                .is_ok()
            {
                let _ = reported_zone.try_set(Some(browser_zone));
            }
        });
        Some(user.id)
    });
}

pub fn use_session() -> SessionContext {
    expect_context::<SessionContext>()
}

/// Whether the signed-in user administers the instance (pages that show instance-wide settings
/// to everyone let only administrators change them; the server checks again).
pub fn is_admin() -> bool {
    use_session()
        .session
        .get_untracked()
        .and_then(|s| s.ok())
        .and_then(|s| s.user)
        .is_some_and(|u| u.is_admin)
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
