//! Songs over real HTTP: preflight, idempotent submission, the runner taking a song through the
//! mock Mureka to stored audio, cancel, retry, rating, editing, deleting, and other users refused.

mod common;

use std::time::Duration;

use common::{Backend, Client, TestApp};
use mock::{MockConfig, MockServer};
use serde_json::Value;

async fn mock(config: MockConfig) -> MockServer {
    mock::start("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap()
}

fn quick() -> MockConfig {
    MockConfig {
        job_duration: Duration::from_millis(400),
        slow_delay: Duration::from_secs(20),
        ..MockConfig::default()
    }
}

/// An app whose Mureka is `mock` (with a key, so not the built-in demo).
async fn app_with(backend: Backend, mock: &MockServer, extra: &[(&str, &str)]) -> Option<TestApp> {
    let mut vars = vec![
        ("MUREKA_BASE_URL", mock.base_url.as_str()),
        ("MUREKA_API_KEY", "mk-test"),
        ("JOB_POLL_INTERVAL_MS", "100"),
        ("JOB_WORKERS", "2"),
    ];
    vars.extend_from_slice(extra);
    TestApp::spawn(backend, &vars).await
}

fn song_args<'a>(lyrics: &'a str, prompt: &'a str, key: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("request[lyrics]", lyrics),
        ("request[prompt]", prompt),
        ("request[model]", "auto"),
        ("request[title]", "Night Drive"),
        ("request[tags]", "synth, night"),
        ("request[instrumental]", "false"),
        ("request[idempotency_key]", key),
    ]
}

async fn wait_settled(c: &Client, id: &str) -> Value {
    for _ in 0..150 {
        let song: Value = c.call_ok("get_song", &[("id", id)]).await;
        let state = song["status"]["state"].as_str().unwrap().to_string();
        if ["Succeeded", "Failed", "Cancelled", "Interrupted"].contains(&state.as_str()) {
            return song;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("song {id} did not settle");
}

async fn generated_song_is_kept(backend: Backend) {
    let mock = mock(quick()).await;
    let Some(app) = app_with(backend, &mock, &[]).await else {
        return;
    };
    let c = app.admin("admin@example.org").await;
    let other = app.member("other@example.org").await;

    let created: Value = c
        .call_ok(
            "create_song",
            &song_args(
                "**Hook**\n0001 driving home\n\nVerse:\nlights",
                "synthwave",
                "key-0001-aaaa",
            ),
        )
        .await;
    assert_eq!(created["new"], true);
    let mappings = created["mappings"].as_array().unwrap();
    assert!(
        !mappings.is_empty(),
        "hook was mapped to the provider's chorus"
    );
    let id = created["song"]["id"].as_str().unwrap().to_string();
    let first_state = created["song"]["status"]["state"].as_str().unwrap();
    assert!(
        ["Queued", "Submitting", "Running"].contains(&first_state),
        "returns at once, before the song is made: {first_state}"
    );

    // The same idempotency key again (a double click): the same song, no second job.
    let again: Value = c
        .call_ok(
            "create_song",
            &song_args("**Hook**\n0001 driving home", "synthwave", "key-0001-aaaa"),
        )
        .await;
    assert_eq!(again["new"], false);
    assert_eq!(again["song"]["id"], id.as_str());

    let song = wait_settled(&c, &id).await;
    assert_eq!(song["status"]["state"], "Succeeded", "{song}");
    assert_eq!(song["status"]["progress"], 100);
    let choices = song["choices"].as_array().unwrap();
    assert_eq!(choices.len(), 2);
    let accepted: Vec<_> = mock
        .mureka
        .submissions()
        .into_iter()
        .filter(|s| s.job_id.is_some())
        .collect();
    assert_eq!(accepted.len(), 1, "one submission for two requests");
    assert!(
        accepted[0].lyrics.contains("[Chorus]"),
        "{}",
        accepted[0].lyrics
    );

    // Audio served from our storage to the owner, with Range and a download name.
    let choice = choices[0]["id"].as_str().unwrap();
    let url = format!("{}/media/songs/{choice}/mp3", app.base);
    let full = c.http.get(&url).send().await.unwrap();
    assert_eq!(full.status(), 200);
    assert_eq!(full.headers()["content-type"], "audio/mpeg");
    let bytes = full.bytes().await.unwrap();
    let part = c
        .http
        .get(&url)
        .header("range", "bytes=10-19")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.bytes().await.unwrap(), bytes[10..20]);
    let flac = c
        .http
        .get(format!("{}/media/songs/{choice}/flac?download=1", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(flac.status(), 200);
    let disposition = flac.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.contains("filename=\"Night Drive - 1.flac\""),
        "{disposition}"
    );
    assert_eq!(&flac.bytes().await.unwrap()[..4], b"fLaC");
    assert_eq!(other.http.get(&url).send().await.unwrap().status(), 404);

    // Rating, editing, another user's ids.
    c.call_ok::<()>("rate_choice", &[("choice_id", choice), ("rating", "1")])
        .await;
    let bad = c
        .call("rate_choice", &[("choice_id", choice), ("rating", "5")])
        .await;
    assert_eq!(bad.status, 422);
    let edited: Value = c
        .call_ok(
            "update_song",
            &[
                ("id", &id),
                ("title", "Home"),
                ("tags", "x"),
                ("workflow", "inUse"),
            ],
        )
        .await;
    assert_eq!(edited["workflow"], "inUse");
    assert_eq!(edited["choices"][0]["rating"], 1);
    for (name, args) in [
        ("get_song", vec![("id", id.as_str())]),
        ("cancel_song", vec![("id", id.as_str())]),
        ("retry_song", vec![("id", id.as_str())]),
        ("delete_song", vec![("id", id.as_str())]),
        ("rate_choice", vec![("choice_id", choice), ("rating", "0")]),
    ] {
        let answer = other.call(name, &args).await;
        assert_eq!(answer.status, 404, "{name} must refuse another user's song");
    }
    let listed: Vec<Value> = other.call_ok("list_songs", &[]).await;
    assert!(listed.is_empty());

    // Delete removes the files too.
    let files_dir = app.config.storage_dir.join("songs");
    let count = |dir: &std::path::Path| walk(dir).len();
    assert_eq!(count(&files_dir), 4, "two choices × MP3 and FLAC");
    c.call_ok::<()>("delete_song", &[("id", &id)]).await;
    assert_eq!(count(&files_dir), 0);
    assert_eq!(c.call("get_song", &[("id", &id)]).await.status, 404);
    app.stop().await;
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files.extend(walk(&p));
        } else {
            files.push(p);
        }
    }
    files
}

