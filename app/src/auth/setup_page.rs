//! The first-run page: creates the first account, which administers the instance.

use leptos::prelude::*;

use super::api::Setup;
use super::forms::{AuthPage, SessionRedirect};
use super::session_action;
use crate::i18n::*;
use crate::ui::form::{ActionError, SubmitButton, TextField};
use crate::ui::layout::AuthCard;

#[component]
pub fn SetupPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = session_action::<Setup>();
    view! {
        <SessionRedirect page=AuthPage::Setup />
        <AuthCard
            title=Signal::derive(move || t_string!(i18n, auth.setup_title).to_string())
            intro=Signal::derive(move || t_string!(i18n, auth.setup_intro).to_string())
        >
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
                    name="artist_name"
                    label=Signal::derive(move || t_string!(i18n, auth.artist_name).to_string())
                    hint=Signal::derive(move || t_string!(i18n, auth.artist_hint).to_string())
                    maxlength=shared::accounts::NAME_MAX_CHARS
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
                    label=Signal::derive(move || t_string!(i18n, auth.setup_submit).to_string())
                    pending_label=Signal::derive(move || t_string!(i18n, auth.registering).to_string())
                />
            </ActionForm>
        </AuthCard>
    }
}
