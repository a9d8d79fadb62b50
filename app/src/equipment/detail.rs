//! The open record: its fields, its secrets masked until asked for (each reveal and each copy
//! is its own request), and edit, duplicate and delete.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::api::{get_equipment, reveal_equipment_secret, DeleteEquipment, DuplicateEquipment};
use super::{labels, Equipment, Secret, INVENTORY};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::dialog::{ConfirmDelete, Dialog};
use crate::ui::form::{ActionError, ErrorBanner};
use crate::ui::layout::Loaded;
use crate::ui::toast::announce_success;

#[component]
pub fn EquipmentDetail(id: String, refresh: RwSignal<u32>) -> impl IntoView {
    let record = Resource::new(move || refresh.get(), move |_| get_equipment(id.clone()));
    view! { <Loaded from=record show=move |e: Equipment| view! { <Record e refresh /> } /> }
}

#[component]
fn Record(e: Equipment, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let delete = ServerAction::<DeleteEquipment>::new();
    let confirm = RwSignal::new(false);
    let duplicating = RwSignal::new(false);
    announce_success(delete.version(), delete.value(), move || {
        t_string!(i18n, equipment.deleted).to_string()
    });
    Effect::watch(
        move || delete.version().get(),
        move |_, _, _| {
            if matches!(delete.value().get_untracked(), Some(Ok(()))) {
                refresh.update(|n| *n += 1);
                navigate(
                    &INVENTORY.href(&query.read_untracked(), &[("id", "")]),
                    Default::default(),
                );
            }
        },
        false,
    );
    let here = |changes: &[(&str, &str)]| INVENTORY.href(&query.read_untracked(), changes);
    let (edit_href, close_href) = (here(&[("edit", "1")]), here(&[("id", ""), ("edit", "")]));
    let row = |label: String, value: String| {
        (!value.is_empty()).then(|| view! { <dt>{label}</dt><dd>{value}</dd> })
    };
    let (kind, status, license) = (e.kind, e.status, e.license_management);
    let name = e.name.clone();
    view! {
        <article class="detail-panel equipment-detail">
            <header class="detail-head">
                <h2>{e.name.clone()}</h2>
                <A href=close_href attr:class="button button-quiet detail-close">{t!(i18n, common.close)}</A>
            </header>
            <p class="item-meta">
                <span class="badge">{move || labels::kind(i18n, kind)}</span>" "
                <span class={format!("badge badge-{status}")}>{move || labels::status(i18n, status)}</span>
            </p>
            <dl class="facts">
                {row(t_string!(i18n, fields.manufacturer).to_string(), e.manufacturer.clone())}
                {row(t_string!(i18n, fields.version).to_string(), e.version.clone())}
                {(!e.url.is_empty()).then(|| view! {
                    <dt>{t!(i18n, equipment.open_site)}</dt>
                    <dd><a href=e.url.clone() target="_blank" rel="noopener noreferrer">{e.url.clone()}</a></dd>
                })}
                {row(t_string!(i18n, fields.software_tags).to_string(), e.software_tags.clone())}
                {row(t_string!(i18n, fields.plugin_tags).to_string(), e.plugin_tags.clone())}
                {row(t_string!(i18n, fields.username).to_string(), e.username.clone())}
                <dt>{t!(i18n, fields.license_management)}</dt>
                <dd>{move || labels::license(i18n, license)}</dd>
                {row(t_string!(i18n, fields.license_description).to_string(), e.license_description.clone())}
                {row(t_string!(i18n, equipment.purchased).to_string(), e.purchase_date.clone().unwrap_or_default())}
                <SecretRow id=e.id.clone() secret=Secret::Password present=e.has_password
                    label=crate::tr!(i18n, auth.password) />
                <SecretRow id=e.id.clone() secret=Secret::LicenseKey present=e.has_license_key
                    label=crate::tr!(i18n, fields.license_key) />
                <SecretRow id=e.id.clone() secret=Secret::Price present=e.has_price
                    label=crate::tr!(i18n, fields.price) />
            </dl>
            {(!e.description.is_empty()).then(|| view! { <p class="prewrap">{e.description.clone()}</p> })}
            {(!e.system_requirements.is_empty()).then(|| view! {
                <h3>{t!(i18n, fields.system_requirements)}</h3>
                <p class="prewrap">{e.system_requirements.clone()}</p>
            })}
            <p class="muted">{t!(i18n, equipment.secrets_note)}</p>
            <div class="inline-actions">
                <A href=edit_href attr:class="button button-primary">{t!(i18n, equipment.edit)}</A>
                <button type="button" class="button" on:click=move |_| duplicating.set(true)>{t!(i18n, equipment.duplicate)}</button>
                <button type="button" class="button button-danger" on:click=move |_| confirm.set(true)>{t!(i18n, equipment.delete)}</button>
            </div>
            <DuplicateDialog open=duplicating original=e.clone() refresh />
            <ConfirmDelete open=confirm action=delete id=e.id.clone()
                title=crate::tr!(i18n, equipment.delete_title)
                body=Signal::derive(move || t_string!(i18n, equipment.delete_body, name = name.clone()).to_string())
                confirm_label=crate::tr!(i18n, equipment.delete) />
        </article>
    }
}

