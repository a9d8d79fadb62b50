//! Drag and drop for reordering lists: the lists keep the dragged index themselves; this only
//! makes the drag start in every browser (Firefox starts one only with data set).

/// Call from `dragstart`.
pub fn start(ev: &leptos::ev::DragEvent) {
    if let Some(data) = ev.data_transfer() {
        data.set_effect_allowed("move");
        let _ = data.set_data("text/plain", "");
    }
}

use leptos::prelude::*;

use crate::i18n::*;

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
pub fn keyboard_move(ev: &leptos::ev::KeyboardEvent, index: usize, last: usize) -> Option<usize> {
    match ev.key().as_str() {
        "ArrowUp" if ev.alt_key() && index > 0 => Some(index - 1),
        "ArrowDown" if ev.alt_key() && index < last => Some(index + 1),
        _ => None,
    }
}
