//! A conversation's settings: the form that starts one and the same fields in its settings
//! dialog. The model picker lists both providers' models, grouped; a provider that cannot be
//! reached says why in its group.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::api::{CreateConversation, UpdateConversation};
use super::{
    model_choice, Conversation, ConversationForm, ModelGroup, MAX_REPLY_TOKENS, MAX_SYSTEM_CHARS,
    MAX_TITLE_CHARS,
};
use crate::i18n::*;
use crate::ui::dialog::Dialog;
use crate::ui::error_text::error_text;
use crate::ui::form::ActionError;
use crate::ui::form_check::FormCheck;

/// The fields, named `form[…]`, filled from `current`.
#[component]
fn SettingsFields(
    groups: Vec<ModelGroup>,
    current: ConversationForm,
    prefix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = move |name: &str| format!("{prefix}-{name}");
    let chosen = current.model.clone();
    // A provider that could not be reached says so (its message names it) beside the picker.
    let unreachable: Vec<String> = groups
        .iter()
        .filter_map(|g| g.error.as_ref().map(|e| error_text(i18n, e)))
        .collect();
    let any_model = groups.iter().any(|g| !g.models.is_empty());
    view! {
        <div class="field">
            <label for=id("model")>{t!(i18n, fields.model)}</label>
            <select id=id("model") name="form[model]" required>
                {(!any_model).then(|| view! { <option value="">{t!(i18n, chat.no_models)}</option> })}
                {groups.iter().map(|g| {
                    let provider = g.provider;
                    let label = match &g.error {
                        Some(e) => format!("{} ({})", provider.label(), error_text(i18n, e)),
                        None => provider.label().to_string(),
                    };
                    view! {
                        <optgroup label=label>
                            {g.models.iter().map(|m| {
                                let value = model_choice(provider, m);
                                let selected = value == chosen;
                                view! { <option value=value selected=selected>{m.clone()}</option> }
                            }).collect_view()}
                        </optgroup>
                    }
                }).collect_view()}
            </select>
            {unreachable.into_iter().map(|note| view! { <p class="hint" role="status">{note}</p> }).collect_view()}
        </div>
        <div class="field">
            <label for=id("title")>{t!(i18n, fields.title)}</label>
            <input id=id("title") name="form[title]" maxlength=MAX_TITLE_CHARS value=current.title.clone()
                placeholder=move || t_string!(i18n, chat.title_placeholder) />
        </div>
        <div class="field">
            <label for=id("system")>{t!(i18n, fields.system_context)}</label>
            <textarea id=id("system") name="form[system_context]" rows="4" maxlength=MAX_SYSTEM_CHARS
                placeholder=move || t_string!(i18n, chat.system_placeholder)>{current.system_context.clone()}</textarea>
        </div>
        <div class="form-row">
            <div class="field">
                <label for=id("temperature")>{t!(i18n, fields.temperature)}</label>
                <input id=id("temperature") name="form[temperature]" type="number" min="0" max="2" step="0.1"
                    value=current.temperature.to_string() required />
            </div>
            <div class="field">
                <label for=id("max-reply")>{t!(i18n, chat.max_reply)}</label>
                <input id=id("max-reply") name="form[max_reply_tokens]" type="number" min="1" max=MAX_REPLY_TOKENS
                    value=current.max_reply_tokens.to_string() required />
            </div>
        </div>
    }
}

/// `/chat?id=new`: starts a conversation and opens it.
#[component]
pub fn NewConversation(groups: Vec<ModelGroup>, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateConversation>::new();
    let checked =
        FormCheck::new(|c: &CreateConversation| super::request::check_settings(&c.form).map(drop));
    let navigate = use_navigate();
    Effect::watch(
        move || create.version().get(),
        move |_, _, _| {
            if let Some(Ok(id)) = create.value().get_untracked() {
                refresh.update(|n| *n += 1);
                navigate(&format!("/chat?id={id}"), Default::default());
            }
        },
        false,
    );
    let mut current = ConversationForm::default();
    if let Some((g, m)) = groups.iter().find_map(|g| g.models.first().map(|m| (g, m))) {
        current.model = model_choice(g.provider, m);
    }
    view! {
        <article class="detail-panel">
            <header class="detail-head">
                <h2>{t!(i18n, chat.new)}</h2>
                <a href="/chat" class="button button-quiet detail-close">{t!(i18n, common.close)}</a>
            </header>
            <ActionForm action=create attr:class="form" on:submit:capture=checked.on_submit() on:input=checked.on_input()>
                <SettingsFields groups current prefix="new" />
                {checked.problem()}
                <ActionError value=create.value() />
                <div class="inline-actions">
                    <button type="submit" class="button button-primary" disabled=move || create.pending().get()>
                        {t!(i18n, chat.start)}
                    </button>
                </div>
            </ActionForm>
        </article>
    }
}

/// The settings dialog of an open conversation.
#[component]
pub fn SettingsDialog(
    open: RwSignal<bool>,
    /// Read each time the dialog opens, so it shows the settings as they are now.
    conversation: RwSignal<Conversation>,
    groups: Vec<ModelGroup>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let update = ServerAction::<UpdateConversation>::new();
    let checked =
        FormCheck::new(|u: &UpdateConversation| super::request::check_settings(&u.form).map(drop));
    Effect::watch(
        move || update.version().get(),
        move |_, _, _| {
            if let Some(Ok(())) = update.value().get_untracked() {
                open.set(false);
                on_saved.run(());
            }
        },
        false,
    );
    let groups = StoredValue::new(groups);
    view! {
        <Dialog open title=crate::tr!(i18n, chat.settings)>
            {move || {
                let c = conversation.get_untracked();
                let id = c.id.clone();
                let current = ConversationForm {
                    model: model_choice(c.provider, &c.model),
                    title: c.title.clone(),
                    system_context: c.system_context.clone(),
                    temperature: c.temperature,
                    max_reply_tokens: c.max_reply_tokens,
                };
                let groups = groups.get_value();
                view! {
                    <ActionForm action=update attr:class="form" on:submit:capture=checked.on_submit() on:input=checked.on_input()>
                        <input type="hidden" name="id" value=id />
                        <SettingsFields groups current prefix="settings" />
                        {checked.problem()}
                        <ActionError value=update.value() />
                        <div class="inline-actions">
                            <button type="submit" class="button button-primary" disabled=move || update.pending().get()>{t!(i18n, common.save)}</button>
                            <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                        </div>
                    </ActionForm>
                }
            }}
        </Dialog>
    }
}
