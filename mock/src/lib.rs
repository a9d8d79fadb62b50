//! Mock AI providers: OpenAI (images, chat, organization costs), Ollama (tags, show, chat) and
//! Mureka (songs, instrumentals, lyrics, billing), faithful to their wire formats so the official
//! clients can talk to it unmodified.
//!
//! Scenarios follow the product spec, triggered by the text a request carries (the image
//! prompt, the last chat message, a song's lyrics): `0001` succeeds, `0002` answers 401 like an
//! invalid token, `0003` fails the generation, and `30s` answers (or, for a Mureka style prompt,
//! finishes the song) only after the configured slow delay (30 s by default); chat adds `long:N`
//! (see `chat`). Start it in-process
//! with [`start`] (tests, the keyless demo) or run the `mock-providers` binary.

// Handlers answer refusals with a ready `Response` as the error value, as axum handlers do.
#![allow(clippy::result_large_err)]

mod chat;
mod mureka;
mod ollama;
mod openai;
mod openai_chat;
mod picture;

pub use mureka::{fixture as mureka_fixture, MurekaLog, Submission};

/// The key of an `Authorization: Bearer …` header, if there is a non-empty one.
pub(crate) fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|k| !k.is_empty())
}

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;

/// What a request's text asks the mock to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    Success,
    InvalidToken,
    Failed,
    Slow,
}

impl Scenario {
    pub fn of(text: &str) -> Scenario {
        if text.contains("0002") {
            Scenario::InvalidToken
        } else if text.contains("0003") {
            Scenario::Failed
        } else if text.contains("30s") {
            Scenario::Slow
        } else {
            Scenario::Success
        }
    }
}

/// Behaviour knobs.
#[derive(Debug, Clone)]
pub struct MockConfig {
    /// How long the `30s` scenario waits (tests shorten it).
    pub slow_delay: Duration,
    /// How long a Mureka job takes from submission to `succeeded` (zero: at once).
    pub job_duration: Duration,
    /// How long a Mureka generate POST waits before answering (its job already exists).
    pub submit_delay: Duration,
    /// Mureka jobs running at once before generate answers 429.
    pub concurrent_limit: u32,
    /// The pause between two streamed chat tokens (a local model's pace).
    pub token_interval: Duration,
    /// Ollama's context window when a request sends no `num_ctx` (its default on small GPUs).
    pub default_num_ctx: u64,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            slow_delay: Duration::from_secs(30),
            job_duration: Duration::from_secs(8),
            submit_delay: Duration::ZERO,
            concurrent_limit: 5,
            token_interval: Duration::from_millis(30),
            default_num_ctx: 4096,
        }
    }
}

#[derive(Clone)]
pub(crate) struct MockState {
    pub config: MockConfig,
    /// The public base URL, for links to generated files.
    pub base_url: String,
    /// Files served under `/files/` (legacy image responses carry URLs).
    pub files: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    pub mureka: MurekaLog,
}

impl MockState {
    pub async fn wait_if_slow(&self, scenario: Scenario) {
        if scenario == Scenario::Slow {
            tokio::time::sleep(self.config.slow_delay).await;
        }
    }
}

/// A running mock; dropping it does not stop it (it lives as long as the runtime).
#[derive(Debug, Clone)]
pub struct MockServer {
    pub addr: SocketAddr,
    /// `http://127.0.0.1:PORT` — OpenAI clients append `/v1`, Ollama clients use it as is.
    pub base_url: String,
    /// Mureka's raw submission log.
    pub mureka: MurekaLog,
}

/// Binds `addr` (port 0 for any) and serves the mock on the current tokio runtime.
pub async fn start(addr: SocketAddr, config: MockConfig) -> std::io::Result<MockServer> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let base_url = format!("http://{addr}");
    let state = MockState {
        config,
        base_url: base_url.clone(),
        files: Arc::default(),
        mureka: MurekaLog::default(),
    };
    let mureka = state.mureka.clone();
    let app = router(state);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(MockServer {
        addr,
        base_url,
        mureka,
    })
}

fn router(state: MockState) -> Router {
    Router::new()
        .merge(openai::routes())
        .merge(openai_chat::routes())
        .merge(ollama::routes())
        .merge(mureka::routes())
        .with_state(state)
}
