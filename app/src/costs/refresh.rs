//! Filling the cost cache from the provider: which months need a fetch, and the fetch itself.

use shared::calendar::{month_start, next_month, previous_month, year_month};

use super::{db, group_line_items, CostSummary, MonthCost, HISTORY_MONTHS};
use crate::error::AppError;
use crate::state::AppState;

/// How long the running month's figure is trusted.
pub const CURRENT_MONTH_TTL_MS: i64 = 3600 * 1000;

/// What to do with one month given its cache row.
#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
    Keep,
    Fetch { finalize: bool },
}

/// Past months are fetched once, after they ended, and then never again; the running month
/// is fetched when missing or older than the TTL.
pub fn plan(cached: Option<&MonthCost>, is_current: bool, now_ms: i64) -> Plan {
    match (cached, is_current) {
        (Some(m), false) if m.finalized => Plan::Keep,
        (_, false) => Plan::Fetch { finalize: true },
        (Some(m), true) if now_ms - m.updated_at < CURRENT_MONTH_TTL_MS => Plan::Keep,
        (_, true) => Plan::Fetch { finalize: false },
    }
}

async fn fetch_month(
    state: &AppState,
    year: i64,
    month: u32,
    end: i64,
    finalize: bool,
) -> Result<(MonthCost, String), AppError> {
    let entries = state
        .providers
        .openai
        .costs(month_start(year, month), end)
        .await?;
    let currency = entries
        .first()
        .map(|e| e.currency.clone())
        .unwrap_or_else(|| "usd".into());
    let line_items = group_line_items(entries.iter().map(|e| (e.line_item.as_str(), e.amount)));
    let total = line_items.iter().map(|l| l.amount).sum();
    Ok((
        MonthCost {
            year,
            month,
            total,
            finalized: finalize,
            line_items,
            updated_at: 0,
        },
        currency,
    ))
}

/// Brings the cache up to date as far as needed and summarises it.
pub async fn summary(state: &AppState, now_ms: i64) -> Result<CostSummary, AppError> {
    let now_secs = now_ms / 1000;
    let (cy, cm) = year_month(now_secs);
    let mut stale = false;
    let mut month = (cy, cm);
    for i in 0..=HISTORY_MONTHS {
        let is_current = i == 0;
        let cached = db::month(&state.db, db::OPENAI, month.0, month.1).await?;
        if let Plan::Fetch { finalize } = plan(cached.as_ref(), is_current, now_ms) {
            let (ny, nm) = next_month(month.0, month.1);
            let end = if is_current {
                now_secs
            } else {
                month_start(ny, nm)
            };
            match fetch_month(state, month.0, month.1, end, finalize).await {
                Ok((fresh, currency)) => {
                    db::upsert(&state.db, db::OPENAI, &currency, &fresh, now_ms).await?
                }
                // Without any figure for the running month there is nothing honest to show.
                Err(e) if is_current && cached.is_none() => return Err(e),
                Err(e) => {
                    tracing::warn!(error = ?e, year = month.0, month = month.1, "cost refresh failed");
                    stale |= is_current;
                }
            }
        }
        month = previous_month(month.0, month.1);
    }
    let months = db::all_months(&state.db, db::OPENAI).await?;
    let all_time = months.iter().map(|m| m.total).sum();
    let line_items = group_line_items(months.iter().flat_map(|m| {
        m.line_items
            .iter()
            .map(|l| (l.line_item.as_str(), l.amount))
    }));
    let currency = db::latest_currency(&state.db, db::OPENAI)
        .await?
        .unwrap_or_else(|| "usd".into());
    Ok(CostSummary {
        currency,
        months: months.into_iter().take(HISTORY_MONTHS + 1).collect(),
        all_time,
        line_items,
        demo: state.providers.openai.endpoint.demo,
        stale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(finalized: bool, updated_at: i64) -> MonthCost {
        MonthCost {
            year: 2026,
            month: 10,
            total: 1.0,
            finalized,
            line_items: vec![],
            updated_at,
        }
    }

    #[test]
    fn past_months_are_fetched_once_and_current_hourly() {
        let now = 10 * CURRENT_MONTH_TTL_MS;
        assert_eq!(plan(None, false, now), Plan::Fetch { finalize: true });
        assert_eq!(
            plan(Some(&month(true, 0)), false, now),
            Plan::Keep,
            "final is final"
        );
        assert_eq!(
            plan(Some(&month(false, now)), false, now),
            Plan::Fetch { finalize: true },
            "a month that just ended"
        );
        assert_eq!(plan(None, true, now), Plan::Fetch { finalize: false });
        assert_eq!(
            plan(Some(&month(false, now - 60_000)), true, now),
            Plan::Keep
        );
        assert_eq!(
            plan(Some(&month(false, now - CURRENT_MONTH_TTL_MS)), true, now),
            Plan::Fetch { finalize: false }
        );
    }
}
