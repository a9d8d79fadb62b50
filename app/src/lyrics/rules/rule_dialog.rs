//! Creating and editing a rule, in a dialog. The pattern is compiled as it is typed, by the
//! engine the server uses, so a mistake shows with its position before anything is sent.

use leptos::prelude::*;
use shared::lyrics::{compile_pattern, RuleKind};

use super::api::SaveLyricRule;
use super::{LyricRule, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, MAX_REPLACEMENT_CHARS};
use crate::i18n::*;
use crate::ui::dialog::Dialog;
use crate::ui::form::ActionError;

#[component]
pub fn RuleDialog(
    open: RwSignal<bool>,
    rule: RwSignal<Option<LyricRule>>,
    save: ServerAction<SaveLyricRule>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pattern = RwSignal::new(String::new());
    Effect::watch(
        move || open.get(),
        move |now, _, _| {
            if *now {
                pattern.set(
                    rule.with_untracked(|r| {
                        r.as_ref().map(|r| r.pattern.clone()).unwrap_or_default()
                    }),
                );
            }
        },
        false,
    );
    Effect::watch(
        move || save.version().get(),
        move |_, _, _| {
            if matches!(save.value().get_untracked(), Some(Ok(_))) {
                open.set(false);
            }
        },
        false,
    );
    let problem = move || {
        let p = pattern.get();
        if p.is_empty() {
            return None;
        }
        compile_pattern(&p).err().map(|e| match e.position {
            Some(at) => t_string!(
                i18n,
                errors.invalid_pattern_at,
                message = e.message,
                at = at + 1
            )
            .to_string(),
            None => t_string!(i18n, errors.invalid_pattern, message = e.message).to_string(),
        })
    };
    let title = Signal::derive(move || {
        if rule.with(Option::is_some) {
            t_string!(i18n, rules.edit_rule).to_string()
        } else {
            t_string!(i18n, rules.new_rule).to_string()
        }
    });
    view! {
        <Dialog open title>
            {move || {
                let r = rule.get();
                let kind = r.as_ref().map_or(RuleKind::Cleanup, |r| r.kind);
                let active = r.as_ref().is_none_or(|r| r.active);
                let value = move |f: fn(&LyricRule) -> String| r.as_ref().map(f).unwrap_or_default();
                view! {
                    <ActionForm action=save attr:class="form">
                        <input type="hidden" name="rule[id]" value=value(|r| r.id.clone()) />
                        <div class="field">
                            <label for="rule-name">{t!(i18n, fields.name)}</label>
                            <input id="rule-name" name="rule[name]" required maxlength=MAX_NAME_CHARS value=value(|r| r.name.clone()) />
                        </div>
                        <div class="field">
                            <label for="rule-pattern">{t!(i18n, fields.pattern)}</label>
                            <input id="rule-pattern" name="rule[pattern]" class="mono" required spellcheck="false"
                                value=value(|r| r.pattern.clone())
                                aria-describedby="rule-pattern-help"
                                aria-invalid=move || problem().is_some().to_string()
                                on:input=move |ev| pattern.set(event_target_value(&ev)) />
                            <p id="rule-pattern-help" class=move || if problem().is_some() { "field-error" } else { "muted" }>
                                {move || problem().unwrap_or_else(|| t_string!(i18n, rules.pattern_help).to_string())}
                            </p>
                        </div>
                        <div class="field">
                            <label for="rule-replacement">{t!(i18n, fields.replacement)}</label>
                            <textarea id="rule-replacement" name="rule[replacement]" class="mono" rows="2" spellcheck="false"
                                maxlength=MAX_REPLACEMENT_CHARS>{value(|r| r.replacement.clone())}</textarea>
                            <p class="muted">{t!(i18n, rules.replacement_help)}</p>
                        </div>
                        <div class="field">
                            <label for="rule-description">{t!(i18n, fields.description)}</label>
                            <textarea id="rule-description" name="rule[description]" rows="2"
                                maxlength=MAX_DESCRIPTION_CHARS>{value(|r| r.description.clone())}</textarea>
                        </div>
                        <div class="form-row">
                            <div class="field">
                                <label for="rule-kind">{t!(i18n, fields.kind)}</label>
                                <select id="rule-kind" name="rule[kind]">
                                    <option value="cleanup" selected=kind == RuleKind::Cleanup>{t!(i18n, rules.kind_cleanup)}</option>
                                    <option value="section" selected=kind == RuleKind::Section>{t!(i18n, rules.kind_section)}</option>
                                </select>
                            </div>
                            <label class="switch">
                                <input type="checkbox" name="rule[active]" value="true" checked=active />
                                <span>{t!(i18n, rules.active)}</span>
                            </label>
                        </div>
                        <ActionError value=save.value() />
                        <div class="dialog-actions">
                            <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, common.cancel)}</button>
                            <button type="submit" class="button button-primary" disabled=move || save.pending().get() || problem().is_some()>
                                {t!(i18n, common.save)}
                            </button>
                        </div>
                    </ActionForm>
                }
            }}
        </Dialog>
    }
}
