//! The open project: its facts and cover, its folders (reorder, rename, delete, add), and the
//! open folder's uploads, files and linked songs, sketches and images.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::api::{open_project, DeleteProject};
use super::file_table::FileTable;
use super::files_api::{move_project_folder, DeleteProjectFolder};
use super::folder_dialogs::FolderDialog;
use super::links_panel::LinksPanel;
use super::upload::UploadZone;
use super::{labels, zip_url, FilePage, Folder, ProjectView, PROJECTS};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::dialog::ConfirmDelete;
use crate::ui::drag::MoveButtons;
use crate::ui::form::ErrorBanner;
use crate::ui::layout::Loaded;
use crate::ui::time::Moment;
use crate::ui::toast::announce_success;

#[component]
pub fn ProjectDetailPanel(id: String, refresh: RwSignal<u32>) -> impl IntoView {
    // Outside the loaded view, so a reload of the project after an upload keeps the queue.
    super::upload::UploadQueue::provide(refresh);
    let query = use_query_map();
    let open = Memo::new(move |_| {
        let q = query.read();
        (
            q.get("folder").unwrap_or_default(),
            shared::paging::Page::parse(&q.get("fpage").unwrap_or_default()),
        )
    });
    let project = Resource::new(
        move || (refresh.get(), open.get()),
        move |(_, (folder, page))| open_project(id.clone(), folder, page),
    );
    view! { <Loaded from=project show=move |v: ProjectView| view! { <Body v refresh /> } /> }
}

#[component]
fn Body(v: ProjectView, refresh: RwSignal<u32>) -> impl IntoView {
    let d = v.detail;
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let delete = ServerAction::<DeleteProject>::new();
    let confirm = RwSignal::new(false);
    announce_success(delete.version(), delete.value(), move || {
        t_string!(i18n, projects.deleted).to_string()
    });
    Effect::watch(
        move || delete.version().get(),
        move |_, _, _| {
            if matches!(delete.value().get_untracked(), Some(Ok(()))) {
                refresh.update(|n| *n += 1);
                navigate(
                    &PROJECTS.href(&query.read_untracked(), &[("id", ""), ("folder", "")]),
                    Default::default(),
                );
            }
        },
        false,
    );
    let p = d.project.clone();
    let here = |changes: &[(&str, &str)]| PROJECTS.href(&query.read_untracked(), changes);
    let (edit_href, close_href) = (
        here(&[("edit", "1")]),
        here(&[("id", ""), ("edit", ""), ("folder", "")]),
    );
    let open_folder = v.open_folder.clone();
    let (status, files, bytes) = (p.sync_status, p.total_files, p.total_bytes);
    let name = p.name.clone();
    let folder_view = open_folder.as_ref().and_then(|fid| {
        let folder = d.folders.iter().find(|f| &f.id == fid).cloned()?;
        let here = d.assets.iter().filter(|a| a.folder_id.as_deref() == Some(fid.as_str())).cloned().collect::<Vec<_>>();
        Some(view! { <FolderView project=p.id.clone() folder folders=d.folders.clone() assets=here files=v.files.clone() files_page=v.files_page refresh /> })
    });
    view! {
        <article class="detail-panel project-detail">
            <header class="detail-head">
                <h2>{p.name.clone()}</h2>
                <A href=close_href attr:class="button button-quiet detail-close">{t!(i18n, common.close)}</A>
            </header>
            <div class="project-summary">
                {p.cover_image_id.clone().map(|img| view! {
                    <img class="project-cover" src=format!("/media/images/{img}/thumb") alt=move || t_string!(i18n, projects.cover) width="96" height="96" />
                })}
                <dl class="facts">
                    <dt>{t!(i18n, projects.sync)}</dt>
                    <dd>
                        <span class={format!("badge badge-sync-{status}")}>{move || labels::sync(i18n, status)}</span>
                        {p.last_sync_at.map(|ms| view! { " " <span class="muted"><Moment ms /></span> })}
                    </dd>
                    <dt>{t!(i18n, projects.contents)}</dt>
                    <dd>{move || crate::plural_text!(i18n, projects.files, files as u64)}" · "{move || crate::ui::number::file_size(i18n, bytes)}</dd>
                    {(!p.tags.is_empty()).then(|| view! { <dt>{t!(i18n, fields.tags)}</dt><dd>{p.tags.clone()}</dd> })}
                    <dt>{t!(i18n, projects.changed)}</dt>
                    <dd><Moment ms=p.updated_at /></dd>
                </dl>
            </div>
            {(!p.description.is_empty()).then(|| view! { <p class="prewrap">{p.description.clone()}</p> })}
            <div class="inline-actions">
                <A href=edit_href attr:class="button">{t!(i18n, projects.edit)}</A>
                <button type="button" class="button button-danger" on:click=move |_| confirm.set(true)>{t!(i18n, projects.delete)}</button>
            </div>
            <ConfirmDelete open=confirm action=delete id=p.id.clone()
                title=crate::tr!(i18n, projects.delete_title)
                body=Signal::derive(move || t_string!(i18n, projects.delete_body, name = name.clone()).to_string())
                confirm_label=crate::tr!(i18n, projects.delete) />
            <LinksPanel project=p.id.clone() folder=None assets=d.assets.clone() refresh />
            <FolderNav project=p.id.clone() folders=d.folders.clone() open_folder refresh />
            {folder_view}
        </article>
    }
}

