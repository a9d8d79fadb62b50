//! Songs, sketches and images linked to a folder (or, for images, to the project): shown in
//! place with a player or a thumbnail, opened on their own pages, linked and unlinked here.

use leptos::prelude::*;

use super::api::{
    link_project_asset, move_project_image, project_link_choices, unlink_project_asset,
};
use super::copy::copy_into_project;
use super::{labels, AssetKind, LinkedAsset};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::drag::MoveButtons;
use crate::ui::form::ErrorBanner;

/// Where an asset's own page is.
fn page_of(a: &LinkedAsset) -> String {
    match a.kind {
        AssetKind::Song => format!("/songs?id={}", a.id),
        AssetKind::Sketch => format!("/sketches?id={}", a.id),
        AssetKind::Image => format!("/images?id={}", a.id),
    }
}

#[component]
pub fn LinksPanel(
    project: String,
    folder: Option<String>,
    assets: Vec<LinkedAsset>,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = crate::ui::toast::use_toasts();
    let problem = RwSignal::new(None::<AppError>);
    let project = StoredValue::new(project);
    let folder_id = StoredValue::new(folder.clone().unwrap_or_default());
    let at_project = folder.is_none();
    // The project itself holds images only; a folder holds all three kinds.
    let shown: Vec<LinkedAsset> = assets
        .into_iter()
        .filter(|a| !at_project || (a.kind == AssetKind::Image && a.folder_id.is_none()))
        .collect();
    let unlink = move |a: LinkedAsset| {
        leptos::task::spawn_local(async move {
            let folder = if a.kind == AssetKind::Image {
                folder_id.get_value()
            } else {
                String::new()
            };
            match unlink_project_asset(project.get_value(), folder, a.kind.as_str().into(), a.id)
                .await
            {
                Ok(()) => {
                    refresh.try_update(|n| *n += 1);
                }
                Err(e) => {
                    problem.try_set(Some(e));
                }
            }
        });
    };
    // Images keep an order (a release's artwork first); the buttons move one a place.
    let images: Vec<String> = shown
        .iter()
        .filter(|a| a.kind == AssetKind::Image)
        .map(|a| a.id.clone())
        .collect();
    let last_image = images.len().saturating_sub(1);
    let images = StoredValue::new(images);
    let move_image = Callback::new(move |(from, to): (usize, usize)| {
        let Some(image) = images.with_value(|all| all.get(from).cloned()) else {
            return;
        };
        let step = to as i64 - from as i64;
        leptos::task::spawn_local(async move {
            match move_project_image(project.get_value(), folder_id.get_value(), image, step).await
            {
                Ok(()) => {
                    refresh.try_update(|n| *n += 1);
                }
                Err(e) => {
                    problem.try_set(Some(e));
                }
            }
        });
    });
    let copy = move |a: LinkedAsset| {
        leptos::task::spawn_local(async move {
            match copy_into_project(
                project.get_value(),
                folder_id.get_value(),
                a.kind.as_str().into(),
                a.id,
                false,
            )
            .await
            {
                Ok(path) => {
                    problem.try_set(None);
                    toasts.push(
                        crate::ui::toast::ToastKind::Success,
                        t_string!(i18n, projects.copied, path = path).to_string(),
                    );
                    refresh.try_update(|n| *n += 1);
                }
                Err(e) => {
                    problem.try_set(Some(e));
                }
            }
        });
    };
    let heading = if at_project {
        crate::tr!(i18n, projects.project_images)
    } else {
        crate::tr!(i18n, projects.linked)
    };
    view! {
        <section class="linked-assets">
            // Under the project's own heading (h2) or under the open folder's (h3).
            {if at_project { view! { <h3>{heading}</h3> }.into_any() } else { view! { <h4>{heading}</h4> }.into_any() }}
            {shown.is_empty().then(|| view! { <p class="muted">{if at_project { t_string!(i18n, projects.no_project_images) } else { t_string!(i18n, projects.no_links) }}</p> })}
            <ul class="asset-list">
                {shown.into_iter().map(|a| {
                    let kind = a.kind;
                    let title = if a.title.is_empty() { t_string!(i18n, projects.untitled).to_string() } else { a.title.clone() };
                    let gone = a.clone();
                    let copyable = !at_project && (kind == AssetKind::Image || a.audio_choice.is_some());
                    let to_copy = a.clone();
                    let image_index = (kind == AssetKind::Image && last_image > 0)
                        .then(|| images.with_value(|all| all.iter().position(|id| *id == a.id)))
                        .flatten();
                    view! {
                        <li class="asset-row">
                            {(kind == AssetKind::Image).then(|| view! {
                                <img class="asset-thumb" src=format!("/media/images/{}/thumb", a.id) alt="" width="48" height="48" loading="lazy" />
                            })}
                            <span class="badge">{move || labels::asset(i18n, kind)}</span>
                            <a href=page_of(&a)>{title}</a>
                            {a.audio_choice.clone().map(|c| view! {
                                <audio controls preload="none" src=format!("/media/songs/{c}/mp3")></audio>
                            })}
                            {copyable.then(|| view! {
                                <button type="button" class="button button-small" on:click=move |_| copy(to_copy.clone())>{t!(i18n, projects.copy_as_file)}</button>
                            })}
                            <button type="button" class="button button-small" on:click=move |_| unlink(gone.clone())>{t!(i18n, projects.unlink)}</button>
                            {image_index.map(|index| view! {
                                <span class="asset-order"><MoveButtons index last=last_image on_move=move_image /></span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <LinkForm project folder_id at_project refresh problem />
            {move || problem.get().map(|error| view! { <ErrorBanner error /> })}
        </section>
    }
}

/// "Link…": a kind and one of the user's newest records of it, loaded when opened.
#[component]
fn LinkForm(
    project: StoredValue<String>,
    folder_id: StoredValue<String>,
    at_project: bool,
    refresh: RwSignal<u32>,
    problem: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let kind = RwSignal::new(if at_project {
        AssetKind::Image
    } else {
        AssetKind::Song
    });
    let chosen = RwSignal::new(String::new());
    // Asked for in the browser once the form opens (never while the page renders).
    let choices = crate::ui::browser_data::load_in_browser(move || {
        let open = open.get();
        async move {
            if open {
                project_link_choices().await
            } else {
                Ok(Default::default())
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let asset = chosen.get_untracked();
        if asset.is_empty() {
            return;
        }
        let kind = kind.get_untracked();
        leptos::task::spawn_local(async move {
            match link_project_asset(
                project.get_value(),
                folder_id.get_value(),
                kind.as_str().into(),
                asset,
            )
            .await
            {
                Ok(()) => {
                    problem.try_set(None);
                    open.try_set(false);
                    refresh.try_update(|n| *n += 1);
                }
                Err(e) => {
                    problem.try_set(Some(e));
                }
            }
        });
    };
    let kinds: &'static [AssetKind] = if at_project {
        &[AssetKind::Image]
    } else {
        AssetKind::ALL
    };
    view! {
        {move || (!open.get()).then(|| view! {
            <button type="button" class="button button-small" on:click=move |_| open.set(true)>{t!(i18n, projects.link)}</button>
        })}
        {move || open.get().then(|| view! {
            <form class="link-form" on:submit=submit>
                <select aria-label=move || t_string!(i18n, fields.kind) on:change=move |ev| { kind.set(AssetKind::parse(&event_target_value(&ev)).unwrap_or(AssetKind::Image)); chosen.set(String::new()); }>
                    {kinds.iter().map(|&k| view! { <option value=k.as_str() selected=move || kind.get() == k>{move || labels::asset(i18n, k)}</option> }).collect_view()}
                </select>
                {move || {
                    let c = choices.get().and_then(Result::ok).unwrap_or_default();
                    let list = match kind.get() {
                        AssetKind::Song => c.songs,
                        AssetKind::Sketch => c.sketches,
                        AssetKind::Image => c.images,
                    };
                    view! {
                        <select aria-label=move || t_string!(i18n, projects.pick_asset) on:change=move |ev| chosen.set(event_target_value(&ev))>
                            <option value="">{t!(i18n, projects.pick_asset)}</option>
                            {list.into_iter().map(|(id, title)| {
                                let title = if title.is_empty() { t_string!(i18n, projects.untitled).to_string() } else { title };
                                view! { <option value=id>{title}</option> }
                            }).collect_view()}
                        </select>
                    }
                }}
                <button type="submit" class="button button-small button-primary" disabled=move || chosen.with(String::is_empty)>{t!(i18n, projects.link)}</button>
                <button type="button" class="button button-small" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
            </form>
        })}
    }
}
