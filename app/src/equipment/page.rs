//! `/equipment`: the inventory beside the open record. Search, filters, order, page and the
//! open record live in the URL (`?q=…&kind=…&status=…&license=…&tag=…&sort=…&page=…&id=…`, with
//! `edit=1` for the editor and `id=new` for a new record), so every view can be bookmarked.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use shared::paging::Page as PageNumber;

use super::api::list_equipment;
use super::detail::EquipmentDetail;
use super::editor::EquipmentEditor;
use super::{
    labels, EquipmentPageData, EquipmentQuery, EquipmentSort, EquipmentStatus, EquipmentType,
    LicenseManagement, INVENTORY, PAGE_SIZE,
};
use crate::i18n::*;
use crate::ui::layout::{Loaded, MasterDetail, Page};
use crate::ui::list::{FilterBar, ItemRow, ListEmpty, PagedList};

#[component]
pub fn EquipmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        EquipmentQuery {
            search: get("q"),
            kind: get("kind"),
            status: get("status"),
            license: get("license"),
            tag: get("tag"),
            sort: get("sort"),
            page: PageNumber::parse(&get("page")),
        }
    });
    let selected = Memo::new(move |_| query.read().get("id"));
    let editing = Memo::new(move |_| query.read().get("edit").is_some_and(|e| e == "1"));
    // Bumped after a save, duplicate or delete so the list shows the change.
    let refresh = RwSignal::new(0u32);
    let list = Resource::new(
        move || (filters.get(), refresh.get()),
        |(f, _)| list_equipment(f),
    );
    let new_href = INVENTORY.path.to_string() + "?id=new";
    view! {
        <Page title=crate::tr!(i18n, equipment.title) actions=move || view! {
            <A href=new_href.clone() attr:class="button button-primary">{t!(i18n, equipment.new)}</A>
        }>
            <MasterDetail
                detail_open=Signal::derive(move || selected.get().is_some())
                master=move || view! {
                    <Loaded from=list show={move |data: EquipmentPageData| view! {
                        <Filters filters tags=data.tags.clone() />
                        <List data filters selected />
                    }} />
                }
                detail=move || view! { {move || match selected.get() {
                    Some(id) if id == "new" => view! { <EquipmentEditor id=None refresh /> }.into_any(),
                    Some(id) if editing.get() => view! { <EquipmentEditor id=Some(id) refresh /> }.into_any(),
                    Some(id) => view! { <EquipmentDetail id refresh /> }.into_any(),
                    None => view! { <p class="empty-state">{t!(i18n, equipment.pick)}</p> }.into_any(),
                }} }
            />
        </Page>
    }
}

#[component]
fn Filters(filters: Memo<EquipmentQuery>, tags: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let f = filters.get_untracked();
    /// A select of a closed set: its values, the current one selected, labels from `label`.
    fn options<T: Copy + Send + Sync + 'static>(
        all: &'static [T],
        current: &str,
        value: fn(T) -> &'static str,
        label: impl Fn(T) -> String + Copy + Send + Sync + 'static,
    ) -> impl IntoView {
        all.iter()
            .map(|&v| {
                let selected = value(v) == current;
                view! { <option value=value(v) selected=selected>{move || label(v)}</option> }
            })
            .collect_view()
    }
    view! {
        <FilterBar url=INVENTORY submit_label=crate::tr!(i18n, equipment.filter)>
            <input type="search" name="q" value=f.search.clone()
                aria-label=move || t_string!(i18n, equipment.search)
                placeholder=move || t_string!(i18n, equipment.search) />
            <select name="kind" aria-label=move || t_string!(i18n, fields.item_type) onchange="this.form.requestSubmit()">
                <option value="">{t!(i18n, equipment.all_types)}</option>
                {options(EquipmentType::ALL, &f.kind, EquipmentType::as_str, move |v| labels::kind(i18n, v))}
            </select>
            <select name="status" aria-label=move || t_string!(i18n, fields.status) onchange="this.form.requestSubmit()">
                <option value="">{t!(i18n, equipment.all_statuses)}</option>
                {options(EquipmentStatus::ALL, &f.status, EquipmentStatus::as_str, move |v| labels::status(i18n, v))}
            </select>
            <select name="license" aria-label=move || t_string!(i18n, fields.license_management) onchange="this.form.requestSubmit()">
                <option value="">{t!(i18n, equipment.all_licenses)}</option>
                {options(LicenseManagement::ALL, &f.license, LicenseManagement::as_str, move |v| labels::license(i18n, Some(v)))}
            </select>
            <select name="tag" aria-label=move || t_string!(i18n, fields.tags) onchange="this.form.requestSubmit()">
                <option value="">{t!(i18n, equipment.all_tags)}</option>
                {tags.into_iter().map(|t| {
                    let selected = t.to_lowercase() == f.tag.to_lowercase();
                    view! { <option value=t.clone() selected=selected>{t.clone()}</option> }
                }).collect_view()}
            </select>
            <select name="sort" aria-label=move || t_string!(i18n, equipment.sort) onchange="this.form.requestSubmit()">
                {options(EquipmentSort::ALL, &f.sort, EquipmentSort::as_str, move |v| labels::sort(i18n, v))}
            </select>
        </FilterBar>
    }
}

#[component]
fn List(
    data: EquipmentPageData,
    filters: Memo<EquipmentQuery>,
    selected: Memo<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let total = data.total;
    let current = filters.get_untracked().page;
    let pages = PageNumber::count(total, PAGE_SIZE);
    let empty = data.items.is_empty().then(|| {
        let new_href = INVENTORY.path.to_string() + "?id=new";
        view! {
            <ListEmpty
                filtered=INVENTORY.is_filtered(&query.read_untracked())
                clear_href=INVENTORY.path.to_string()
                empty=crate::tr!(i18n, equipment.empty)
                no_match=crate::tr!(i18n, equipment.no_match)
                create=move || view! { <A href=new_href.clone() attr:class="button button-primary">{t!(i18n, equipment.new)}</A> }
            />
        }
        .into_any()
    });
    view! {
        <PagedList url=INVENTORY label=crate::tr!(i18n, equipment.title) total current pages empty
            count=Signal::derive(move || crate::plural_text!(i18n, equipment.count, total as u64))>
            {data.items.into_iter().map(|e| {
                let href = INVENTORY.href(&query.read_untracked(), &[("id", &e.id), ("edit", "")]);
                let (kind, status, license) = (e.kind, e.status, e.license_management);
                let badge = format!("badge badge-{status}");
                let sub = [e.manufacturer.as_str(), e.version.as_str()]
                    .into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ");
                view! {
                    <ItemRow href id=e.id.clone() selected>
                        <span class="item-title">{e.name.clone()}</span>
                        <span class="item-meta">
                            <span class="badge">{move || labels::kind(i18n, kind)}</span>" "
                            <span class=badge>{move || labels::status(i18n, status)}</span>" "
                            {license.map(|l| view! { <span class="muted">{move || labels::license(i18n, Some(l))}</span> })}
                        </span>
                        <span class="item-sub">{sub}</span>
                    </ItemRow>
                }
            }).collect_view()}
        </PagedList>
    }
}
