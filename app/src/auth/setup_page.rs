//! The first-run page: creates the first account, which administers the instance.

use leptos::prelude::*;

use super::api::Setup;
use super::forms::{AuthPage, EmailField, SessionRedirect};
use super::session_action;
use crate::i18n::*;
use crate::ui::form::{ActionError, NewPasswordFields, SubmitButton, TextField};
use crate::ui::layout::AuthCard;

#[component]
pub fn SetupPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = session_action::<Setup>();
    view! {
        <SessionRedirect page=AuthPage::Setup />
        <AuthCard
            title=crate::tr!(i18n, auth.setup_title)
            intro=crate::tr!(i18n, auth.setup_intro)
        >
            <ActionForm action=action attr:class="form">
                <ActionError value=action.value() />
                <EmailField autofocus=true />
                <TextField
                    name="artist_name"
                    label=crate::tr!(i18n, auth.artist_name)
                    hint=crate::tr!(i18n, auth.artist_hint)
                    maxlength=shared::accounts::NAME_MAX_CHARS
                />
                <NewPasswordFields
                    name="password"
                    label=crate::tr!(i18n, auth.password)
                    hint=crate::tr!(i18n, auth.password_hint)
                    confirm_label=crate::tr!(i18n, auth.confirm_password)
                />
                <SubmitButton
                    pending=action.pending()
                    label=crate::tr!(i18n, auth.setup_submit)
                    pending_label=crate::tr!(i18n, auth.registering)
                />
            </ActionForm>
        </AuthCard>
    }
}
