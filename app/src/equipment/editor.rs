//! Creating and editing a record. Secrets are write-only here: the form never receives them;
//! a stored one shows as "stored", an empty field keeps it, a box removes it.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::api::{get_equipment, SaveEquipment};
use super::*;
use crate::i18n::*;
use crate::ui::form::{ActionError, TextField};
use crate::ui::form_check::FormCheck;
use crate::ui::layout::Loaded;
use crate::ui::toast::announce_success;

#[component]
pub fn EquipmentEditor(id: Option<String>, refresh: RwSignal<u32>) -> impl IntoView {
    match id {
        None => view! { <Form e=None refresh /> }.into_any(),
        Some(id) => {
            let record = Resource::new(|| (), move |_| get_equipment(id.clone()));
            view! { <Loaded from=record show=move |e: Equipment| view! { <Form e=Some(e) refresh /> } /> }
                .into_any()
        }
    }
}

#[component]
fn Form(e: Option<Equipment>, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let save = ServerAction::<SaveEquipment>::new();
    let checked = FormCheck::new(|s: &SaveEquipment| request::check(&s.equipment).map(drop));
    announce_success(save.version(), save.value(), move || {
        t_string!(i18n, equipment.saved).to_string()
    });
    Effect::watch(
        move || save.version().get(),
        move |_, _, _| {
            if let Some(Ok(saved)) = save.value().get_untracked() {
                refresh.update(|n| *n += 1);
                let to =
                    INVENTORY.href(&query.read_untracked(), &[("id", &saved.id), ("edit", "")]);
                navigate(&to, Default::default());
            }
        },
        false,
    );
    let is_new = e.is_none();
    let e = StoredValue::new(e);
    let text =
        move |f: fn(&Equipment) -> String| e.with_value(|e| e.as_ref().map(f).unwrap_or_default());
    let stored = move |s: Secret| e.with_value(|e| e.as_ref().is_some_and(|e| e.has(s)));
    let kind = e.with_value(|e| e.as_ref().map_or(EquipmentType::Plugin, |e| e.kind));
    let status = e.with_value(|e| e.as_ref().map_or(EquipmentStatus::Active, |e| e.status));
    let license = e.with_value(|e| e.as_ref().and_then(|e| e.license_management));
    let heading = if is_new {
        t_string!(i18n, equipment.new).to_string()
    } else {
        text(|e| e.name.clone())
    };
    // Closing a new record's form closes the panel; an existing one's goes back to its details.
    let cancel = if is_new {
        INVENTORY.href(&query.read_untracked(), &[("id", ""), ("edit", "")])
    } else {
        INVENTORY.href(&query.read_untracked(), &[("edit", "")])
    };
    // A secret's note and its "remove" box, when one is stored.
    let keep = move |s: Secret, clear: &'static str| {
        stored(s).then(|| view! {
            <p class="hint">{t!(i18n, equipment.keep_hint)}</p>
            <label class="check"><input type="checkbox" name=clear value="true" /><span>{t!(i18n, equipment.remove)}</span></label>
        })
    };
    view! {
        <article class="detail-panel equipment-editor">
            <header class="detail-head">
                <h2>{heading}</h2>
                <A href=cancel attr:class="button button-quiet detail-close">{t!(i18n, common.close)}</A>
            </header>
            <ActionForm action=save attr:class="form" attr:autocomplete="off" on:submit:capture=checked.on_submit() on:input=checked.on_input()>
                <input type="hidden" name="equipment[id]" value=text(|e| e.id.clone()) />
                <fieldset class="plain-fieldset">
                    <legend>{t!(i18n, equipment.section_general)}</legend>
                    <div class="form-row">
                        <div class="field">
                            <label for="eq-kind">{t!(i18n, fields.item_type)}</label>
                            <select id="eq-kind" name="equipment[kind]">
                                {EquipmentType::ALL.iter().map(|&k| view! {
                                    <option value=k.as_str() selected=k == kind>{move || labels::kind(i18n, k)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="eq-status">{t!(i18n, fields.status)}</label>
                            <select id="eq-status" name="equipment[status]">
                                {EquipmentStatus::ALL.iter().map(|&s| view! {
                                    <option value=s.as_str() selected=s == status>{move || labels::status(i18n, s)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
                    <TextField name="equipment[name]" label=crate::tr!(i18n, fields.name) value=text(|e| e.name.clone()) required=true maxlength=MAX_NAME_CHARS />
                    <div class="form-row">
                        <TextField name="equipment[manufacturer]" label=crate::tr!(i18n, fields.manufacturer) value=text(|e| e.manufacturer.clone()) maxlength=MAX_MANUFACTURER_CHARS />
                        <TextField name="equipment[version]" label=crate::tr!(i18n, fields.version) value=text(|e| e.version.clone()) maxlength=MAX_VERSION_CHARS />
                    </div>
                    <TextField name="equipment[url]" label=crate::tr!(i18n, fields.url) value=text(|e| e.url.clone()) maxlength=MAX_URL_CHARS kind="url" />
                    <div class="form-row">
                        <TextField name="equipment[software_tags]" label=crate::tr!(i18n, fields.software_tags) value=text(|e| e.software_tags.clone()) />
                        <TextField name="equipment[plugin_tags]" label=crate::tr!(i18n, fields.plugin_tags) value=text(|e| e.plugin_tags.clone()) />
                    </div>
                    <div class="field">
                        <label for="eq-description">{t!(i18n, fields.description)}</label>
                        <textarea id="eq-description" name="equipment[description]" rows="3">{text(|e| e.description.clone())}</textarea>
                    </div>
                </fieldset>
                <fieldset class="plain-fieldset">
                    <legend>{t!(i18n, equipment.section_access)}</legend>
                    <p class="muted">{t!(i18n, equipment.secrets_note)}</p>
                    <div class="form-row">
                        <TextField name="equipment[username]" label=crate::tr!(i18n, fields.username) value=text(|e| e.username.clone()) maxlength=MAX_USERNAME_CHARS autocomplete="off" />
                        <div class="field">
                            <label for="eq-password">{t!(i18n, auth.password)}</label>
                            <input id="eq-password" name="equipment[password]" type="password" autocomplete="new-password" maxlength=MAX_PASSWORD_CHARS />
                            {keep(Secret::Password, "equipment[clear_password]")}
                        </div>
                    </div>
                    <div class="field">
                        <label for="eq-license">{t!(i18n, fields.license_management)}</label>
                        <select id="eq-license" name="equipment[license_management]">
                            <option value="" selected=license.is_none()>{t!(i18n, equipment.license_none)}</option>
                            {LicenseManagement::ALL.iter().map(|&l| view! {
                                <option value=l.as_str() selected=Some(l) == license>{move || labels::license(i18n, Some(l))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="eq-license-key">{t!(i18n, fields.license_key)}</label>
                        <textarea id="eq-license-key" name="equipment[license_key]" class="mono" rows="2" spellcheck="false" autocomplete="off"></textarea>
                        {keep(Secret::LicenseKey, "equipment[clear_license_key]")}
                    </div>
                    <div class="field">
                        <label for="eq-license-description">{t!(i18n, fields.license_description)}</label>
                        <textarea id="eq-license-description" name="equipment[license_description]" rows="2">{text(|e| e.license_description.clone())}</textarea>
                    </div>
                </fieldset>
                <fieldset class="plain-fieldset">
                    <legend>{t!(i18n, equipment.section_purchase)}</legend>
                    <div class="form-row">
                        <div class="field">
                            <label for="eq-purchase-date">{t!(i18n, fields.purchase_date)}</label>
                            <input id="eq-purchase-date" name="equipment[purchase_date]" type="date" value=text(|e| e.purchase_date.clone().unwrap_or_default()) />
                        </div>
                        <div class="field">
                            <label for="eq-price">{t!(i18n, fields.price)}</label>
                            <input id="eq-price" name="equipment[price_amount]" inputmode="decimal" placeholder="199.00" autocomplete="off" />
                        </div>
                        <div class="field">
                            <label for="eq-currency">{t!(i18n, fields.currency)}</label>
                            <input id="eq-currency" name="equipment[price_currency]" maxlength="3" placeholder="EUR" autocomplete="off" class="short" />
                        </div>
                    </div>
                    {keep(Secret::Price, "equipment[clear_price]")}
                    <div class="field">
                        <label for="eq-requirements">{t!(i18n, fields.system_requirements)}</label>
                        <textarea id="eq-requirements" name="equipment[system_requirements]" rows="3">{text(|e| e.system_requirements.clone())}</textarea>
                    </div>
                </fieldset>
                {checked.problem()}
                <ActionError value=save.value() />
                <div class="inline-actions">
                    <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t!(i18n, common.save)}</button>
                </div>
            </ActionForm>
        </article>
    }
}
