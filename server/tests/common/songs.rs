//! Helpers for tests that make songs: a mock Mureka of their own, an app wired to it, the song
//! form's arguments, and waiting for a song or the files it left.

use std::path::{Path, PathBuf};
use std::time::Duration;

use mock::{MockConfig, MockServer};
use serde_json::Value;

use super::{Backend, Client, TestApp};

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

pub async fn wait_settled(c: &Client, id: &str) -> Value {
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

/// Every file below `dir` (none when it does not exist).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let p = e.path();
            if p.is_dir() {
                files_under(&p)
            } else {
                vec![p]
            }
        })
        .collect()
}
