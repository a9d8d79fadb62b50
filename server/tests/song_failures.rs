//! Songs that do not simply succeed, over real HTTP through the runner and the mock Mureka:
//! preflight refusals, the provider's "failed", a refused key, cancel, the user's retry, 429
//! retried with backoff; and the account's billing.

mod common;

use std::time::Duration;

use common::songs::{app_with, mock, quick, song_args, wait_settled};
use common::Backend;
use mock::MockConfig;
use serde_json::Value;

async fn failures_cancel_and_retry(backend: Backend) {
    let mock = mock(quick()).await;
    let Some(app) = app_with(backend, &mock, &[]).await else {
        return;
    };
    let c = app.admin("admin@example.org").await;

    // Preflight refuses before anything is paid.
    let empty = c
        .call("create_song", &song_args("  ", "pop", "key-empty-0001"))
        .await;
    assert_eq!(empty.status, 422, "{}", empty.body);
    let long = "la ".repeat(1100);
    let too_long = c
        .call("create_song", &song_args(&long, "pop", "key-long-00001"))
        .await;
    assert_eq!(too_long.status, 422);
    let bad_key = c.call("create_song", &song_args("la", "pop", "x")).await;
    assert_eq!(bad_key.status, 400);
    assert!(mock.mureka.submissions().is_empty());

    // The provider's "failed": final at once, with its reason.
    let failed: Value = c
        .call_ok(
            "create_song",
            &song_args("0003 broken", "pop", "key-0003-aaaa"),
        )
        .await;
    let failed_id = failed["song"]["id"].as_str().unwrap().to_string();
    let song = wait_settled(&c, &failed_id).await;
    assert_eq!(song["status"]["state"], "Failed");
    assert_eq!(song["status"]["error_kind"], "generation_failed");
    assert!(song["status"]["error_message"]
        .as_str()
        .unwrap()
        .contains("failed"));

    // An invalid key (401): fatal, not retried.
    let refused: Value = c
        .call_ok(
            "create_song",
            &song_args("0002 refused", "pop", "key-0002-aaaa"),
        )
        .await;
    let song = wait_settled(&c, refused["song"]["id"].as_str().unwrap()).await;
    assert_eq!(song["status"]["state"], "Failed");
    assert_eq!(song["status"]["error_kind"], "invalid_key");
    let posts_0002 = mock
        .mureka
        .submissions()
        .iter()
        .filter(|s| s.lyrics.contains("0002"))
        .count();
    assert_eq!(posts_0002, 1, "a fatal error is not retried");

    // Cancel a slow one while it runs, then retry it by choice.
    let slow: Value = c
        .call_ok(
            "create_song",
            &song_args("0001 slow", "30s ballad", "key-slow-aaaa"),
        )
        .await;
    let slow_id = slow["song"]["id"].as_str().unwrap().to_string();
    for _ in 0..50 {
        let s: Value = c.call_ok("get_song", &[("id", &slow_id)]).await;
        if s["status"]["state"] == "Running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let cancelled: Value = c.call_ok("cancel_song", &[("id", &slow_id)]).await;
    assert_eq!(cancelled["status"]["state"], "Cancelled");
    tokio::time::sleep(Duration::from_millis(400)).await;
    let still: Value = c.call_ok("get_song", &[("id", &slow_id)]).await;
    assert_eq!(
        still["status"]["state"], "Cancelled",
        "a worker did not undo the cancel"
    );
    let retried: Value = c.call_ok("retry_song", &[("id", &failed_id)]).await;
    assert_ne!(
        retried["status"]["state"], "Failed",
        "back in the queue (or already taken)"
    );
    let song = wait_settled(&c, &failed_id).await;
    assert_eq!(song["status"]["state"], "Failed", "0003 fails every time");
    app.stop().await;
}

#[tokio::test]
async fn failures_cancel_and_retry_sqlite() {
    failures_cancel_and_retry(Backend::Sqlite).await
}

#[tokio::test]
async fn failures_cancel_and_retry_postgres() {
    failures_cancel_and_retry(Backend::Postgres).await
}

/// 429 above the provider's limit is retried with backoff until a slot frees up.
#[tokio::test]
async fn rate_limits_are_retried() {
    let mock = mock(MockConfig {
        job_duration: Duration::from_millis(300),
        concurrent_limit: 1,
        ..MockConfig::default()
    })
    .await;
    // Our limit is set higher than the provider's, so the provider has to say 429.
    let Some(app) = app_with(Backend::Sqlite, &mock, &[("MUREKA_CONCURRENCY", "3")]).await else {
        return;
    };
    let c = app.admin("admin@example.org").await;
    let mut ids = Vec::new();
    for i in 0..3 {
        let key = format!("key-rate-{i:04}");
        let lyrics = format!("0001 song {i}");
        let created: Value = c
            .call_ok("create_song", &song_args(&lyrics, "pop", &key))
            .await;
        ids.push(created["song"]["id"].as_str().unwrap().to_string());
    }
    for id in &ids {
        let song = wait_settled(&c, id).await;
        assert_eq!(song["status"]["state"], "Succeeded", "{song}");
    }
    let posts = mock.mureka.submissions();
    assert!(
        posts.iter().any(|p| p.status == 429),
        "the provider limited us"
    );
    assert_eq!(posts.iter().filter(|p| p.job_id.is_some()).count(), 3);
    app.stop().await;
}

#[tokio::test]
async fn account_billing_from_the_provider() {
    let mock = mock(quick()).await;
    let Some(app) = app_with(Backend::Sqlite, &mock, &[]).await else {
        return;
    };
    let c = app.admin("admin@example.org").await;
    let billing: Value = c.call_ok("mureka_account", &[]).await;
    assert_eq!(billing["concurrent_request_limit"], 5);
    assert_eq!(billing["balance"], 5000);
    let anonymous = app.client().call("mureka_account", &[]).await;
    assert_eq!(anonymous.status, 401);
    app.stop().await;
}