/// The folders as tabs of a list: open one, move it up or down, rename, delete, add.
#[component]
fn FolderNav(
    project: String,
    folders: Vec<Folder>,
    open_folder: Option<String>,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let problem = RwSignal::new(None::<AppError>);
    let adding = RwSignal::new(false);
    let project = StoredValue::new(project);
    let count = folders.len();
    let ids = StoredValue::new(folders.iter().map(|f| f.id.clone()).collect::<Vec<_>>());
    let step = Callback::new(move |(from, to): (usize, usize)| {
        let Some(id) = ids.with_value(|all| all.get(from).cloned()) else {
            return;
        };
        let step = to as i64 - from as i64;
        leptos::task::spawn_local(async move {
            match move_project_folder(project.get_value(), id, step).await {
                Ok(()) => {
                    refresh.try_update(|n| *n += 1);
                }
                Err(e) => {
                    problem.try_set(Some(e));
                }
            }
        });
    });
    view! {
        <section class="project-folders" aria-labelledby="folders-heading">
            <div class="section-head">
                <h3 id="folders-heading">{t!(i18n, projects.folders)}</h3>
                <button type="button" class="button button-small" on:click=move |_| adding.set(true)>{t!(i18n, projects.add_folder)}</button>
            </div>
            {(count == 0).then(|| view! { <p class="muted">{t!(i18n, projects.no_folders)}</p> })}
            <ul class="folder-list">
                {folders.into_iter().enumerate().map(|(i, f)| {
                    let href = PROJECTS.href(&query.read_untracked(), &[("folder", &f.id), ("fpage", "")]);
                    let current = open_folder.as_deref() == Some(f.id.as_str());
                    let (files, bytes) = (f.file_count, f.byte_count);
                    view! {
                        <li class="folder-row" class:current=current>
                            <A href=href attr:class="folder-link" attr:aria-current=current.then_some("true")>
                                {f.icon.map(|i| view! { <span aria-hidden="true">{labels::icon(Some(i))}</span> })}
                                <span class="folder-name">{f.name.clone()}</span>
                                <span class="muted folder-count">{move || crate::plural_text!(i18n, projects.files, files as u64)}" · "{move || crate::ui::number::file_size(i18n, bytes)}</span>
                            </A>
                            <span class="folder-actions">
                                <MoveButtons index=i last=count.saturating_sub(1) on_move=step />
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || problem.get().map(|error| view! { <ErrorBanner error /> })}
            <FolderDialog open=adding project=project.get_value() folder=None refresh />
        </section>
    }
}

/// One folder: download, upload, its files and what is linked to it.
#[component]
fn FolderView(
    project: String,
    folder: Folder,
    folders: Vec<Folder>,
    assets: Vec<super::LinkedAsset>,
    files: FilePage,
    files_page: shared::paging::Page,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let renaming = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let delete = ServerAction::<DeleteProjectFolder>::new();
    announce_success(delete.version(), delete.value(), move || {
        t_string!(i18n, projects.folder_deleted).to_string()
    });
    Effect::watch(
        move || delete.version().get(),
        move |_, _, _| refresh.update(|n| *n += 1),
        false,
    );
    let name = folder.name.clone();
    view! {
        <section class="folder-view" aria-labelledby="folder-heading">
            <div class="section-head">
                <h3 id="folder-heading">{folder.icon.map(|i| view! { <span aria-hidden="true">{labels::icon(Some(i))}" "</span> })}{folder.name.clone()}</h3>
                <span class="inline-actions">
                    <a class="button button-small" href=zip_url(&project, &folder.id) download="">{t!(i18n, projects.download_zip)}</a>
                    <button type="button" class="button button-small" on:click=move |_| renaming.set(true)>{t!(i18n, projects.rename_folder)}</button>
                    <button type="button" class="button button-small button-danger" on:click=move |_| confirm.set(true)>{t!(i18n, projects.delete_folder)}</button>
                </span>
            </div>
            <UploadZone project=project.clone() folder=folder.id.clone() refresh />
            <FileTable project=project.clone() folder=folder.id.clone() folders data=files page=files_page refresh />
            <LinksPanel project=project.clone() folder=Some(folder.id.clone()) assets refresh />
            <FolderDialog open=renaming project=project.clone() folder=Some(folder.clone()) refresh />
            <ConfirmFolderDelete open=confirm action=delete project folder=folder.id.clone() name />
        </section>
    }
}

/// Confirms deleting a folder with everything in it.
#[component]
fn ConfirmFolderDelete(
    open: RwSignal<bool>,
    action: ServerAction<DeleteProjectFolder>,
    project: String,
    folder: String,
    name: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = StoredValue::new(name);
    let (project, folder) = (StoredValue::new(project), StoredValue::new(folder));
    view! {
        <crate::ui::dialog::Dialog open title=crate::tr!(i18n, projects.delete_folder_title)>
            <p>{move || t_string!(i18n, projects.delete_folder_body, name = name.get_value()).to_string()}</p>
            <ActionForm action attr:class="dialog-actions">
                <input type="hidden" name="project" value=project.get_value() />
                <input type="hidden" name="id" value=folder.get_value() />
                <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                <button type="submit" class="button button-danger" on:click=move |_| open.set(false)>{t!(i18n, projects.delete_folder)}</button>
            </ActionForm>
            <crate::ui::form::ActionError value=action.value() />
        </crate::ui::dialog::Dialog>
    }
}
