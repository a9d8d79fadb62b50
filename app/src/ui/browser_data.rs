//! Data a secondary panel asks for once the page is running in the browser.
//!
//! A resource created inside another page's loaded view (after an `.await`) takes a hydration
//! id that differs between the server and the browser, and the browser then hydrates it with
//! another resource's data (see `songs/new_page.rs`). A panel such as "in which projects is
//! this song" does not need to be in the first HTML, so it loads in an effect instead: effects
//! run only in the browser, after hydration, and again whenever a signal read by `load` changes.

use std::future::Future;

use leptos::prelude::*;

/// `None` until `load` has answered; asks again when a signal `load` reads changes.
pub fn load_in_browser<T, Fut>(load: impl Fn() -> Fut + 'static) -> RwSignal<Option<T>>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = T> + 'static,
{
    let value = RwSignal::new(None);
    Effect::new(move |_| {
        let pending = load();
        leptos::task::spawn_local(async move { value.set(Some(pending.await)) });
    });
    value
}