/// A secret, masked: "Show" fetches and shows it, "Copy" fetches and copies it.
#[component]
fn SecretRow(id: String, secret: Secret, present: bool, label: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<AppError>);
    let copy = crate::ui::clipboard::copier(move || t_string!(i18n, equipment.copied).to_string());
    let id = StoredValue::new(id);
    let fetch = move |then: fn(String, RwSignal<Option<String>>, &dyn Fn(String))| {
        leptos::task::spawn_local(async move {
            match reveal_equipment_secret(id.get_value(), secret.as_str().to_string()).await {
                Ok(text) => {
                    problem.set(None);
                    then(text, shown, &copy);
                }
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    let toggle = move |_| {
        if shown.with_untracked(Option::is_some) {
            shown.set(None);
        } else {
            fetch(|text, shown, _| shown.set(Some(text)));
        }
    };
    let copy_it = move |_| fetch(|text, _, copy| copy(text));
    view! {
        <dt>{label}</dt>
        <dd class="secret">
            {if present {
                view! {
                    <code class="secret-value" aria-live="polite">{move || shown.get().unwrap_or_else(|| "••••••••".into())}</code>
                    <button type="button" class="button button-small" aria-label=move || format!("{} {}", t_string!(i18n, equipment.show), label.get())
                        on:click=toggle>{move || if shown.with(Option::is_some) { t_string!(i18n, equipment.hide) } else { t_string!(i18n, equipment.show) }}</button>
                    <button type="button" class="button button-small" aria-label=move || format!("{} {}", t_string!(i18n, equipment.copy), label.get())
                        on:click=copy_it>{t!(i18n, equipment.copy)}</button>
                }.into_any()
            } else {
                view! { <span class="muted">{t!(i18n, equipment.not_stored)}</span> }.into_any()
            }}
            {move || problem.get().map(|error| view! { <ErrorBanner error /> })}
        </dd>
    }
}

/// Duplicate: everything but the secrets, each of which is copied only when ticked.
#[component]
fn DuplicateDialog(
    open: RwSignal<bool>,
    original: Equipment,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let query = use_query_map();
    let action = ServerAction::<DuplicateEquipment>::new();
    announce_success(action.version(), action.value(), move || {
        t_string!(i18n, equipment.duplicated).to_string()
    });
    Effect::watch(
        move || action.version().get(),
        move |_, _, _| {
            if let Some(Ok(copy)) = action.value().get_untracked() {
                open.set(false);
                refresh.update(|n| *n += 1);
                // The copy opens in the editor; the list keeps its search and filters.
                let to =
                    INVENTORY.href(&query.read_untracked(), &[("id", &copy.id), ("edit", "1")]);
                navigate(&to, Default::default());
            }
        },
        false,
    );
    let original = StoredValue::new(original);
    // As the server names a copy: the original's name shortened so the suffix fits.
    let copy_name = move || {
        let suffix = t_string!(i18n, equipment.copy_suffix).to_string();
        let keep = super::MAX_NAME_CHARS.saturating_sub(suffix.chars().count() + 1);
        let name: String = original.with_value(|o| o.name.chars().take(keep).collect());
        format!("{name} {suffix}")
    };
    let tick = move |secret: Secret, name: &'static str, label: Signal<String>| {
        original.with_value(|o| o.has(secret)).then(|| {
            view! {
                <label class="check">
                    <input type="checkbox" name=name value="true" />
                    <span>{label}</span>
                </label>
            }
        })
    };
    view! {
        <Dialog open title=crate::tr!(i18n, equipment.duplicate_title)>
            <ActionForm action attr:class="form">
                <p class="muted">{t!(i18n, equipment.duplicate_intro)}</p>
                <input type="hidden" name="id" value=original.with_value(|o| o.id.clone()) />
                <div class="field">
                    <label for="copy-name">{t!(i18n, equipment.copy_name)}</label>
                    <input id="copy-name" name="name" maxlength=super::MAX_NAME_CHARS prop:value=copy_name value=copy_name />
                </div>
                {tick(Secret::Password, "copy[password]", crate::tr!(i18n, equipment.copy_password))}
                {tick(Secret::LicenseKey, "copy[license_key]", crate::tr!(i18n, equipment.copy_license_key))}
                {tick(Secret::Price, "copy[price]", crate::tr!(i18n, equipment.copy_price))}
                <ActionError value=action.value() />
                <div class="inline-actions">
                    <button type="submit" class="button button-primary" disabled=move || action.pending().get()>{t!(i18n, equipment.duplicate)}</button>
                </div>
            </ActionForm>
        </Dialog>
    }
}
