//! `/sketches/rules`: the parsing rules in execution order. Everyone sees them and tries them in
//! the test panel; administrators reorder (drag and drop, Alt+↑/↓, or the arrows), switch,
//! create, edit and delete them.

use leptos::prelude::*;

use super::api::{
    list_lyric_rules, reorder_lyric_rules, set_lyric_rule_active, DeleteLyricRule, SaveLyricRule,
};
use super::rule_dialog::RuleDialog;
use super::test_panel::TestPanel;
use super::LyricRule;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::dialog::ConfirmDelete;
use crate::ui::drag::{MoveButtons, ReorderItem};
use crate::ui::form::ErrorBanner;
use crate::ui::layout::{Loaded, Page};
use crate::ui::toast::announce_success;
use shared::lyrics::RuleKind;

pub fn kind_name(i18n: leptos_i18n::I18nContext<Locale>, kind: RuleKind) -> String {
    match kind {
        RuleKind::Cleanup => t_string!(i18n, rules.kind_cleanup).to_string(),
        RuleKind::Section => t_string!(i18n, rules.kind_section).to_string(),
    }
}

#[component]
pub fn RulesPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveLyricRule>::new();
    let delete = ServerAction::<DeleteLyricRule>::new();
    let changed = RwSignal::new(0u32);
    let rules = Resource::new(
        move || (save.version().get(), delete.version().get(), changed.get()),
        |_| list_lyric_rules(),
    );
    announce_success(save.version(), save.value(), move || {
        t_string!(i18n, rules.saved).to_string()
    });
    announce_success(delete.version(), delete.value(), move || {
        t_string!(i18n, rules.deleted).to_string()
    });
    let editing = RwSignal::new(None::<LyricRule>);
    let dialog_open = RwSignal::new(false);
    let admin = crate::auth::is_admin();
    view! {
        <Page title=crate::tr!(i18n, rules.title) actions={move || admin.then(|| view! {
            <button type="button" class="button button-primary" on:click=move |_| { editing.set(None); dialog_open.set(true); }>
                {t!(i18n, rules.new_rule)}
            </button>
        })}>
            <p class="muted">{t!(i18n, rules.intro)}</p>
            <Loaded from=rules show={move |list: Vec<LyricRule>| view! {
                <div class="rules-layout">
                    <RuleList list=list.clone() admin changed editing dialog_open delete />
                    <TestPanel rules=list />
                </div>
            }} />
            <RuleDialog open=dialog_open rule=editing save />
        </Page>
    }
}

#[component]
fn RuleList(
    list: Vec<LyricRule>,
    admin: bool,
    changed: RwSignal<u32>,
    editing: RwSignal<Option<LyricRule>>,
    dialog_open: RwSignal<bool>,
    delete: ServerAction<DeleteLyricRule>,
) -> impl IntoView {
    let i18n = use_i18n();
    let order = RwSignal::new(list);
    let dragging = RwSignal::new(None::<usize>);
    let problem = RwSignal::new(None::<AppError>);
    let to_delete = RwSignal::new(None::<LyricRule>);
    let confirm = RwSignal::new(false);
    // Moves a rule and stores the new order; a refusal reloads what the server has. One move
    // at a time, so the orders cannot reach the server in another sequence.
    let moving = RwSignal::new(false);
    let move_rule = move |from: usize, to: usize| {
        let len = order.with_untracked(Vec::len);
        if !admin || moving.get_untracked() || from >= len || to >= len || from == to {
            return;
        }
        moving.set(true);
        order.update(|o| {
            let rule = o.remove(from);
            o.insert(to, rule);
        });
        let ids = order.with_untracked(|o| o.iter().map(|r| r.id.clone()).collect());
        leptos::task::spawn_local(async move {
            let answer = reorder_lyric_rules(ids).await;
            let _ = moving.try_set(false);
            match answer {
                Ok(()) => problem.set(None),
                Err(e) => {
                    problem.set(Some(e));
                    changed.update(|n| *n += 1);
                }
            }
        });
    };
    let toggle = move |id: String, active: bool| {
        leptos::task::spawn_local(async move {
            if let Err(e) = set_lyric_rule_active(id, active).await {
                problem.set(Some(e));
            }
            changed.update(|n| *n += 1);
        });
    };
    view! {
        {move || problem.get().map(|error| view! { <ErrorBanner error /> })}
        <ol class="rule-list" aria-label=move || t_string!(i18n, rules.title)>
            {move || {
                let last = order.with(Vec::len).saturating_sub(1);
                let locale = i18n.get_locale();
                order.get().into_iter().enumerate().map(|(i, rule)| {
                    let rule = super::labels::shown(locale, &rule);
                    let (id, edit_rule, del_rule) = (rule.id.clone(), rule.clone(), rule.clone());
                    view! {
                        <ReorderItem class={if rule.active { "rule" } else { "rule is-inactive" }}
                            index=i last dragging movable=admin
                            on_move=Callback::new(move |(from, to)| move_rule(from, to))>
                            <span class="rule-position">{i + 1}</span>
                            <div class="rule-main">
                                <strong>{rule.name.clone()}</strong>
                                <span class="badge">{kind_name(i18n, rule.kind)}</span>
                                <code class="rule-pattern">{rule.pattern.clone()}</code>
                                <p class="muted">{rule.description.clone()}</p>
                            </div>
                            <div class="rule-actions">
                                <label class="switch">
                                    <input type="checkbox" checked=rule.active disabled=!admin
                                        on:change=move |ev| toggle(id.clone(), event_target_checked(&ev)) />
                                    <span>{t!(i18n, rules.active)}</span>
                                </label>
                                {admin.then(|| view! {
                                    <MoveButtons index=i last on_move=Callback::new(move |(from, to)| move_rule(from, to)) />
                                    <button type="button" class="button" on:click=move |_| { editing.set(Some(edit_rule.clone())); dialog_open.set(true); }>
                                        {t!(i18n, common.edit)}
                                    </button>
                                    <button type="button" class="button button-danger" on:click=move |_| { to_delete.set(Some(del_rule.clone())); confirm.set(true); }>
                                        {t!(i18n, common.delete)}
                                    </button>
                                })}
                            </div>
                        </ReorderItem>
                    }
                }).collect_view()
            }}
        </ol>
        {move || to_delete.get().map(|rule| view! {
            <ConfirmDelete open=confirm action=delete id=rule.id.clone()
                title=crate::tr!(i18n, rules.delete_title)
                body=Signal::derive(move || t_string!(i18n, rules.delete_body, name = rule.name.clone()).to_string())
                confirm_label=crate::tr!(i18n, common.delete) />
        })}
    }
}
