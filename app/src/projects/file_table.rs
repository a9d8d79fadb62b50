//! A folder's files, a page at a time: name and path, size, type and MIME type, SHA-256,
//! modified; download, rename; select several to move or delete them.

use leptos::prelude::*;
use shared::paging::Page;

use super::files_api::{delete_project_files, move_project_files, rename_project_file};
use super::{file_url, labels, FilePage, Folder, ProjectFile, FILES_PAGE_SIZE, PROJECTS};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::dialog::Dialog;
use crate::ui::form::ErrorBanner;
use crate::ui::time::Moment;
use crate::ui::toast::{use_toasts, ToastKind};

#[component]
pub fn FileTable(
    project: String,
    folder: String,
    folders: Vec<Folder>,
    data: FilePage,
    page: Page,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let ids = StoredValue::new((project, folder));
    let others = StoredValue::new(folders);
    let i18n = use_i18n();
    let toasts = use_toasts();
    let selected = RwSignal::new(Vec::<String>::new());
    let problem = RwSignal::new(None::<AppError>);
    let confirm = RwSignal::new(false);
    let renaming = RwSignal::new(None::<ProjectFile>);
    let target = RwSignal::new(String::new());
    let pages = Page::count(data.total, FILES_PAGE_SIZE);
    let all: Vec<String> = data.items.iter().map(|f| f.id.clone()).collect();
    let project = ids.with_value(|(p, _)| p.clone());
    let run = move |work: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<String, AppError>>>,
    >| {
        leptos::task::spawn_local(async move {
            match work.await {
                Ok(message) => {
                    problem.try_set(None);
                    selected.try_set(Vec::new());
                    toasts.push(ToastKind::Success, message);
                    refresh.try_update(|n| *n += 1);
                }
                Err(e) => {
                    problem.try_set(Some(e));
                }
            }
        });
    };
    let delete_selected = move |_| {
        confirm.set(false);
        let (project, ids) = (ids.with_value(|(p, _)| p.clone()), selected.get_untracked());
        run(Box::pin(async move {
            let n = delete_project_files(project, ids).await?;
            Ok(crate::plural_text!(i18n, projects.deleted_files, n))
        }));
    };
    let move_selected = move |_| {
        let to = target.get_untracked();
        if to.is_empty() {
            return;
        }
        let (project, ids) = (ids.with_value(|(p, _)| p.clone()), selected.get_untracked());
        run(Box::pin(async move {
            let n = move_project_files(project, ids, to).await?;
            Ok(crate::plural_text!(i18n, projects.moved_files, n))
        }));
    };
    let current_folder = ids.with_value(|(_, f)| f.clone());
    let empty = data.items.is_empty();
    let count = data.total;
    view! {
        <div class="file-table">
            {empty.then(|| view! { <p class="muted empty-files">{t!(i18n, projects.no_files)}</p> })}
            {(!empty).then(|| view! {
                <div class="bulk-bar" role="toolbar" aria-label=move || t_string!(i18n, projects.selection)>
                    <span class="muted">{move || {
                        let n = selected.with(Vec::len);
                        if n == 0 { crate::plural_text!(i18n, projects.files, count as u64) } else { crate::plural_text!(i18n, projects.selected, n as u64) }
                    }}</span>
                    <select aria-label=move || t_string!(i18n, projects.move_to) on:change=move |ev| target.set(event_target_value(&ev)) disabled=move || selected.with(Vec::is_empty)>
                        <option value="">{t!(i18n, projects.move_to)}</option>
                        {others.get_value().into_iter().filter(|f| f.id != current_folder).map(|f| view! { <option value=f.id.clone()>{f.name.clone()}</option> }).collect_view()}
                    </select>
                    <button type="button" class="button button-small" disabled=move || selected.with(Vec::is_empty) || target.with(String::is_empty) on:click=move_selected>{t!(i18n, projects.move_files)}</button>
                    <button type="button" class="button button-small button-danger" disabled=move || selected.with(Vec::is_empty) on:click=move |_| confirm.set(true)>{t!(i18n, projects.delete_files)}</button>
                </div>
            })}
            {move || problem.get().map(|error| view! { <ErrorBanner error /> })}
            {(!empty).then(|| {
                let all = all.clone();
                view! {
                <div class="table-scroll">
                <table class="table files">
                    <thead><tr>
                        <th scope="col"><input type="checkbox" aria-label=move || t_string!(i18n, projects.select_all)
                            prop:checked={ let n = all.len(); move || n > 0 && selected.with(|s| s.len() == n) }
                            on:change={ let all = all.clone(); move |ev| selected.set(if event_target_checked(&ev) { all.clone() } else { Vec::new() }) } /></th>
                        <th scope="col">{t!(i18n, projects.file_name)}</th>
                        <th scope="col" class="num">{t!(i18n, fields.size)}</th>
                        <th scope="col" class="col-type">{t!(i18n, fields.item_type)}</th>
                        <th scope="col">{t!(i18n, projects.modified)}</th>
                        <th scope="col" class="col-sha">"SHA-256"</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, projects.actions)}</span></th>
                    </tr></thead>
                    <tbody>
                        {data.items.clone().into_iter().map(|f| {
                            let id = f.id.clone();
                            let (check_id, toggle_id) = (id.clone(), id.clone());
                            let href = file_url(&project, &f.id) + "?download=1";
                            let file = f.clone();
                            let (size, kind) = (f.size, f.file_type);
                            view! {
                                <tr class:selected=move || selected.with(|s| s.contains(&check_id))>
                                    <td><input type="checkbox" aria-label=format!("{} {}", t_string!(i18n, projects.select), f.relative_path)
                                        prop:checked={ let id = id.clone(); move || selected.with(|s| s.contains(&id)) }
                                        on:change=move |ev| { let on = event_target_checked(&ev); let id = toggle_id.clone(); selected.update(|s| { s.retain(|x| *x != id); if on { s.push(id); } }); } /></td>
                                    <td class="file-path"><a href=href download="">{f.relative_path.clone()}</a></td>
                                    <td class="num">{move || crate::ui::number::file_size(i18n, size)}</td>
                                    <td class="col-type"><span title=f.mime_type.clone()>{move || labels::file_type(i18n, kind)}</span></td>
                                    <td class="when"><Moment ms=f.modified_at /></td>
                                    <td class="col-sha"><code title=f.sha256.clone()>{f.sha256.chars().take(12).collect::<String>()}</code></td>
                                    <td><button type="button" class="button button-small" on:click=move |_| renaming.set(Some(file.clone()))>{t!(i18n, projects.rename)}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }})}
            {(pages > 1).then(|| {
                let query = leptos_router::hooks::use_query_map();
                let link = move |to: Page| PROJECTS.href(&query.read_untracked(), &[("fpage", &to.to_string())]);
                view! {
                    <nav class="pager" aria-label=move || t_string!(i18n, list.pages)>
                        {(page > Page::FIRST).then(|| view! { <leptos_router::components::A href=link(page.previous()) attr:rel="prev" attr:class="button">{t!(i18n, list.previous)}</leptos_router::components::A> })}
                        <span>{t!(i18n, list.page_of, page = page.number(), pages = pages)}</span>
                        {(page.number() < pages).then(|| view! { <leptos_router::components::A href=link(page.next()) attr:rel="next" attr:class="button">{t!(i18n, list.next)}</leptos_router::components::A> })}
                    </nav>
                }
            })}
            <Dialog open=confirm title=crate::tr!(i18n, projects.delete_files_title)>
                <p>{move || crate::plural_text!(i18n, projects.delete_files_body, selected.with(Vec::len) as u64)}</p>
                <div class="dialog-actions">
                    <button type="button" class="button" on:click=move |_| confirm.set(false)>{t!(i18n, common.cancel)}</button>
                    <button type="button" class="button button-danger" on:click=delete_selected>{t!(i18n, projects.delete_files)}</button>
                </div>
            </Dialog>
            <RenameDialog renaming project=ids.with_value(|(p, _)| p.clone()) refresh />
        </div>
    }
}

/// Renames (or moves into a subfolder path) one file.
#[component]
fn RenameDialog(
    renaming: RwSignal<Option<ProjectFile>>,
    project: String,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let path = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<AppError>);
    let project = StoredValue::new(project);
    Effect::new(move |_| {
        if let Some(f) = renaming.get() {
            path.set(f.relative_path);
            problem.try_set(None);
            open.set(true);
        }
    });
    Effect::new(move |_| {
        if !open.get() {
            renaming.set(None);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(file) = renaming.get_untracked() else {
            return;
        };
        let to = path.get_untracked();
        leptos::task::spawn_local(async move {
            match rename_project_file(project.get_value(), file.id, to).await {
                Ok(()) => {
                    open.try_set(false);
                    refresh.try_update(|n| *n += 1);
                }
                Err(e) => {
                    problem.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <Dialog open title=crate::tr!(i18n, projects.rename)>
            <form class="form" on:submit=submit>
                <div class="field">
                    <label for="rename-path">{t!(i18n, projects.file_name)}</label>
                    <input id="rename-path" required prop:value=move || path.get() on:input=move |ev| path.set(event_target_value(&ev)) />
                    <p class="hint">{t!(i18n, projects.rename_hint)}</p>
                </div>
                {move || problem.get().map(|error| view! { <ErrorBanner error /> })}
                <div class="inline-actions">
                    <button type="submit" class="button button-primary">{t!(i18n, projects.rename)}</button>
                </div>
            </form>
        </Dialog>
    }
}
