//! The browser side: the journal in local storage and the leaving beacon. Nothing happens on
//! the server.
//!
//! Each tab keeps its own journal entry (`aitoolbox:lyrics:<sketch>:<tab>`, the tab's id kept in
//! its session storage, which survives a reload), so two tabs of one sketch never clear or
//! overwrite each other's unsaved text. Opening the editor takes this tab's entry, else the
//! newest one another tab left (a tab that closed or crashed before the server had its text).

#[cfg(feature = "hydrate")]
use leptos::prelude::*;

use super::doc::LyricDoc;
#[cfg(feature = "hydrate")]
use super::doc::SaveState;
use super::LyricsForm;

#[cfg(feature = "hydrate")]
use browser::*;

pub fn write(form: &LyricsForm) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = storage() {
        let kept = Kept {
            form: form.clone(),
            at: js_sys::Date::now(),
        };
        if let Ok(json) = serde_json::to_string(&kept) {
            // A full storage only loses the journal, not the server save.
            let _ = s.set_item(&own_key(&form.id), &json);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = form;
}

/// This tab's entry, else the newest another tab left, which becomes this tab's.
pub fn read(id: &str) -> Option<LyricsForm> {
    #[cfg(feature = "hydrate")]
    {
        let s = storage()?;
        let own = own_key(id);
        // This tab may have none (a new tab); then the entries other tabs left count.
        let mine = s.get_item(&own).ok().flatten();
        if let Some(kept) = mine.as_deref().and_then(parse) {
            return Some(kept.form);
        }
        let (key, kept) = others(&s, id)
            .into_iter()
            .max_by(|a, b| a.1.at.total_cmp(&b.1.at))?;
        write(&kept.form);
        let _ = s.remove_item(&key);
        Some(kept.form)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

pub fn clear(id: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = storage() {
        let _ = s.remove_item(&own_key(id));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::LyricsForm;
    use serde::{Deserialize, Serialize};

    /// A journal entry: the unsaved form and when it was written (ms since the epoch).
    #[derive(Serialize, Deserialize)]
    pub struct Kept {
        pub form: LyricsForm,
        pub at: f64,
    }

    pub fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    fn prefix(id: &str) -> String {
        format!("aitoolbox:lyrics:{id}:")
    }

    /// This tab's id, made on first use; "shared" where session storage is unavailable.
    fn tab() -> String {
        const KEY: &str = "aitoolbox:tab";
        let made = || -> Option<String> {
            let s = web_sys::window()?.session_storage().ok().flatten()?;
            if let Some(tab) = s.get_item(KEY).ok().flatten() {
                return Some(tab);
            }
            let tab = format!("{:013x}", (js_sys::Math::random() * 2f64.powi(52)) as u64);
            s.set_item(KEY, &tab).ok()?;
            Some(tab)
        };
        made().unwrap_or_else(|| "shared".to_string())
    }

    pub fn own_key(id: &str) -> String {
        format!("{}{}", prefix(id), tab())
    }

    /// An entry; one written before entries were per tab holds the bare form.
    pub fn parse(json: &str) -> Option<Kept> {
        serde_json::from_str(json).ok().or_else(|| {
            let form = serde_json::from_str(json).ok()?;
            Some(Kept { form, at: 0.0 })
        })
    }

    /// The entries other tabs keep for sketch `id`, with their keys.
    pub fn others(s: &web_sys::Storage, id: &str) -> Vec<(String, Kept)> {
        let (prefix, before_tabs) = (prefix(id), format!("aitoolbox:lyrics:{id}"));
        (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|key| key.starts_with(&prefix) || *key == before_tabs)
            .filter_map(|key| {
                let kept = parse(&s.get_item(&key).ok()??)?;
                Some((key, kept))
            })
            .collect()
    }
}

/// Posts `form` as the save function reads it, in a request that outlives the page.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn send_beacon(form: &LyricsForm) {
    #[cfg(feature = "hydrate")]
    {
        let Ok(params) = web_sys::UrlSearchParams::new() else {
            return;
        };
        params.append("form[id]", &form.id);
        params.append("form[version]", &form.version.to_string());
        params.append("form[lyrics]", &form.lyrics);
        params.append("form[language]", &form.language);
        params.append("form[structure]", &form.structure);
        if let Some(w) = web_sys::window() {
            let _ = w
                .navigator()
                .send_beacon_with_opt_url_search_params("/api/save_lyrics", Some(&params));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = form;
}

/// Sends the unsaved text as the tab goes away (`pagehide` fires on close, reload and
/// navigation, also on phones where `beforeunload` does not). The beacon posts the same
/// form the save function reads.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub fn send_on_leave(doc: LyricDoc) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::closure::Closure;
        use leptos::wasm_bindgen::JsCast;
        let Some(window) = web_sys::window() else {
            return;
        };
        let listener: Closure<dyn FnMut(web_sys::Event)> = Closure::new(move |_| {
            let unsaved = doc
                .save
                .try_with_untracked(|s| {
                    matches!(
                        s,
                        SaveState::Pending | SaveState::Saving | SaveState::Failed(_)
                    )
                })
                .unwrap_or(false);
            if let (true, Some(form)) = (unsaved, doc.try_form()) {
                send_beacon(&form);
            }
        });
        let _ =
            window.add_event_listener_with_callback("pagehide", listener.as_ref().unchecked_ref());
        let kept = StoredValue::new_local(Some(listener));
        on_cleanup(move || {
            if let Some(Some(listener)) = kept.try_update_value(Option::take) {
                if let Some(w) = web_sys::window() {
                    let _ = w.remove_event_listener_with_callback(
                        "pagehide",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = doc;
}
