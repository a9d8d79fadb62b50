//! `/projects`: the project list beside the open project. Search, tag, page, the open project
//! and its open folder live in the URL (`?q=…&tag=…&page=…&id=…&folder=…`, `edit=1` for the
//! editor, `id=new` for a new project), so every view can be bookmarked.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use shared::paging::Page as PageNumber;

use super::api::list_projects;
use super::detail::ProjectDetailPanel;
use super::project_form::ProjectEditor;
use super::{labels, ProjectPageData, ProjectQuery, PAGE_SIZE, PROJECTS};
use crate::i18n::*;
use crate::ui::layout::{Loaded, MasterDetail, Page};
use crate::ui::list::{FilterBar, ItemRow, ListEmpty, PagedList};

#[component]
pub fn ProjectsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        ProjectQuery {
            search: get("q"),
            tag: get("tag"),
            page: PageNumber::parse(&get("page")),
        }
    });
    let selected = Memo::new(move |_| query.read().get("id"));
    let editing = Memo::new(move |_| query.read().get("edit").is_some_and(|e| e == "1"));
    // Bumped after a change so the list shows it.
    let refresh = RwSignal::new(0u32);
    let list = Resource::new(
        move || (filters.get(), refresh.get()),
        |(f, _)| list_projects(f),
    );
    let new_href = PROJECTS.path.to_string() + "?id=new";
    view! {
        <Page title=crate::tr!(i18n, projects.title) actions=move || view! {
            <A href=new_href.clone() attr:class="button button-primary">{t!(i18n, projects.new)}</A>
        }>
            <MasterDetail
                detail_open=Signal::derive(move || selected.get().is_some())
                master=move || view! {
                    <Loaded from=list show={move |data: ProjectPageData| view! {
                        <Filters filters tags=data.tags.clone() />
                        <List data filters selected />
                    }} />
                }
                detail=move || view! { {move || match selected.get() {
                    Some(id) if id == "new" => view! { <ProjectEditor id=None refresh /> }.into_any(),
                    Some(id) if editing.get() => view! { <ProjectEditor id=Some(id) refresh /> }.into_any(),
                    Some(id) => view! { <ProjectDetailPanel id refresh /> }.into_any(),
                    None => view! { <p class="empty-state">{t!(i18n, projects.pick)}</p> }.into_any(),
                }} }
            />
        </Page>
    }
}

#[component]
fn Filters(filters: Memo<ProjectQuery>, tags: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let f = filters.get_untracked();
    view! {
        <FilterBar url=PROJECTS submit_label=crate::tr!(i18n, projects.filter)>
            <input type="search" name="q" value=f.search.clone()
                aria-label=move || t_string!(i18n, projects.search)
                placeholder=move || t_string!(i18n, projects.search) />
            <select name="tag" aria-label=move || t_string!(i18n, fields.tags) onchange="this.form.requestSubmit()">
                <option value="">{t!(i18n, projects.all_tags)}</option>
                {tags.into_iter().map(|t| {
                    let selected = t.to_lowercase() == f.tag.to_lowercase();
                    view! { <option value=t.clone() selected=selected>{t.clone()}</option> }
                }).collect_view()}
            </select>
        </FilterBar>
    }
}

#[component]
fn List(
    data: ProjectPageData,
    filters: Memo<ProjectQuery>,
    selected: Memo<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let total = data.total;
    let current = filters.get_untracked().page;
    let pages = PageNumber::count(total, PAGE_SIZE);
    let empty = data.items.is_empty().then(|| {
        let new_href = PROJECTS.path.to_string() + "?id=new";
        view! {
            <ListEmpty
                filtered=PROJECTS.is_filtered(&query.read_untracked())
                clear_href=PROJECTS.path.to_string()
                empty=crate::tr!(i18n, projects.empty)
                no_match=crate::tr!(i18n, projects.no_match)
                create=move || view! { <A href=new_href.clone() attr:class="button button-primary">{t!(i18n, projects.new)}</A> }
            />
        }
        .into_any()
    });
    view! {
        <PagedList url=PROJECTS label=crate::tr!(i18n, projects.title) total current pages empty
            count=Signal::derive(move || crate::plural_text!(i18n, projects.count, total as u64))>
            {data.items.into_iter().map(|p| {
                let href = PROJECTS.href(&query.read_untracked(), &[("id", &p.id), ("edit", ""), ("folder", "")]);
                let (status, files, bytes) = (p.sync_status, p.total_files, p.total_bytes);
                let tags = p.tag_list();
                view! {
                    <ItemRow href id=p.id.clone() selected>
                        <span class="item-title">{p.name.clone()}</span>
                        <span class="item-meta">
                            <span class={format!("badge badge-sync-{status}")}>{move || labels::sync(i18n, status)}</span>" "
                            <span class="muted">
                                {move || crate::plural_text!(i18n, projects.files, files as u64)}" · "
                                {move || crate::ui::number::file_size(i18n, bytes)}
                            </span>
                        </span>
                        {(!tags.is_empty()).then(|| view! {
                            <span class="item-sub">{tags.join(" · ")}</span>
                        })}
                    </ItemRow>
                }
            }).collect_view()}
        </PagedList>
    }
}
