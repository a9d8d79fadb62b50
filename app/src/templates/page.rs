//! `/templates`: the list of prompt templates beside an editor with a test bench.

use crate::ui::list::ItemRow;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{list_templates, SaveTemplate, TestTemplate};
use super::{labels, PromptTemplate};
use crate::demo::DemoBanner;
use crate::i18n::*;
use crate::ui::form::ActionError;
use crate::ui::form_check::FormCheck;
use crate::ui::layout::{Loaded, MasterDetail, Page};
use crate::ui::toast::announce_success;

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveTemplate>::new();
    let templates = Resource::new(move || save.version().get(), |_| list_templates());
    let query = use_query_map();
    let selected = Memo::new(move |_| query.read().get("id"));
    announce_success(save.version(), save.value(), move || {
        t_string!(i18n, templates.saved).to_string()
    });
    view! {
        <Page title=crate::tr!(i18n, templates.title)>
            <p class="muted">{t!(i18n, templates.intro)}</p>
            <DemoBanner />
            <Loaded from=templates show={move |list: Vec<PromptTemplate>| {
                let list = StoredValue::new(list);
                let current = Signal::derive(move || {
                    let id = selected.get()?;
                    list.read_value().iter().find(|t| t.id == id).cloned()
                });
                view! {
                    <MasterDetail
                        detail_open=Signal::derive(move || current.get().is_some())
                        master=move || view! { <TemplateList list=list.get_value() selected /> }
                        detail=move || view! { {move || match current.get() {
                            Some(t) => view! { <TemplateEditor template=t save /> }.into_any(),
                            None => view! {
                                <p class="empty-state">{t!(i18n, templates.pick)}</p>
                            }.into_any(),
                        }} }
                    />
                }
            }} />
        </Page>
    }
}

#[component]
fn TemplateList(list: Vec<PromptTemplate>, selected: Memo<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="item-list" aria-label=move || t_string!(i18n, templates.title)>
            {list.into_iter().map(|t| {
                let (named, described) = (t.clone(), t.clone());
                view! {
                    <ItemRow href=format!("?id={}", t.id) id=t.id.clone() selected>
                            <span class="item-title">{move || labels::name(i18n.get_locale(), &named)}</span>
                            <span class="item-meta">
                                {format!("v{} · {}", t.version, t.model)}
                                {(!t.active).then(|| view! { <span class="badge">{t!(i18n, templates.inactive)}</span> })}
                            </span>
                            <span class="item-sub">{move || labels::description(i18n.get_locale(), &described)}</span>
                    </ItemRow>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn TemplateEditor(template: PromptTemplate, save: ServerAction<SaveTemplate>) -> impl IntoView {
    let i18n = use_i18n();
    let is_admin = crate::auth::is_admin();
    let test = ServerAction::<TestTemplate>::new();
    let checked = FormCheck::new(|s: &SaveTemplate| super::edit::check(&s.edit).map(drop));
    let t = template;
    let locale = i18n.get_locale_untracked();
    let named = t.clone();
    let heading = move || labels::name(i18n.get_locale(), &named);
    let id_for_test = t.id.clone();
    view! {
        <div class="detail-panel">
            <header class="detail-head">
                <h2>{heading}</h2>
                <A href="?" attr:class="button button-quiet detail-close">{t!(i18n, common.close)}</A>
            </header>
            <p class="muted">{format!("v{}", t.version)}</p>
            <ActionForm action=save attr:class="form" on:submit:capture=checked.on_submit() on:input=checked.on_input()>
                {checked.problem()}
                <ActionError value=save.value() />
                <fieldset disabled=!is_admin class="plain-fieldset">
                    <input type="hidden" name="edit[id]" value=t.id.clone() />
                    <div class="field">
                        <label for="tpl-description">{t!(i18n, templates.description)}</label>
                        <input id="tpl-description" name="edit[description]" value=labels::description(locale, &t) />
                    </div>
                    <div class="field">
                        <label for="tpl-pre">{t!(i18n, templates.pre_condition)}</label>
                        <textarea id="tpl-pre" name="edit[pre_condition]" rows="5">{t.pre_condition.clone()}</textarea>
                        <p class="hint">{t!(i18n, templates.pre_hint)}</p>
                    </div>
                    <div class="field">
                        <label for="tpl-post">{t!(i18n, templates.post_condition)}</label>
                        <textarea id="tpl-post" name="edit[post_condition]" rows="3">{t.post_condition.clone()}</textarea>
                        <p class="hint">{t!(i18n, templates.post_hint)}</p>
                    </div>
                    <div class="form-row">
                        <div class="field">
                            <label for="tpl-model">{t!(i18n, fields.model)}</label>
                            <input id="tpl-model" name="edit[model]" value=t.model.clone() required />
                        </div>
                        <div class="field">
                            <label for="tpl-temperature">{t!(i18n, fields.temperature)}</label>
                            <input id="tpl-temperature" name="edit[temperature]" type="number" min="0" max="2" step="0.05" value=t.temperature.to_string() />
                        </div>
                        <div class="field">
                            <label for="tpl-max-tokens">{t!(i18n, fields.max_tokens)}</label>
                            <input id="tpl-max-tokens" name="edit[max_tokens]" type="number" min="1" max="32768" value=t.max_tokens.to_string() />
                        </div>
                    </div>
                    <label class="check">
                        <input type="checkbox" name="edit[active]" value="true" checked=t.active />
                        {t!(i18n, templates.active)}
                    </label>
                </fieldset>
                {if is_admin {
                    view! { <button type="submit" class="button button-primary">{t!(i18n, common.save)}</button> }.into_any()
                } else {
                    view! { <p class="hint">{t!(i18n, templates.admin_only)}</p> }.into_any()
                }}
            </ActionForm>
            <section class="test-bench">
                <h3>{t!(i18n, templates.test_title)}</h3>
                <ActionForm action=test attr:class="form">
                    <input type="hidden" name="id" value=id_for_test />
                    <div class="field">
                        <label for="tpl-input">{t!(i18n, templates.test_input)}</label>
                        <textarea id="tpl-input" name="input" rows="3" required></textarea>
                    </div>
                    <button type="submit" class="button" disabled=move || test.pending().get()>
                        {move || if test.pending().get() {
                            view! { <span class="spinner" aria-hidden="true"></span>{t!(i18n, templates.testing)} }.into_any()
                        } else {
                            t!(i18n, templates.test_run).into_any()
                        }}
                    </button>
                </ActionForm>
                <ActionError value=test.value() />
                {move || test.value().get().and_then(Result::ok).map(|answer| view! {
                    <div class="test-answer" aria-live="polite">
                        <h4>{t!(i18n, templates.test_answer)}</h4>
                        <p>{answer}</p>
                    </div>
                })}
            </section>
        </div>
    }
}
