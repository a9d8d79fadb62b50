//! The sign-in page. A plain form posting to the `login` server function, so it works with
//! WASM disabled; errors come back through the URL and render on the server.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::api::Login;
use super::forms::{AuthPage, EmailField, SessionRedirect};
use super::{session_action, use_session};
use crate::i18n::*;
use crate::ui::form::{ActionError, SubmitButton, TextField};
use crate::ui::layout::AuthCard;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_session();
    let action = session_action::<Login>();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_default();
    let registration_open = move || {
        ctx.session
            .get()
            .and_then(|s| s.ok())
            .is_some_and(|s| s.registration_open)
    };
    view! {
        <SessionRedirect page=AuthPage::Login />
        <AuthCard
            title=crate::tr!(i18n, auth.sign_in_title)
            intro=crate::tr!(i18n, auth.sign_in_intro)
        >
            <ActionForm action=action attr:class="form" attr:novalidate=false>
                <ActionError value=action.value() />
                <input type="hidden" name="next" prop:value=next value=next />
                <EmailField autofocus=true />
                <TextField
                    name="password"
                    kind="password"
                    label=crate::tr!(i18n, auth.password)
                    autocomplete="current-password"
                    required=true
                />
                <SubmitButton
                    pending=action.pending()
                    label=crate::tr!(i18n, auth.sign_in)
                    pending_label=crate::tr!(i18n, auth.signing_in)
                />
            </ActionForm>
            <Transition fallback=|| ()>
                <Show when=registration_open>
                    <p class="auth-alt">
                        {t!(i18n, auth.no_account)}" "<a href="/register">{t!(i18n, auth.register_link)}</a>
                    </p>
                </Show>
            </Transition>
        </AuthCard>
    }
}
