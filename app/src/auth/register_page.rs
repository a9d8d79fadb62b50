//! The sign-up page (when the instance allows sign-ups).

use leptos::prelude::*;

use super::api::Register;
use super::forms::{AuthPage, SessionRedirect};
use super::{session_action, use_session};
use crate::i18n::*;
use crate::ui::form::{ActionError, SubmitButton, TextField};
use crate::ui::layout::AuthCard;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_session();
    let action = session_action::<Register>();
    let closed = move || {
        ctx.session
            .get()
            .and_then(|s| s.ok())
            .is_some_and(|s| !s.registration_open)
    };
    view! {
        <SessionRedirect page=AuthPage::Register />
        <AuthCard
            title=Signal::derive(move || t_string!(i18n, auth.register_title).to_string())
            intro=Signal::derive(move || t_string!(i18n, auth.register_intro).to_string())
        >
            <Transition fallback=|| ()>
                <Show when=closed>
                    <p class="banner banner-info">{t!(i18n, auth.registration_closed)}</p>
                </Show>
            </Transition>
            <ActionForm action=action attr:class="form">
                <ActionError value=action.value() />
                <TextField
                    name="email"
                    kind="email"
                    label=Signal::derive(move || t_string!(i18n, auth.email).to_string())
                    autocomplete="username"
                    required=true
                    autofocus=true
                />
                <TextField
                    name="password"
                    kind="password"
                    label=Signal::derive(move || t_string!(i18n, auth.password).to_string())
                    hint=Signal::derive(move || t_string!(i18n, auth.password_hint).to_string())
                    autocomplete="new-password"
                    required=true
                    minlength=shared::accounts::PASSWORD_MIN_CHARS
                />
                <TextField
                    name="confirm_password"
                    kind="password"
                    label=Signal::derive(move || t_string!(i18n, auth.confirm_password).to_string())
                    autocomplete="new-password"
                    required=true
                />
                <SubmitButton
                    pending=action.pending()
                    label=Signal::derive(move || t_string!(i18n, auth.register).to_string())
                    pending_label=Signal::derive(move || t_string!(i18n, auth.registering).to_string())
                />
            </ActionForm>
            <p class="auth-alt">
                {t!(i18n, auth.have_account)}" "<a href="/login">{t!(i18n, auth.sign_in_link)}</a>
            </p>
        </AuthCard>
    }
}
