//! A modal dialog on the native `<dialog>` element: focus trapping, Escape and the backdrop come
//! from the browser, so keyboard users get the platform's behaviour. And the one confirm-delete
//! dialog built on it.

use leptos::prelude::*;
use leptos::server_fn::{client::Client, codec::PostUrl, request::ClientReq, Http, ServerFn};

use crate::error::AppError;
use crate::i18n::*;
use crate::ui::form::ActionError;

#[component]
pub fn Dialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        if open.get() {
            if !el.open() {
                let _ = el.show_modal();
            }
        } else if el.open() {
            el.close();
        }
    });
    view! {
        <dialog class="dialog" node_ref=dialog on:close=move |_| open.set(false) aria-labelledby="dialog-title">
            <div class="dialog-head">
                <h2 id="dialog-title">{title}</h2>
                <button
                    type="button"
                    class="icon-button"
                    aria-label=move || t_string!(i18n, common.close)
                    on:click=move |_| open.set(false)
                >
                    "×"
                </button>
            </div>
            <div class="dialog-body">{children()}</div>
        </dialog>
    }
}

/// Asks before deleting: a dialog with `body`, Cancel, and a danger button that posts `action`
/// with the record's `id` (a plain form post without WASM); the action's error shows below.
/// Every delete in the app goes through it, so they all ask the same way.
#[component]
pub fn ConfirmDelete<S, P>(
    open: RwSignal<bool>,
    action: ServerAction<S>,
    #[prop(into)] id: String,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] body: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
) -> impl IntoView
where
    // What `ActionForm` asks of a server function posted as a form, with `AppError` errors.
    S: serde::de::DeserializeOwned
        + ServerFn<Protocol = Http<PostUrl, P>, Error = AppError>
        + Clone
        + Send
        + Sync
        + 'static,
    <<S::Client as Client<AppError>>::Request as ClientReq<AppError>>::FormData:
        From<web_sys::FormData>,
    S::Output: Clone + Send + Sync + 'static,
    S::Client: Client<AppError>,
    P: 'static,
{
    let i18n = use_i18n();
    let id = StoredValue::new(id);
    view! {
        <Dialog open title>
            <p>{body}</p>
            <ActionForm action attr:class="dialog-actions">
                <input type="hidden" name="id" value=id.get_value() />
                <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                <button type="submit" class="button button-danger" on:click=move |_| open.set(false)>{confirm_label}</button>
            </ActionForm>
            <ActionError value=action.value() />
        </Dialog>
    }
}
