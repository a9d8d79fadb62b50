//! Global keyboard shortcuts and the dialog that lists them (`?`).

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::dialog::Dialog;
use crate::i18n::*;

/// Whether the shortcuts dialog is open; provided so the user menu can open it.
#[derive(Clone, Copy)]
pub struct ShortcutsOpen(pub RwSignal<bool>);

impl ShortcutsOpen {
    /// Provided by the shell before the header, so the user menu can offer the list.
    pub fn provide() {
        provide_context(ShortcutsOpen(RwSignal::new(false)));
    }
}

#[component]
pub fn Shortcuts() -> impl IntoView {
    let i18n = use_i18n();
    let open = expect_context::<ShortcutsOpen>().0;
    listen(open);
    let title = crate::tr!(i18n, shortcuts.title);
    view! {
        <Dialog open title>
            <dl class="shortcut-list">
                <dt><kbd>"?"</kbd></dt><dd>{t!(i18n, shortcuts.help)}</dd>
                <dt><kbd>"g"</kbd>" "<kbd>"h"</kbd></dt><dd>{t!(i18n, shortcuts.home)}</dd>
                <dt><kbd>"g"</kbd>" "<kbd>"p"</kbd></dt><dd>{t!(i18n, shortcuts.profile)}</dd>
                <dt><kbd>"Esc"</kbd></dt><dd>{t!(i18n, shortcuts.close)}</dd>
            </dl>
        </Dialog>
    }
}

/// Installs the keydown listener (browser only): `?` opens help, `g` then a letter navigates.
fn listen(open: RwSignal<bool>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let navigate = use_navigate();
        let pending_g = StoredValue::new(false);
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing_in_field(&ev) {
                return;
            }
            let key = ev.key();
            if pending_g.get_value() {
                pending_g.set_value(false);
                match key.as_str() {
                    "h" => navigate("/", Default::default()),
                    "p" => navigate("/profile", Default::default()),
                    _ => {}
                }
                return;
            }
            match key.as_str() {
                "?" => open.set(true),
                "g" => pending_g.set_value(true),
                _ => {}
            }
        });
        on_cleanup(move || handle.remove());

        fn typing_in_field(ev: &leptos::ev::KeyboardEvent) -> bool {
            ev.target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        || el.has_attribute("contenteditable")
                })
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (open, use_navigate);
    }
}
