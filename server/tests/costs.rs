//! OpenAI costs through the cache, against the demo provider over HTTP.

mod common;

use app::costs::api::GetCosts;
use shared::calendar::{month_start, next_month, previous_month, year_month};

/// What the mock charges for a month: per day `(day % 7 + 1) × (0.04 + 0.0015)`.
fn mock_month_total(y: i64, m: u32) -> f64 {
    let (ny, nm) = next_month(y, m);
    (month_start(y, m) / 86_400..month_start(ny, nm) / 86_400)
        .map(|day| (day % 7 + 1) as f64 * (0.04 + 0.0015))
        .sum()
}

async fn updated_at(app: &common::TestApp, y: i64, m: u32) -> i64 {
    sqlx::query_scalar(
        "SELECT last_updated_at FROM api_costs_monthly WHERE year = $1 AND month = $2",
    )
    .bind(y)
    .bind(i64::from(m))
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

both_backends!(
    costs_are_cached_by_month_and_shown_to_the_admin,
    [],
    |app| async move {
        let admin = app.admin("admin@example.org").await;
        let member = app.member("member@example.org").await;
        assert_eq!(member.run_err(GetCosts {}).await.0, 403);

        let summary = admin.run_ok(GetCosts {}).await;
        assert!(summary.demo);
        assert_eq!(summary.currency, "usd");
        let months = &summary.months;
        assert_eq!(months.len(), 13, "the running month and twelve before it");
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let (cy, cm) = year_month(now);
        assert_eq!((months[0].year, months[0].month), (cy, cm));
        assert!(!months[0].finalized);
        let (py, pm) = previous_month(cy, cm);
        assert!(months[1].finalized);
        let past_total = months[1].total;
        assert!(
            (past_total - mock_month_total(py, pm)).abs() < 1e-6,
            "{past_total} vs {}",
            mock_month_total(py, pm)
        );
        let sum: f64 = months.iter().map(|m| m.total).sum();
        assert!((summary.all_time - sum).abs() < 1e-6);
        let items: Vec<&str> = summary
            .line_items
            .iter()
            .map(|l| l.line_item.as_str())
            .collect();
        assert_eq!(
            items,
            ["Image models", "gpt-4o-mini, input"],
            "largest first"
        );

        // A second look within the hour fetches nothing: every row keeps its timestamp.
        let past_stamp = updated_at(&app, py, pm).await;
        let current_stamp = updated_at(&app, cy, cm).await;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        admin.run_ok(GetCosts {}).await;
        assert_eq!(updated_at(&app, py, pm).await, past_stamp);
        assert_eq!(updated_at(&app, cy, cm).await, current_stamp);

        // After an hour the running month is refetched; finished months never are.
        sqlx::query("UPDATE api_costs_monthly SET last_updated_at = last_updated_at - 7200000")
            .execute(&app.db.pool)
            .await
            .unwrap();
        admin.run_ok(GetCosts {}).await;
        assert!(
            updated_at(&app, cy, cm).await > current_stamp - 7_200_000,
            "current month refreshed"
        );
        assert_eq!(
            updated_at(&app, py, pm).await,
            past_stamp - 7_200_000,
            "past month left alone"
        );
        app
    }
);
