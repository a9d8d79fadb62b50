//! Form pieces: labelled fields and translated error messages.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::*;
pub use crate::ui::error_text::error_text;

/// An error shown above a form, announced to screen readers.
#[component]
pub fn ErrorBanner(#[prop(into)] error: Signal<AppError>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="banner banner-error" role="alert">
            {move || error_text(i18n, &error.get())}
        </div>
    }
}

/// Shows the error of the last run of a server action, if it failed.
#[component]
pub fn ActionError<T, V>(value: V) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    move || {
        value
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorBanner error /> })
    }
}

/// A labelled input with an optional hint; the hint is linked for screen readers.
#[component]
pub fn TextField(
    #[prop(into)] name: String,
    #[prop(into)] label: Signal<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: Option<Signal<String>>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autofocus: bool,
    #[prop(optional)] minlength: Option<usize>,
    #[prop(optional)] maxlength: Option<usize>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let described = hint.is_some().then(|| hint_id.clone());
    // The server's `value` attribute fills the field; later changes of `value` are written to
    // the live property. Never at hydration: on a slow phone people type before the WASM
    // arrives, and hydrating a bound `prop:value` would wipe what they typed.
    let input = NodeRef::<leptos::html::Input>::new();
    if let Some(value) = value {
        Effect::watch(
            move || value.get(),
            move |now, _, _| {
                if let Some(input) = input.get_untracked() {
                    input.set_value(now);
                }
            },
            false,
        );
    }
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind
                node_ref=input
                value=move || value.map(|v| v.get())
                autocomplete=autocomplete
                required=required
                autofocus=autofocus
                minlength=minlength
                maxlength=maxlength
                aria-describedby=described
            />
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
        </div>
    }
}

/// A submit button that shows progress and blocks double submission while pending.
#[component]
pub fn SubmitButton(
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] pending_label: Signal<String>,
    #[prop(optional)] class: Option<&'static str>,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class=class.unwrap_or("button button-primary")
            disabled=move || pending.get()
            aria-busy=move || pending.get().to_string()
        >
            {move || if pending.get() {
                view! { <span class="spinner" aria-hidden="true"></span>{pending_label.get()} }.into_any()
            } else {
                label.get().into_any()
            }}
        </button>
    }
}

/// A new password and its confirmation (`confirm_password`), side by side where there is room.
#[component]
pub fn NewPasswordFields(
    /// Form field name of the new password.
    name: &'static str,
    label: Signal<String>,
    hint: Signal<String>,
    confirm_label: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="form-row">
            <TextField
                name=name
                kind="password"
                label
                hint
                autocomplete="new-password"
                required=true
                minlength=shared::accounts::PASSWORD_MIN_CHARS
            />
            <TextField
                name="confirm_password"
                kind="password"
                label=confirm_label
                autocomplete="new-password"
                required=true
            />
        </div>
    }
}
