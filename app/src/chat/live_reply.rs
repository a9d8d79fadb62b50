//! Following a streaming reply in the browser, over the server-sent events of
//! `/live/v1/chat/replies/{id}` (see `events`). `EventSource` reconnects by itself after a
//! dropped connection, and the server starts every connection with the whole text so far, so a
//! reply survives flaky networks without any bookkeeping here.

use leptos::prelude::*;

use super::ReplyState;

/// Follows reply `id` into `text` until it ends, then calls `on_end` with its final state and
/// text (`None` when the server refused to follow it any further). Stops with the calling
/// component.
pub fn follow(
    id: &str,
    text: RwSignal<String>,
    on_end: impl Fn(Option<(ReplyState, String)>) + Clone + 'static,
) {
    #[cfg(feature = "hydrate")]
    browser::follow(id, text, on_end);
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, text, on_end);
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::JsCast;
    use web_sys::{EventSource, MessageEvent};

    use super::super::ReplyState;

    type Listener = Closure<dyn FnMut(MessageEvent)>;

    fn data<T: serde::de::DeserializeOwned>(ev: &MessageEvent) -> Option<T> {
        serde_json::from_str(&ev.data().as_string()?).ok()
    }

    pub fn follow(
        id: &str,
        text: RwSignal<String>,
        on_end: impl Fn(Option<(ReplyState, String)>) + Clone + 'static,
    ) {
        let Ok(source) = EventSource::new(&format!("/live/v1/chat/replies/{id}")) else {
            on_end(None);
            return;
        };
        let reset: Listener = Closure::new(move |ev: MessageEvent| {
            if let Some(all) = data::<String>(&ev) {
                text.set(all);
            }
        });
        let append: Listener = Closure::new(move |ev: MessageEvent| {
            if let Some(piece) = data::<String>(&ev) {
                text.update(|t| t.push_str(&piece));
            }
        });
        let end: Listener = {
            let (source, on_end) = (source.clone(), on_end.clone());
            Closure::new(move |ev: MessageEvent| {
                source.close();
                #[derive(serde::Deserialize)]
                struct End {
                    state: ReplyState,
                    text: String,
                }
                let end = data::<End>(&ev);
                if let Some(end) = &end {
                    text.set(end.text.clone());
                }
                on_end(end.map(|e| (e.state, e.text)));
            })
        };
        // A refused (re)connection closes the source for good; anything else is retried.
        let error: Listener = {
            let source = source.clone();
            Closure::new(move |_: MessageEvent| {
                if source.ready_state() == EventSource::CLOSED {
                    on_end(None);
                }
            })
        };
        for (name, listener) in [
            ("reset", &reset),
            ("append", &append),
            ("end", &end),
            ("error", &error),
        ] {
            let _ =
                source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        let kept = StoredValue::new_local(Some((source, [reset, append, end, error])));
        on_cleanup(move || {
            if let Some(Some((source, _listeners))) = kept.try_update_value(Option::take) {
                source.close();
            }
        });
    }
}
