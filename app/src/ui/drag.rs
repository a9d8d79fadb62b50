//! Reorderable lists: an item moves by drag and drop, by `Alt+↑`/`Alt+↓` while focused, or by
//! its up and down buttons; the list owns the order and moves items in `on_move(from, to)`.

use leptos::prelude::*;

use crate::i18n::*;

/// One item of a reorderable list of `last + 1` items. `dragging` is the list's (which item a
/// drag carries); `on_key` gets the keys that do not move the item (say, Delete to remove it).
#[component]
pub fn ReorderItem(
    index: usize,
    last: usize,
    dragging: RwSignal<Option<usize>>,
    on_move: Callback<(usize, usize)>,
    #[prop(into)] class: String,
    /// False shows the item without letting it be moved (a reader, not an editor).
    #[prop(default = true)]
    movable: bool,
    #[prop(optional)] on_key: Option<Callback<leptos::ev::KeyboardEvent>>,
    children: Children,
) -> impl IntoView {
    view! {
        <li class=class draggable=movable.to_string() tabindex="0"
            class:is-dragging=move || dragging.get() == Some(index)
            on:dragstart=move |ev| {
                if movable {
                    start(&ev);
                    dragging.set(Some(index));
                }
            }
            on:dragend=move |_| dragging.set(None)
            on:dragover=move |ev| ev.prevent_default()
            on:drop=move |ev| {
                ev.prevent_default();
                if let Some(from) = dragging.get_untracked() {
                    on_move.run((from, index));
                }
                dragging.set(None);
            }
            on:keydown=move |ev| match keyboard_move(&ev, index, last) {
                Some(to) if movable => {
                    ev.prevent_default();
                    on_move.run((index, to));
                }
                _ => {
                    if let Some(key) = on_key {
                        key.run(ev);
                    }
                }
            }>
            {children()}
        </li>
    }
}

/// Makes a drag start in every browser (Firefox starts one only with data set).
fn start(ev: &leptos::ev::DragEvent) {
    if let Some(data) = ev.data_transfer() {
        data.set_effect_allowed("move");
        let _ = data.set_data("text/plain", "");
    }
}

/// The keyboard and pointer alternative to dragging item `index` of a list of `last + 1`: up
/// and down buttons that call `on_move(from, to)`.
#[component]
pub fn MoveButtons(index: usize, last: usize, on_move: Callback<(usize, usize)>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="icon-button" disabled=index == 0
            aria-label=move || t_string!(i18n, common.move_up)
            on:click=move |_| on_move.run((index, index.saturating_sub(1)))>"↑"</button>
        <button type="button" class="icon-button" disabled={index >= last}
            aria-label=move || t_string!(i18n, common.move_down)
            on:click=move |_| on_move.run((index, index + 1))>"↓"</button>
    }
}

/// `Alt+↑` / `Alt+↓` on a focused item: the target index, if the key moves it.
fn keyboard_move(ev: &leptos::ev::KeyboardEvent, index: usize, last: usize) -> Option<usize> {
    match ev.key().as_str() {
        "ArrowUp" if ev.alt_key() && index > 0 => Some(index - 1),
        "ArrowDown" if ev.alt_key() && index < last => Some(index + 1),
        _ => None,
    }
}
