//! The browser entry point: hydrates the server-rendered page with the `app` components.

#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Asynchronous hydration: a lazy route's WASM chunk (see `app::routes`) is fetched before
    // the page it renders is hydrated.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document()
            .body()
            .expect("the page has a body");
        leptos::mount::hydrate_from_async(body.clone(), app::App)
            .await
            .forget();
        // Marks the page interactive, so browser tests (and curious users) can tell WASM is live.
        let _ = body.set_attribute("data-hydrated", "");
    });
}
