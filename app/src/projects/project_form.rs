//! Creating and editing a project: name, description, tags, a cover from the gallery, and for
//! a new one whether it starts with the default folders.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::api::{get_project, project_link_choices, SaveProject};
use super::{ProjectDetail, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_TAGS_CHARS, PROJECTS};
use crate::i18n::*;
use crate::ui::form::{ActionError, SubmitButton, TextField};
use crate::ui::layout::Loaded;
use crate::ui::toast::announce_success;

/// The project (when editing one) and the images to pick a cover from, in one resource: both
/// server functions run together (awaited one after the other, the second would find the
/// request's state gone) and the form renders once, whole.
async fn load(
    id: Option<String>,
) -> Result<(Option<ProjectDetail>, Vec<(String, String)>), crate::error::AppError> {
    let project = async move {
        match id {
            Some(id) => get_project(id).await.map(Some),
            None => Ok(None),
        }
    };
    let (project, choices) = futures::future::join(project, project_link_choices()).await;
    Ok((project?, choices?.images))
}

#[component]
pub fn ProjectEditor(id: Option<String>, refresh: RwSignal<u32>) -> impl IntoView {
    let id = StoredValue::new(id);
    let record = Resource::new(|| (), move |_| load(id.get_value()));
    view! {
        <Loaded from=record show=move |(p, images): (Option<ProjectDetail>, Vec<(String, String)>)| view! { <Form p images refresh /> } />
    }
}

#[component]
fn Form(
    p: Option<ProjectDetail>,
    images: Vec<(String, String)>,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let save = ServerAction::<SaveProject>::new();
    announce_success(save.version(), save.value(), move || {
        t_string!(i18n, projects.saved).to_string()
    });
    Effect::watch(
        move || save.version().get(),
        move |_, _, _| {
            if let Some(Ok(saved)) = save.value().get_untracked() {
                refresh.update(|n| *n += 1);
                navigate(
                    &PROJECTS.href(&query.read_untracked(), &[("id", &saved.id), ("edit", "")]),
                    Default::default(),
                );
            }
        },
        false,
    );
    let project = p.map(|d| d.project);
    let is_new = project.is_none();
    let text = |f: fn(&super::Project) -> String| project.as_ref().map(f).unwrap_or_default();
    let (id, name, description, tags) = (
        text(|p| p.id.clone()),
        text(|p| p.name.clone()),
        text(|p| p.description.clone()),
        text(|p| p.tags.clone()),
    );
    let cover = project
        .as_ref()
        .and_then(|p| p.cover_image_id.clone())
        .unwrap_or_default();
    let heading = if is_new {
        t_string!(i18n, projects.new).to_string()
    } else {
        name.clone()
    };
    let cancel = if is_new {
        PROJECTS.href(&query.read_untracked(), &[("id", ""), ("edit", "")])
    } else {
        PROJECTS.href(&query.read_untracked(), &[("edit", "")])
    };
    view! {
        <article class="detail-panel project-editor">
            <header class="detail-head">
                <h2>{heading}</h2>
                <A href=cancel attr:class="button button-quiet detail-close">{t!(i18n, common.close)}</A>
            </header>
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="project[id]" value=id />
                <TextField name="project[name]" label=crate::tr!(i18n, fields.name) value=name required=true maxlength=MAX_NAME_CHARS autofocus=true />
                <div class="field">
                    <label for="project-description">{t!(i18n, fields.description)}</label>
                    <textarea id="project-description" name="project[description]" rows="4" maxlength=MAX_DESCRIPTION_CHARS>{description}</textarea>
                </div>
                <TextField name="project[tags]" label=crate::tr!(i18n, fields.tags) value=tags maxlength=MAX_TAGS_CHARS hint=crate::tr!(i18n, projects.tags_hint) />
                <div class="field">
                    <label for="project-cover">{t!(i18n, projects.cover)}</label>
                    <select id="project-cover" name="project[cover_image_id]">
                        <option value="">{t!(i18n, projects.no_cover)}</option>
                        {images.into_iter().map(|(id, title)| {
                            let selected = id == cover;
                            let label = if title.is_empty() { t_string!(i18n, projects.untitled).to_string() } else { title };
                            view! { <option value=id selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {is_new.then(|| view! {
                    <label class="check">
                        <input type="checkbox" name="project[no_default_folders]" value="true" />
                        <span>{t!(i18n, projects.no_default_folders)}</span>
                    </label>
                    <p class="hint">{t!(i18n, projects.default_folders_hint)}</p>
                })}
                <ActionError value=save.value() />
                <div class="inline-actions">
                    <SubmitButton pending=save.pending() label=crate::tr!(i18n, projects.save) pending_label=crate::tr!(i18n, projects.saving) />
                </div>
            </ActionForm>
        </article>
    }
}
