//! Progress indicators for slow operations.

use leptos::prelude::*;

/// Seconds since it appeared ("12 s"), so a long wait visibly moves. Renders nothing on the
/// server; ticks once a second in the browser and stops when removed.
#[component]
pub fn Elapsed() -> impl IntoView {
    let seconds = RwSignal::new(0u32);
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(
            move || seconds.update(|s| *s += 1),
            std::time::Duration::from_secs(1),
        )
        .ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
        });
    }
    view! { <span class="elapsed" aria-hidden="true">{move || format!("{} s", seconds.get())}</span> }
}
