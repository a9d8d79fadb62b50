//! OpenAI usage costs: months are fetched from the organization costs API once they are over
//! and kept for good; the running month is refetched at most hourly. Totals come from the
//! cache, never from a fresh API sweep.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
mod panel;
#[cfg(feature = "ssr")]
pub mod refresh;

pub use panel::{money, CostsPanel};

use serde::{Deserialize, Serialize};

/// How many past months the profile shows (and the cache is filled for).
pub const HISTORY_MONTHS: usize = 12;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineItemCost {
    pub line_item: String,
    pub amount: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthCost {
    pub year: i64,
    pub month: u32,
    pub total: f64,
    pub finalized: bool,
    /// Largest first.
    pub line_items: Vec<LineItemCost>,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostSummary {
    pub currency: String,
    /// Newest first; the first is the running month.
    pub months: Vec<MonthCost>,
    pub all_time: f64,
    /// All-time totals per line item, largest first.
    pub line_items: Vec<LineItemCost>,
    /// The numbers come from the demo provider.
    pub demo: bool,
    /// The running month could not be refreshed; its figure is from the last successful fetch.
    pub stale: bool,
}

/// Sums amounts per line item, largest first.
pub fn group_line_items<'a>(items: impl IntoIterator<Item = (&'a str, f64)>) -> Vec<LineItemCost> {
    let mut sums: Vec<LineItemCost> = Vec::new();
    for (name, amount) in items {
        match sums.iter_mut().find(|l| l.line_item == name) {
            Some(l) => l.amount += amount,
            None => sums.push(LineItemCost {
                line_item: name.to_string(),
                amount,
            }),
        }
    }
    sums.sort_by(|a, b| {
        b.amount
            .total_cmp(&a.amount)
            .then_with(|| a.line_item.cmp(&b.line_item))
    });
    sums
}
