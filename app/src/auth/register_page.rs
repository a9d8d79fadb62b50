//! The sign-up page (when the instance allows sign-ups).

use leptos::prelude::*;

use super::api::Register;
use super::forms::{AuthPage, EmailField, SessionRedirect};
use super::{session_action, use_session};
use crate::i18n::*;
use crate::ui::form::{ActionError, NewPasswordFields, SubmitButton};
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
            title=crate::tr!(i18n, auth.register_title)
            intro=crate::tr!(i18n, auth.register_intro)
        >
            <Transition fallback=|| ()>
                <Show when=closed>
                    <p class="banner banner-info">{t!(i18n, auth.registration_closed)}</p>
                </Show>
            </Transition>
            <ActionForm action=action attr:class="form">
                <ActionError value=action.value() />
                <EmailField autofocus=true />
                <NewPasswordFields
                    name="password"
                    label=crate::tr!(i18n, auth.password)
                    hint=crate::tr!(i18n, auth.password_hint)
                    confirm_label=crate::tr!(i18n, auth.confirm_password)
                />
                <SubmitButton
                    pending=action.pending()
                    label=crate::tr!(i18n, auth.register)
                    pending_label=crate::tr!(i18n, auth.registering)
                />
            </ActionForm>
            <p class="auth-alt">
                {t!(i18n, auth.have_account)}" "<a href="/login">{t!(i18n, auth.sign_in_link)}</a>
            </p>
        </AuthCard>
    }
}
