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
mod browser;

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
