//! Copying a text to the clipboard and saying so once the browser confirms it.

/// A function that copies a text and then shows `said()` as a toast; made where the contexts
/// are (inside a component).
pub fn copier(
    said: impl Fn() -> String + Copy + Send + Sync + 'static,
) -> impl Fn(String) + Copy + 'static {
    let toasts = crate::ui::toast::use_toasts();
    move |text: String| {
        #[cfg(feature = "hydrate")]
        {
            let Some(window) = web_sys::window() else {
                return;
            };
            let promise = window.navigator().clipboard().write_text(&text);
            leptos::task::spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                    toasts.push(crate::ui::toast::ToastKind::Success, said());
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (text, toasts, said);
    }
}
