//! Adding a folder and renaming one: name, type and icon in a dialog.

use leptos::prelude::*;

use super::files_api::{AddProjectFolder, UpdateProjectFolder};
use super::{labels, Folder, FolderIcon, FolderType, MAX_FOLDER_CHARS};
use crate::i18n::*;
use crate::ui::dialog::Dialog;
use crate::ui::form::{ActionError, SubmitButton, TextField};
use crate::ui::toast::announce_success;

#[component]
pub fn FolderDialog(
    open: RwSignal<bool>,
    project: String,
    folder: Option<Folder>,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = if folder.is_some() {
        crate::tr!(i18n, projects.rename_folder)
    } else {
        crate::tr!(i18n, projects.add_folder)
    };
    let (name, kind, icon) = match &folder {
        Some(f) => (f.name.clone(), f.folder_type, f.icon),
        None => (String::new(), FolderType::Custom, None),
    };
    let name = StoredValue::new(name);
    let project = StoredValue::new(project);
    let folder_id = folder.map(|f| f.id);
    let is_new = folder_id.is_none();
    let folder_id = StoredValue::new(folder_id.unwrap_or_default());
    let fields = move || {
        view! {
            <TextField name="folder[name]" label=crate::tr!(i18n, fields.name) value=name.get_value() required=true maxlength=MAX_FOLDER_CHARS />
            <div class="form-row">
                <div class="field">
                    <label for="folder-type">{t!(i18n, fields.item_type)}</label>
                    <select id="folder-type" name="folder[folder_type]">
                        {FolderType::ALL.iter().map(|&k| view! {
                            <option value=k.as_str() selected=k == kind>{move || folder_type(i18n, k)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="folder-icon">{t!(i18n, fields.icon)}</label>
                    <select id="folder-icon" name="folder[icon]">
                        <option value="">{t!(i18n, projects.no_icon)}</option>
                        {FolderIcon::ALL.iter().map(|&i| view! {
                            <option value=i.as_str() selected=Some(i) == icon>{labels::icon(Some(i))}" "{i.as_str()}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
        }
    };
    let add = ServerAction::<AddProjectFolder>::new();
    let update = ServerAction::<UpdateProjectFolder>::new();
    let message = move || {
        if is_new {
            t_string!(i18n, projects.folder_added)
        } else {
            t_string!(i18n, projects.saved)
        }
        .to_string()
    };
    announce_success(add.version(), add.value(), message);
    announce_success(update.version(), update.value(), message);
    let close_on_success = move |ok: bool| {
        if ok {
            open.set(false);
            refresh.update(|n| *n += 1);
        }
    };
    Effect::watch(
        move || add.version().get(),
        move |_, _, _| close_on_success(matches!(add.value().get_untracked(), Some(Ok(_)))),
        false,
    );
    Effect::watch(
        move || update.version().get(),
        move |_, _, _| close_on_success(matches!(update.value().get_untracked(), Some(Ok(())))),
        false,
    );
    view! {
        <Dialog open title>
            {move || if is_new {
                view! {
                    <ActionForm action=add attr:class="form">
                        <input type="hidden" name="project" value=project.get_value() />
                        {fields()}
                        <ActionError value=add.value() />
                        <div class="inline-actions">
                            <SubmitButton pending=add.pending() label=crate::tr!(i18n, projects.add_folder) pending_label=crate::tr!(i18n, projects.saving) />
                        </div>
                    </ActionForm>
                }.into_any()
            } else {
                view! {
                    <ActionForm action=update attr:class="form">
                        <input type="hidden" name="project" value=project.get_value() />
                        <input type="hidden" name="id" value=folder_id.get_value() />
                        {fields()}
                        <ActionError value=update.value() />
                        <div class="inline-actions">
                            <SubmitButton pending=update.pending() label=crate::tr!(i18n, projects.save) pending_label=crate::tr!(i18n, projects.saving) />
                        </div>
                    </ActionForm>
                }.into_any()
            }}
        </Dialog>
    }
}

fn folder_type(i18n: leptos_i18n::I18nContext<Locale>, t: FolderType) -> String {
    match t {
        FolderType::Arrangement => t_string!(i18n, projects.folder_arrangement),
        FolderType::Mixing => t_string!(i18n, projects.folder_mixing),
        FolderType::Mastering => t_string!(i18n, projects.folder_mastering),
        FolderType::Stems => t_string!(i18n, projects.folder_stems),
        FolderType::References => t_string!(i18n, projects.folder_references),
        FolderType::Artwork => t_string!(i18n, projects.folder_artwork),
        FolderType::Ideas => t_string!(i18n, projects.folder_ideas),
        FolderType::Custom => t_string!(i18n, projects.folder_custom),
    }
    .to_string()
}
