//! On a song's, sketch's or image's own page: the projects (and folders) it belongs to, and
//! adding it to one. Shown through `ui::asset_places`, which the router fills with [`panel`].

use leptos::prelude::*;

use super::api::{link_project_asset, project_choices};
use super::{AssetKind, PROJECTS};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::form::ErrorBanner;

/// One place an asset is linked to.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AssetPlace {
    pub project_id: String,
    pub project_name: String,
    pub folder_id: Option<String>,
    pub folder_name: Option<String>,
}

#[server(endpoint = "asset_places")]
pub async fn asset_places(kind: String, id: String) -> Result<Vec<AssetPlace>, AppError> {
    let (state, user) = crate::auth::signed_in().await?;
    let kind = AssetKind::parse(&kind).ok_or(AppError::BadRequest)?;
    crate::infra::record_id(&id)?;
    let places = super::db::places(&state.db, &user.id, kind, &id).await?;
    Ok(places
        .into_iter()
        .map(
            |(project_id, project_name, folder_id, folder_name)| AssetPlace {
                project_id,
                project_name,
                folder_id,
                folder_name,
            },
        )
        .collect())
}

/// The panel for `ui::asset_places::AssetPlaces`.
pub fn panel(kind: &'static str, id: String) -> AnyView {
    match AssetKind::parse(kind) {
        Some(kind) if !id.is_empty() => view! { <InAsset kind id /> }.into_any(),
        _ => ().into_any(),
    }
}

#[component]
fn InAsset(kind: AssetKind, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let changed = RwSignal::new(0u32);
    let id = StoredValue::new(id);
    // Loaded in the browser after the asset's page hydrated (see `ui::browser_data`).
    let places = crate::ui::browser_data::load_in_browser(move || {
        changed.track();
        asset_places(kind.as_str().into(), id.get_value())
    });
    let adding = RwSignal::new(false);
    view! {
        <section class="asset-places">
            <h3>{t!(i18n, projects.in_projects)}</h3>
            {move || places.get().map(|loaded| match loaded {
                Ok(list) if list.is_empty() => view! { <p class="muted">{t!(i18n, projects.in_no_project)}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="asset-list">
                        {list.into_iter().map(|p| {
                            let mut pairs = vec![("id", p.project_id.clone())];
                            if let Some(f) = &p.folder_id {
                                pairs.push(("folder", f.clone()));
                            }
                            let label = match &p.folder_name {
                                Some(f) => format!("{} › {f}", p.project_name),
                                None => p.project_name.clone(),
                            };
                            view! { <li><a href=PROJECTS.with(pairs)>{label}</a></li> }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(error) => view! { <ErrorBanner error /> }.into_any(),
            })}
            {move || if adding.get() {
                view! { <AddToProject kind id=id.get_value() adding changed /> }.into_any()
            } else {
                view! { <button type="button" class="button button-small" on:click=move |_| adding.set(true)>{t!(i18n, projects.add_to_project)}</button> }.into_any()
            }}
        </section>
    }
}

/// Picks a project and folder (images may stay at the project itself) and links the asset.
#[component]
fn AddToProject(
    kind: AssetKind,
    id: String,
    adding: RwSignal<bool>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choices = crate::ui::browser_data::load_in_browser(project_choices);
    let target = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<AppError>);
    let id = StoredValue::new(id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((project, folder)) = target
            .get_untracked()
            .split_once('/')
            .map(|(p, f)| (p.to_string(), f.to_string()))
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            match link_project_asset(project, folder, kind.as_str().into(), id.get_value()).await {
                Ok(()) => {
                    adding.try_set(false);
                    changed.try_update(|n| *n += 1);
                }
                Err(e) => {
                    problem.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <form class="link-form" on:submit=submit>
            {move || choices.get().map(|loaded| {
                let projects = loaded.unwrap_or_default();
                if projects.is_empty() {
                    return view! { <p class="muted">{t!(i18n, projects.no_projects_yet)}" "<a href=PROJECTS.path.to_string() + "?id=new">{t!(i18n, projects.new)}</a></p> }.into_any();
                }
                view! {
                    <select aria-label=move || t_string!(i18n, projects.pick_place) on:change=move |ev| target.set(event_target_value(&ev))>
                        <option value="">{t!(i18n, projects.pick_place)}</option>
                        {projects.into_iter().map(|p| view! {
                            <optgroup label=p.name.clone()>
                                {(kind == AssetKind::Image).then(|| view! { <option value=format!("{}/", p.id)>{p.name.clone()}</option> })}
                                {p.folders.into_iter().map(|(fid, fname)| view! { <option value=format!("{}/{fid}", p.id)>{format!("{} › {fname}", p.name)}</option> }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                    </select>
                }.into_any()
            })}
            <button type="submit" class="button button-small button-primary" disabled=move || target.with(String::is_empty)>{t!(i18n, projects.link)}</button>
            <button type="button" class="button button-small" on:click=move |_| adding.set(false)>{t!(i18n, common.cancel)}</button>
            {move || problem.get().map(|error| view! { <ErrorBanner error /> })}
        </form>
    }
}