#[tokio::test]
async fn generated_song_is_kept_sqlite() {
    generated_song_is_kept(Backend::Sqlite).await
}

#[tokio::test]
async fn generated_song_is_kept_postgres() {
    generated_song_is_kept(Backend::Postgres).await
}

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

/// The pages render on the server for their owner, in the user's language.
#[tokio::test]
async fn song_and_sketch_pages_render() {
    let mock = mock(quick()).await;
    let Some(app) = app_with(Backend::Sqlite, &mock, &[]).await else {
        return;
    };
    let c = app.admin("admin@example.org").await;
    let created: Value = c
        .call_ok(
            "create_song",
            &song_args("0001 la", "pop", "key-page-00001"),
        )
        .await;
    let id = created["song"]["id"].as_str().unwrap();
    wait_settled(&c, id).await;
    let sketch: Value = c
        .call_ok(
            "save_sketch",
            &[("title", "Harbour Lights"), ("prompt", "shanty")],
        )
        .await;
    for (path, expect) in [
        (format!("/songs?id={id}"), "Night Drive"),
        ("/songs/new".to_string(), "Generate a song"),
        (
            format!("/songs/new?sketch={}", sketch["id"].as_str().unwrap()),
            "shanty",
        ),
        ("/sketches".to_string(), "Harbour Lights"),
        ("/profile".to_string(), "Mureka account"),
    ] {
        let res = c.get(&path).await;
        assert_eq!(res.status(), 200, "{path}");
        let html = res.text().await.unwrap();
        assert!(html.contains(expect), "{path} lacks {expect:?}");
    }
    c.call_ok::<()>("set_language", &[("language", "de")]).await;
    let html = c.get("/songs/new").await.text().await.unwrap();
    assert!(html.contains("Song generieren"), "German");
    let anonymous = app.client().get("/songs").await;
    assert!(
        anonymous.url().path().starts_with("/login"),
        "sign-in first"
    );
    app.stop().await;
}
