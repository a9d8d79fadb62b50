//! The test bench of the rules page: a sample lyric before and after the active rules, in
//! order, recomputed as it is typed (the same engine the editor and the server run).

use leptos::prelude::*;
use shared::lyrics::{RuleKind, RuleSet};

use super::{engine_rules, LyricRule};
use crate::i18n::*;

/// A lyric with something for every default rule to do.
const SAMPLE: &str = "** Verse 1: **\r\nI walk alone   \r\nThrough “empty” streets — it’s late\n\n\n\nand the night is cold\n**Chorus**\nStay with me";

#[component]
pub fn TestPanel(rules: Vec<LyricRule>) -> impl IntoView {
    let i18n = use_i18n();
    let sample = RwSignal::new(SAMPLE.replace("\r\n", "\n"));
    let scope = RwSignal::new(None::<RuleKind>);
    let compiled = StoredValue::new(RuleSet::compile(&engine_rules(&rules)));
    let after = move || {
        let text = sample.get();
        let kind = scope.get();
        compiled.with_value(|set| match set {
            Ok(set) => set.apply(&text, kind),
            Err((name, e)) => format!("{name}: {}", e.message),
        })
    };
    let pick = move |ev| {
        scope.set(match event_target_value(&ev).as_str() {
            "cleanup" => Some(RuleKind::Cleanup),
            "section" => Some(RuleKind::Section),
            _ => None,
        })
    };
    view! {
        <section class="test-panel" aria-labelledby="rules-test-title">
            <h2 id="rules-test-title">{t!(i18n, rules.test_title)}</h2>
            <label class="inline-field">
                <span>{t!(i18n, rules.test_scope)}</span>
                <select on:change=pick>
                    <option value="all">{t!(i18n, rules.scope_all)}</option>
                    <option value="cleanup">{t!(i18n, rules.kind_cleanup)}</option>
                    <option value="section">{t!(i18n, rules.kind_section)}</option>
                </select>
            </label>
            <div class="test-columns">
                <div class="field">
                    <label for="rules-before">{t!(i18n, rules.before)}</label>
                    <textarea id="rules-before" class="mono" rows="10" spellcheck="false"
                        prop:value=move || sample.get() on:input=move |ev| sample.set(event_target_value(&ev))>
                        {sample.get_untracked()}
                    </textarea>
                </div>
                <div class="field">
                    <span class="label" id="rules-after-label">{t!(i18n, rules.after)}</span>
                    <pre class="mono test-after" aria-labelledby="rules-after-label" aria-live="polite">{after}</pre>
                </div>
            </div>
        </section>
    }
}
