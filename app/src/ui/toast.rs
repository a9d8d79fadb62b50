//! Short-lived notifications ("Profile saved") in a live region at the edge of the screen.

use leptos::prelude::*;

use crate::i18n::*;

#[derive(Clone, Debug, PartialEq)]
pub enum ToastKind {
    Success,
    Error,
}

#[derive(Clone, Debug)]
struct Toast {
    id: u64,
    kind: ToastKind,
    message: String,
}

/// The toast queue; `push` from anywhere below the root.
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

/// How long a toast stays before it leaves by itself.
const TOAST_MS: u64 = 5_000;

impl Toasts {
    pub fn provide() -> impl IntoView {
        provide_context(Toasts {
            items: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
        });
    }

    pub fn push(self, kind: ToastKind, message: String) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.items
            .update(|items| items.push(Toast { id, kind, message }));
        set_timeout(
            move || self.dismiss(id),
            std::time::Duration::from_millis(TOAST_MS),
        );
    }

    pub fn dismiss(self, id: u64) {
        self.items.update(|items| items.retain(|t| t.id != id));
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

#[component]
pub fn ToastRegion() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    view! {
        <div class="toasts" role="status" aria-live="polite" aria-label=move || t_string!(i18n, common.notifications)>
            <For each=move || toasts.items.get() key=|t| t.id let:toast>
                <div class="toast" class:toast-error=toast.kind == ToastKind::Error>
                    <span>{toast.message.clone()}</span>
                    <button
                        type="button"
                        class="icon-button"
                        aria-label=move || t_string!(i18n, common.dismiss)
                        on:click=move |_| toasts.dismiss(toast.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}

/// Shows a toast each time an action completes successfully.
pub fn announce_success<T, E, V>(
    version: RwSignal<usize>,
    value: V,
    message: impl Fn() -> String + 'static,
) where
    T: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + 'static,
    V: GetUntracked<Value = Option<Result<T, E>>> + 'static,
{
    let toasts = use_toasts();
    Effect::watch(
        move || version.get(),
        move |_, _, _| {
            if matches!(value.get_untracked(), Some(Ok(_))) {
                toasts.push(ToastKind::Success, message());
            }
        },
        false,
    );
}
