//! The cost section of the profile page: running month, all-time total, breakdown by line
//! item and a small month history with bars, so the trend is seen rather than read.

use leptos::prelude::*;

use super::api::get_costs;
use super::CostSummary;
use crate::i18n::*;
use crate::ui::async_card::AsyncCard;

/// `12.34 USD` / `12,34 USD`.
pub fn money(i18n: leptos_i18n::I18nContext<Locale>, amount: f64, currency: &str) -> String {
    format!(
        "{} {}",
        crate::ui::number::decimal(i18n, amount, 2),
        currency.to_uppercase()
    )
}

#[component]
pub fn CostsPanel() -> impl IntoView {
    let i18n = use_i18n();
    let costs = Resource::new(|| (), |_| get_costs());
    view! {
        <AsyncCard
            title=crate::tr!(i18n, costs.title)
            class="costs"
            data=costs
            loading=crate::tr!(i18n, costs.loading)
            content=|summary| view! { <Summary summary /> }
        />
    }
}

#[component]
fn Summary(summary: CostSummary) -> impl IntoView {
    let i18n = use_i18n();
    let cur = summary.currency.clone();
    let current = summary.months.first().cloned();
    let max = summary
        .months
        .iter()
        .map(|m| m.total)
        .fold(0.0_f64, f64::max)
        .max(0.01);
    let c = cur.clone();
    view! {
        {summary.demo.then(|| view! { <p class="banner banner-info">{t!(i18n, costs.demo)}</p> })}
        {summary.stale.then(|| view! { <p class="banner banner-info">{t!(i18n, costs.stale)}</p> })}
        <div class="stat-row">
            <div class="stat">
                <span class="stat-label">{t!(i18n, costs.this_month)}</span>
                <span class="stat-value">{current.as_ref().map(|m| money(i18n, m.total, &cur)).unwrap_or_default()}</span>
            </div>
            <div class="stat">
                <span class="stat-label">{t!(i18n, costs.all_time)}</span>
                <span class="stat-value">{money(i18n, summary.all_time, &cur)}</span>
            </div>
        </div>
        <h3>{t!(i18n, costs.by_item)}</h3>
        <table class="table">
            <thead><tr><th scope="col">{t!(i18n, costs.item)}</th><th scope="col" class="num">{t!(i18n, costs.amount)}</th></tr></thead>
            <tbody>
                {summary.line_items.iter().map(|l| view! {
                    <tr><td>{line_item_label(i18n, &l.line_item)}</td><td class="num">{money(i18n, l.amount, &c)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <h3>{t!(i18n, costs.history)}</h3>
        <ul class="bars">
            {summary.months.iter().map(|m| {
                let pct = (m.total / max * 100.0).clamp(0.0, 100.0);
                view! {
                    <li>
                        <span class="bar-label">{crate::ui::time::month_text(i18n, m.year, m.month)}</span>
                        <span class="bar"><span class="bar-fill" style=format!("width: {pct:.1}%")></span></span>
                        <span class="bar-value num">{money(i18n, m.total, &cur)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// A line item as the user reads it: OpenAI's own names as they come, the one the app names
/// itself (costs the API did not attribute, stored as `other`) in the user's language.
fn line_item_label(i18n: leptos_i18n::I18nContext<Locale>, name: &str) -> String {
    match name {
        "other" => t_string!(i18n, costs.other_item).to_string(),
        _ => name.to_string(),
    }
}
