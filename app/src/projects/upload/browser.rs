//! The browser half of uploads: picking, walking dropped folders, sending with progress.

use futures::StreamExt;
use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{Item, State};
use crate::error::AppError;

/// Walking dropped folders and sending a file with progress, in the browser's own terms
/// (directory entries and XHR upload progress have no typed bindings worth their size).
const HELPER: &str = r#"
    const collect = (dt) => {
        const entries = [...(dt.items || [])].map(i => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
        const plain = [...(dt.files || [])];
        return (async () => {
            const out = [];
            const walk = async (entry, prefix) => {
                if (entry.isFile) {
                    out.push([await new Promise((ok, fail) => entry.file(ok, fail)), prefix + entry.name]);
                } else if (entry.isDirectory) {
                    const reader = entry.createReader();
                    for (;;) {
                        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
                        if (!batch.length) break;
                        for (const e of batch) await walk(e, prefix + entry.name + '/');
                    }
                }
            };
            if (entries.length) { for (const e of entries) await walk(e, ''); }
            else { for (const f of plain) out.push([f, f.name]); }
            return out;
        })();
    };
    const send = (url, file, progress) => {
        const x = new XMLHttpRequest();
        const done = new Promise(ok => {
            x.upload.onprogress = e => progress(e.lengthComputable ? e.loaded / e.total : 0);
            x.onload = () => ok([x.status, x.responseText]);
            x.onerror = () => ok([0, '']);
            x.onabort = () => ok([-1, '']);
        });
        x.open('PUT', url);
        x.send(file);
        return { done, abort: () => x.abort() };
    };
    return { collect, send };
"#;

fn helper() -> Object {
    thread_local! {
        static HELPER_OBJECT: Object = Function::new_no_args(HELPER).call0(&JsValue::NULL).expect("helper").unchecked_into();
    }
    HELPER_OBJECT.with(Clone::clone)
}

fn method(name: &str) -> Function {
    Reflect::get(&helper(), &name.into())
        .expect("helper method")
        .unchecked_into()
}

/// Files chosen in a file or folder picker, with their relative paths.
pub fn picked(ev: &leptos::ev::Event) -> Vec<(web_sys::File, String)> {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(list) = input.files() {
        for i in 0..list.length() {
            if let Some(f) = list.get(i) {
                let relative = Reflect::get(&f, &"webkitRelativePath".into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                let path = if relative.is_empty() {
                    f.name()
                } else {
                    relative
                };
                out.push((f, path));
            }
        }
    }
    input.set_value("");
    out
}

/// Files dropped (folders walked), handed to `then` once all are found.
pub fn dropped(ev: leptos::ev::DragEvent, then: impl Fn(Vec<(web_sys::File, String)>) + 'static) {
    let Some(dt) = ev.data_transfer() else { return };
    // Read the drop synchronously: its items are gone after the event.
    let Ok(promise) = method("collect").call1(&JsValue::NULL, &dt) else {
        return;
    };
    leptos::task::spawn_local(async move {
        let Ok(found) = JsFuture::from(Promise::from(promise)).await else {
            return;
        };
        let files = Array::from(&found)
            .iter()
            .filter_map(|pair| {
                let pair = Array::from(&pair);
                Some((
                    pair.get(0).dyn_into::<web_sys::File>().ok()?,
                    pair.get(1).as_string()?,
                ))
            })
            .collect();
        then(files);
    });
}

/// Sends the items, three at a time, then bumps `done` (the page reloads its files). The
/// page may be gone by then (another project opened): every write is a `try_`.
pub fn send_all(url: String, items: Vec<Item>, replace: bool, done: RwSignal<u32>) {
    leptos::task::spawn_local(async move {
        futures::stream::iter(items)
            .for_each_concurrent(3, |item| send_one(url.clone(), item, replace))
            .await;
        done.try_update(|n| *n += 1);
    });
}

async fn send_one(url: String, item: Item, replace: bool) {
    // The queue may be gone (another project opened) or the file cancelled meanwhile.
    if !matches!(
        item.state.try_get_untracked(),
        Some(State::Waiting | State::Failed(_))
    ) {
        return;
    }
    let Some(Some(file)) = item.file.try_with_value(Clone::clone) else {
        return;
    };
    let mut target = format!(
        "{url}?path={}&modified={}",
        encode(&item.path),
        file.last_modified() as i64
    );
    if replace {
        target.push_str("&replace=1");
    }
    item.state.try_set(State::Sending);
    item.progress.try_set(0.0);
    let progress = item.progress;
    let on_progress = Closure::<dyn Fn(f64)>::new(move |p: f64| {
        progress.try_set(p);
    });
    let Ok(handle) =
        method("send").call3(&JsValue::NULL, &target.into(), &file, on_progress.as_ref())
    else {
        item.state.try_set(State::Failed(AppError::Network));
        return;
    };
    let abort = Reflect::get(&handle, &"abort".into())
        .ok()
        .and_then(|a| a.dyn_into::<Function>().ok());
    item.abort.try_set_value(abort.map(|f| {
        std::rc::Rc::new(move || {
            let _ = f.call0(&JsValue::NULL);
        }) as std::rc::Rc<dyn Fn()>
    }));
    let done = Reflect::get(&handle, &"done".into()).map(Promise::from);
    let answer = match done {
        Ok(p) => JsFuture::from(p).await.ok(),
        Err(_) => None,
    };
    drop(on_progress);
    item.abort.try_set_value(None);
    let answer = answer.map(|a| Array::from(&a));
    let status = answer
        .as_ref()
        .and_then(|a| a.get(0).as_f64())
        .unwrap_or(0.0) as i32;
    let body = answer
        .and_then(|a| a.get(1).as_string())
        .unwrap_or_default();
    item.state.try_set(match status {
        200..=299 => {
            item.progress.try_set(1.0);
            State::Done
        }
        -1 => State::Cancelled,
        0 => State::Failed(AppError::Network),
        _ => State::Failed(serde_json::from_str(&body).unwrap_or(AppError::Internal)),
    });
}

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).into()
}
