//! Helpers for tests that make songs: a mock Mureka of their own, an app wired to it, the song
//! form's arguments, and waiting for a song to settle.

// Each test binary uses some of these.
#![allow(dead_code)]

use std::time::Duration;

use mock::{MockConfig, MockServer};

use app::songs::api::GetSong;
use app::songs::preflight::SongRequest;
use app::songs::Song;

use crate::common::{Backend, Client, TestApp};

pub async fn mock(config: MockConfig) -> MockServer {
    mock::start("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap()
}

pub fn quick() -> MockConfig {
    MockConfig {
        job_duration: Duration::from_millis(400),
        slow_delay: Duration::from_secs(20),
        ..MockConfig::default()
    }
}

/// An app whose Mureka is `mock` (with a key, so not the built-in demo).
pub async fn app_with(
    backend: Backend,
    mock: &MockServer,
    extra: &[(&str, &str)],
) -> Option<TestApp> {
    let mut vars = vec![
        ("MUREKA_BASE_URL", mock.base_url.as_str()),
        ("MUREKA_API_KEY", "mk-test"),
        ("JOB_POLL_INTERVAL_MS", "100"),
        ("JOB_WORKERS", "2"),
    ];
    vars.extend_from_slice(extra);
    TestApp::spawn(backend, &vars).await
}

/// The song form's request, as a user fills it in.
pub fn song_request(lyrics: &str, prompt: &str, key: &str) -> SongRequest {
    SongRequest {
        lyrics: lyrics.into(),
        prompt: prompt.into(),
        model: "auto".into(),
        title: "Night Drive".into(),
        tags: "synth, night".into(),
        instrumental: false,
        sketch_id: None,
        idempotency_key: key.into(),
    }
}

/// The same request as raw form fields, for tests that tamper with them.
pub fn song_args<'a>(lyrics: &'a str, prompt: &'a str, key: &'a str) -> Vec<(&'a str, &'a str)> {
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

/// The song once no worker will touch it again.
pub async fn wait_song(c: &Client, id: &str) -> Song {
    for _ in 0..150 {
        let song = c.run_ok(GetSong { id: id.into() }).await;
        if song.status.state.is_settled() {
            return song;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("song {id} did not settle");
}
