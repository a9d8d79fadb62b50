//! Songs that do not simply succeed, over real HTTP through the runner and the mock Mureka:
//! preflight refusals, the provider's "failed", a refused key, cancel, the user's retry, 429
//! retried with backoff; and the account's billing.

mod common;
#[path = "songs/fixtures.rs"]
mod song_fixtures;

use std::time::Duration;

use app::jobs::{FailureKind, JobState};
use app::songs::api::{CancelSong, CreateSong, GetSong, MurekaAccount, RetrySong};
use app::songs::preflight::SongRequest;
use common::Backend;
use mock::MockConfig;
use song_fixtures::{app_with, mock, quick, song_request, wait_song};

fn create(request: SongRequest) -> CreateSong {
    CreateSong { request }
}

async fn failures_cancel_and_retry(backend: Backend) {
    let mock = mock(quick()).await;
    let Some(app) = app_with(backend, &mock, &[]).await else {
        return;
    };
    let c = app.admin("admin@example.org").await;

    // Preflight refuses before anything is paid.
    let empty = c
        .run_err(create(song_request("  ", "pop", "key-empty-0001")))
        .await;
    assert_eq!(empty.0, 422, "{empty:?}");
    let long = "la ".repeat(1100);
    let too_long = c
        .run_err(create(song_request(&long, "pop", "key-long-00001")))
        .await;
    assert_eq!(too_long.0, 422);
    let bad_key = c.run_err(create(song_request("la", "pop", "x"))).await;
    assert_eq!(bad_key.0, 400);
    assert!(mock.mureka.submissions().is_empty());

    // The provider's "failed": final at once, with its reason.
    let failed = c
        .run_ok(create(song_request("0003 broken", "pop", "key-0003-aaaa")))
        .await;
    let failed_id = failed.song.id;
    let song = wait_song(&c, &failed_id).await;
    assert_eq!(song.status.state, JobState::Failed);
    assert_eq!(song.status.error_kind, Some(FailureKind::GenerationFailed));
    assert!(song
        .status
        .error_message
        .unwrap_or_default()
        .contains("failed"));

    // An invalid key (401): fatal, not retried.
    let refused = c
        .run_ok(create(song_request("0002 refused", "pop", "key-0002-aaaa")))
        .await;
    let song = wait_song(&c, &refused.song.id).await;
    assert_eq!(song.status.state, JobState::Failed);
    assert_eq!(song.status.error_kind, Some(FailureKind::InvalidKey));
    let posts_0002 = mock
        .mureka
        .submissions()
        .iter()
        .filter(|s| s.lyrics.contains("0002"))
        .count();
    assert_eq!(posts_0002, 1, "a fatal error is not retried");

    // Cancel a slow one while it runs, then retry it by choice.
    let slow = c
        .run_ok(create(song_request(
            "0001 slow",
            "30s ballad",
            "key-slow-aaaa",
        )))
        .await;
    let slow_id = slow.song.id;
    let get = || GetSong {
        id: slow_id.clone(),
    };
    for _ in 0..50 {
        if c.run_ok(get()).await.status.state == JobState::Running {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let cancelled = c
        .run_ok(CancelSong {
            id: slow_id.clone(),
        })
        .await;
    assert_eq!(cancelled.status.state, JobState::Cancelled);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        c.run_ok(get()).await.status.state,
        JobState::Cancelled,
        "a worker did not undo the cancel"
    );
    let retried = c
        .run_ok(RetrySong {
            id: failed_id.clone(),
        })
        .await;
    assert_ne!(
        retried.status.state,
        JobState::Failed,
        "back in the queue (or already taken)"
    );
    let song = wait_song(&c, &failed_id).await;
    assert_eq!(song.status.state, JobState::Failed, "0003 fails every time");
    app.stop().await;
}

both_backends!(failures_cancel_and_retry, fn failures_cancel_and_retry);

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
        let created = c.run_ok(create(song_request(&lyrics, "pop", &key))).await;
        ids.push(created.song.id);
    }
    for id in &ids {
        let song = wait_song(&c, id).await;
        assert_eq!(song.status.state, JobState::Succeeded, "{song:?}");
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
    let billing = c.run_ok(MurekaAccount {}).await;
    assert_eq!(billing.concurrent_request_limit, 5);
    assert_eq!(billing.balance, 5000);
    assert_eq!(app.client().run_err(MurekaAccount {}).await.0, 401);
    app.stop().await;
}
