//! Uploading into a folder: a file picker, a folder picker and a drop zone (dropped folders
//! keep their relative paths), several files at once, three in flight, each with its own
//! progress and a cancel button. Each file is one streamed `PUT` to the versioned endpoint; a
//! name that exists is refused unless "replace" is ticked (or asked for afterwards, per file).

use leptos::prelude::*;

use super::upload_url;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::error_text::error_text;

// Sent, finished and read only in the browser.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq)]
enum State {
    Waiting,
    Sending,
    Done,
    Failed(AppError),
    Cancelled,
}

/// One file of the queue. The handles are arena ids (Copy, Send); the file and the request's
/// abort function stay in the browser thread's own storage.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone)]
struct Item {
    folder: String,
    path: String,
    size: f64,
    progress: RwSignal<f64>,
    state: RwSignal<State>,
    file: StoredValue<Option<web_sys::File>, LocalStorage>,
    abort: StoredValue<Option<std::rc::Rc<dyn Fn()>>, LocalStorage>,
}

/// The uploads of the open project, kept while its page reloads (each folder shows its own).
/// Items are owned by the queue, not by the folder view that started them: that view is
/// rebuilt when the project reloads after each upload, while the transfers run on.
#[derive(Clone)]
pub struct UploadQueue {
    items: RwSignal<Vec<Item>>,
    owner: Owner,
    /// The page's reload signal, bumped after each batch.
    refresh: RwSignal<u32>,
}

impl UploadQueue {
    pub fn provide(refresh: RwSignal<u32>) {
        let owner = Owner::current().unwrap_or_default();
        provide_context(UploadQueue {
            items: RwSignal::new(Vec::new()),
            owner,
            refresh,
        });
    }
}

#[component]
pub fn UploadZone(project: String, folder: String, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let queue = use_context::<UploadQueue>().unwrap_or_else(|| UploadQueue {
        items: RwSignal::new(Vec::new()),
        owner: Owner::current().unwrap_or_default(),
        refresh,
    });
    let (items, owner, done) = (
        queue.items,
        StoredValue::new(queue.owner.clone()),
        queue.refresh,
    );
    let folder_id = StoredValue::new(folder.clone());
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let replace = RwSignal::new(false);
    let over = RwSignal::new(false);
    let url = StoredValue::new(upload_url(&project, &folder));
    // Also called after a dropped folder was walked (an await), when this zone may have been
    // rebuilt by a reload: then nothing here is read, and the files are offered again by the
    // new zone's drop.
    let start = move |files: Vec<(web_sys::File, String)>| {
        let (Some(owner), Some(folder), Some(url), Some(replacing)) = (
            owner.try_get_value(),
            folder_id.try_get_value(),
            url.try_get_value(),
            replace.try_get_untracked(),
        ) else {
            return;
        };
        let batch: Vec<Item> = owner.with(|| {
            files
                .into_iter()
                .map(|(file, path)| Item {
                    folder: folder.clone(),
                    path,
                    size: file.size(),
                    progress: RwSignal::new(0.0),
                    state: RwSignal::new(State::Waiting),
                    file: StoredValue::new_local(Some(file)),
                    abort: StoredValue::new_local(None),
                })
                .collect()
        });
        items.try_update(|all| {
            all.retain(|i| {
                i.folder != folder
                    || !matches!(
                        i.state.try_get_untracked(),
                        Some(State::Done | State::Cancelled)
                    )
            });
            all.extend(batch.iter().cloned());
        });
        browser::send_all(url, batch, replacing, done);
    };
    let on_pick = move |ev: leptos::ev::Event| start(browser::picked(&ev));
    // A folder picker (every current browser, under its WebKit-era name); set once mounted,
    // since the attribute is not part of the typed HTML.
    let folder_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = folder_input.get() {
            let _ = input.set_attribute("webkitdirectory", "");
        }
    });
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        browser::dropped(ev, start);
    };
    view! {
        <div class="upload-zone" class:drag-over=move || over.get()
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop>
            <p>{t!(i18n, projects.drop_here)}</p>
            <div class="inline-actions">
                <label class="button button-small file-button">
                    {t!(i18n, projects.choose_files)}
                    <input type="file" multiple class="visually-hidden" on:change=on_pick />
                </label>
                <label class="button button-small file-button">
                    {t!(i18n, projects.choose_folder)}
                    <input type="file" multiple node_ref=folder_input class="visually-hidden" on:change=on_pick />
                </label>
                <label class="check">
                    <input type="checkbox" prop:checked=move || replace.get() on:change=move |ev| replace.set(event_target_checked(&ev)) />
                    <span>{t!(i18n, projects.replace_existing)}</span>
                </label>
            </div>
            <ul class="upload-list" aria-live="polite">
                // Queued files exist only in the browser, after hydration.
                {move || mounted.get().then(|| items.get().into_iter().filter(|i| i.folder == folder_id.get_value()).map(|item| {
                    let it = item.clone();
                    let percent = move || (it.progress.get() * 100.0).round() as u32;
                    let (state, abort, again) = (item.state, item.abort, item.clone());
                    view! {
                        <li class="upload-row">
                            <span class="upload-path">{item.path.clone()}</span>
                            <span class="muted">{crate::ui::number::file_size(i18n, item.size as i64)}</span>
                            <progress max="100" value=move || percent().to_string() aria-label=item.path.clone()></progress>
                            <span class="upload-state">{move || match state.get() {
                                State::Waiting => t_string!(i18n, projects.upload_waiting).to_string(),
                                State::Sending => format!("{} %", percent()),
                                State::Done => t_string!(i18n, projects.upload_done).to_string(),
                                State::Cancelled => t_string!(i18n, projects.upload_cancelled).to_string(),
                                State::Failed(e) => error_text(i18n, &e),
                            }}</span>
                            {move || matches!(state.get(), State::Waiting | State::Sending).then(|| view! {
                                <button type="button" class="button button-small" on:click=move |_| {
                                    state.set(State::Cancelled);
                                    abort.with_value(|a| if let Some(f) = a { f() });
                                }>{t!(i18n, common.cancel)}</button>
                            })}
                            {move || matches!(state.get(), State::Failed(AppError::FileExists { .. })).then(|| {
                                let again = again.clone();
                                view! {
                                    <button type="button" class="button button-small" on:click=move |_| {
                                        browser::send_all(url.get_value(), vec![again.clone()], true, done);
                                    }>{t!(i18n, projects.replace)}</button>
                                }
                            })}
                        </li>
                    }
                }).collect_view())}
            </ul>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
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
    pub fn dropped(
        ev: leptos::ev::DragEvent,
        then: impl Fn(Vec<(web_sys::File, String)>) + 'static,
    ) {
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
}

/// On the server the zone renders only; nothing is ever sent from there.
#[cfg(not(feature = "hydrate"))]
mod browser {
    use leptos::prelude::*;

    use super::Item;

    pub fn picked(_: &leptos::ev::Event) -> Vec<(web_sys::File, String)> {
        Vec::new()
    }
    pub fn dropped(_: leptos::ev::DragEvent, _: impl Fn(Vec<(web_sys::File, String)>) + 'static) {}
    pub fn send_all(_: String, _: Vec<Item>, _: bool, _: RwSignal<u32>) {}
}
