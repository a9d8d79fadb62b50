//! A modal dialog on the native `<dialog>` element: focus trapping, Escape and the backdrop come
//! from the browser, so keyboard users get the platform's behaviour.

use leptos::prelude::*;

use crate::i18n::*;

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
