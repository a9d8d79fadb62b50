//! The `api_costs_monthly` cache.

use sqlx::Row;

use super::{LineItemCost, MonthCost};
use crate::infra::Db;

pub const OPENAI: &str = "openai";

pub async fn month(
    db: &Db,
    provider: &str,
    year: i64,
    month: u32,
) -> Result<Option<MonthCost>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT total_cost, line_items, is_finalized, last_updated_at FROM api_costs_monthly \
         WHERE provider = $1 AND year = $2 AND month = $3",
    )
    .bind(provider)
    .bind(year)
    .bind(i64::from(month))
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| {
        let items: String = r.try_get("line_items")?;
        Ok(MonthCost {
            year,
            month,
            total: r.try_get("total_cost")?,
            finalized: r.try_get::<i32, _>("is_finalized")? != 0,
            line_items: serde_json::from_str::<Vec<LineItemCost>>(&items).unwrap_or_default(),
            updated_at: r.try_get("last_updated_at")?,
        })
    })
    .transpose()
}

/// Inserts or replaces a month; concurrent refreshes of the same month simply overwrite each
/// other with equal data.
pub async fn upsert(
    db: &Db,
    provider: &str,
    currency: &str,
    m: &MonthCost,
    now: i64,
) -> Result<(), sqlx::Error> {
    let items = serde_json::to_string(&m.line_items).unwrap_or_else(|_| "[]".into());
    sqlx::query(
        "INSERT INTO api_costs_monthly (id, provider, year, month, currency, total_cost, line_items, \
         is_finalized, last_updated_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) \
         ON CONFLICT (provider, year, month) DO UPDATE SET currency = EXCLUDED.currency, \
         total_cost = EXCLUDED.total_cost, line_items = EXCLUDED.line_items, \
         is_finalized = EXCLUDED.is_finalized, last_updated_at = EXCLUDED.last_updated_at",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(provider)
    .bind(m.year)
    .bind(i64::from(m.month))
    .bind(currency)
    .bind(m.total)
    .bind(items)
    .bind(i32::from(m.finalized))
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Every cached month of a provider, newest first.
pub async fn all_months(db: &Db, provider: &str) -> Result<Vec<MonthCost>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT year, month, total_cost, line_items, is_finalized, last_updated_at FROM api_costs_monthly \
         WHERE provider = $1 ORDER BY year DESC, month DESC",
    )
    .bind(provider)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let items: String = r.try_get("line_items")?;
            Ok(MonthCost {
                year: r.try_get("year")?,
                month: r.try_get::<i64, _>("month")? as u32,
                total: r.try_get("total_cost")?,
                finalized: r.try_get::<i32, _>("is_finalized")? != 0,
                line_items: serde_json::from_str(&items).unwrap_or_default(),
                updated_at: r.try_get("last_updated_at")?,
            })
        })
        .collect()
}

/// The currency of the provider's latest recorded month, if any.
pub async fn latest_currency(db: &Db, provider: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT currency FROM api_costs_monthly WHERE provider = $1 \
         ORDER BY year DESC, month DESC LIMIT 1",
    )
    .bind(provider)
    .fetch_optional(&db.pool)
    .await
}
