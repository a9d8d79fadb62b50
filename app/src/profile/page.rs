//! The profile page: personal details and language, password change, sign-out everywhere.

use leptos::prelude::*;

use super::api::get_profile;
use super::api::UpdateProfile;
use crate::auth::api::{ChangePassword, Logout, SetTimeZone};
use crate::auth::{session_action, UserInfo};
use crate::i18n::*;
use crate::ui::form::{ActionError, NewPasswordFields, SubmitButton, TextField};
use crate::ui::layout::{Loaded, Page};
use crate::ui::toast::announce_success;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let update = session_action::<UpdateProfile>();
    let change_password = session_action::<ChangePassword>();
    let logout = session_action::<Logout>();
    let time_zone = session_action::<SetTimeZone>();
    let profile = Resource::new(move || update.version().get(), |_| get_profile());
    let session = crate::auth::use_session().session;
    let is_admin = move || {
        session
            .get()
            .and_then(|s| s.ok())
            .and_then(|s| s.user)
            .is_some_and(|u| u.is_admin)
    };
    announce_success(update.version(), update.value(), move || {
        t_string!(i18n, profile.saved).to_string()
    });
    announce_success(time_zone.version(), time_zone.value(), move || {
        t_string!(i18n, profile.time_zone_saved).to_string()
    });
    announce_success(
        change_password.version(),
        change_password.value(),
        move || t_string!(i18n, profile.password_changed).to_string(),
    );
    view! {
        <Page title=crate::tr!(i18n, profile.title)>
            <Loaded from=profile show={move |user: UserInfo| view! {
                <DetailsForm user=user.clone() action=update />
                <TimeZoneForm user action=time_zone />
            }} />
            {move || is_admin().then(|| view! { <crate::costs::CostsPanel /> })}
            <crate::songs::MurekaAccount />
            <PasswordForm action=change_password />
            <section class="card">
                <h2>{t!(i18n, profile.session_title)}</h2>
                <p class="muted">{t!(i18n, profile.session_body)}</p>
                <ActionForm action=logout>
                    <button type="submit" class="button button-danger">{t!(i18n, profile.sign_out)}</button>
                </ActionForm>
            </section>
        </Page>
    }
}

#[component]
fn DetailsForm(user: UserInfo, action: ServerAction<UpdateProfile>) -> impl IntoView {
    let i18n = use_i18n();
    let language = user.language.clone().unwrap_or_default();
    let text = |s: String| Signal::derive(move || s.clone());
    let role = if user.is_admin {
        t_string!(i18n, profile.role_admin).to_string()
    } else {
        t_string!(i18n, profile.role_member).to_string()
    };
    view! {
        <section class="card">
            <h2>{t!(i18n, profile.details_title)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, profile.email)}</dt><dd>{user.email.clone()}</dd>
                <dt>{t!(i18n, profile.role)}</dt><dd>{role}</dd>
            </dl>
            <ActionForm action=action attr:class="form">
                <ActionError value=action.value() />
                <div class="form-row">
                    <TextField
                        name="first_name"
                        label=crate::tr!(i18n, profile.first_name)
                        value=text(user.first_name.clone())
                        autocomplete="given-name"
                        maxlength=shared::accounts::NAME_MAX_CHARS
                    />
                    <TextField
                        name="last_name"
                        label=crate::tr!(i18n, profile.last_name)
                        value=text(user.last_name.clone())
                        autocomplete="family-name"
                        maxlength=shared::accounts::NAME_MAX_CHARS
                    />
                </div>
                <TextField
                    name="artist_name"
                    label=crate::tr!(i18n, profile.artist_name)
                    hint=crate::tr!(i18n, profile.artist_hint)
                    value=text(user.artist_name.clone())
                    maxlength=shared::accounts::NAME_MAX_CHARS
                />
                <div class="field">
                    <label for="field-language">{t!(i18n, profile.language)}</label>
                    <select id="field-language" name="language">
                        <option value="" selected=language.is_empty()>{t!(i18n, lang.follow_browser)}</option>
                        <option value="en" selected=language == "en">{t!(i18n, lang.en)}</option>
                        <option value="de" selected=language == "de">{t!(i18n, lang.de)}</option>
                    </select>
                </div>
                <SubmitButton
                    pending=action.pending()
                    label=crate::tr!(i18n, common.save)
                    pending_label=crate::tr!(i18n, common.saving)
                />
            </ActionForm>
        </section>
    }
}

/// The zone every date is shown in; filled from the browser at first sign-in.
#[component]
fn TimeZoneForm(user: UserInfo, action: ServerAction<SetTimeZone>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h2>{t!(i18n, profile.time_zone_title)}</h2>
            <ActionForm action=action attr:class="form">
                <TextField
                    name="time_zone"
                    label=crate::tr!(i18n, fields.time_zone)
                    value=Signal::stored(user.time_zone.unwrap_or_default())
                    hint=crate::tr!(i18n, profile.time_zone_hint)
                    required=true
                    maxlength=64
                />
                <ActionError value=action.value() />
                <SubmitButton
                    pending=action.pending()
                    label=crate::tr!(i18n, profile.time_zone_save)
                    pending_label=crate::tr!(i18n, common.saving)
                    class="button"
                />
            </ActionForm>
        </section>
    }
}

#[component]
fn PasswordForm(action: ServerAction<ChangePassword>) -> impl IntoView {
    let i18n = use_i18n();
    let form = NodeRef::<leptos::html::Form>::new();
    // Clear the fields after a successful change so passwords do not linger on screen.
    Effect::watch(
        move || action.version().get(),
        move |_, _, _| {
            if matches!(action.value().get_untracked(), Some(Ok(_))) {
                if let Some(form) = form.get_untracked() {
                    form.reset();
                }
            }
        },
        false,
    );
    view! {
        <section class="card">
            <h2>{t!(i18n, profile.password_title)}</h2>
            <ActionForm action=action node_ref=form attr:class="form">
                <ActionError value=action.value() />
                <TextField
                    name="current_password"
                    kind="password"
                    label=crate::tr!(i18n, profile.current_password)
                    autocomplete="current-password"
                    required=true
                />
                <NewPasswordFields
                    name="new_password"
                    label=crate::tr!(i18n, profile.new_password)
                    hint=crate::tr!(i18n, profile.password_hint)
                    confirm_label=crate::tr!(i18n, profile.confirm_password)
                />
                <SubmitButton
                    pending=action.pending()
                    label=crate::tr!(i18n, profile.change_password)
                    pending_label=crate::tr!(i18n, common.saving)
                />
            </ActionForm>
        </section>
    }
}
