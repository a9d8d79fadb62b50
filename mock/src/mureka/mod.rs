//! Mureka: songs, instrumentals, lyrics and billing, shaped after the JSON fixtures in
//! `fixtures/mureka/` (the app's client tests parse the same files).
//!
//! A job's status is a function of its age, so nothing needs a background timer and a restarted
//! client sees exactly what a real provider would: `preparing`, then `running` with progress,
//! then `succeeded` (or `failed` for the "0003" scenario). The "30s" style prompt makes the job
//! last the slow delay. Every POST to a generate endpoint is logged as it arrives, so tests can
//! prove from the raw traffic that no song was paid for twice; the job is created *before* the
//! (optionally delayed) answer is sent, as a real provider does, so a client killed mid-request
//! leaves a paid job it never heard of.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::{MockState, Scenario};

pub const MAX_LYRICS_CHARS: usize = 3000;
pub const MAX_PROMPT_CHARS: usize = 1024;
/// What one song costs in the mock's billing, in cents.
const SONG_PRICE_CENTS: i64 = 5;
const START_BALANCE_CENTS: i64 = 5000;

/// The fixture a response is built from, by file name.
pub fn fixture(name: &str) -> Value {
    let text = match name {
        "song_generate" => include_str!("../../fixtures/mureka/song_generate.json"),
        "song_query_running" => include_str!("../../fixtures/mureka/song_query_running.json"),
        "song_query_succeeded" => include_str!("../../fixtures/mureka/song_query_succeeded.json"),
        "song_query_failed" => include_str!("../../fixtures/mureka/song_query_failed.json"),
        "lyrics_generate" => include_str!("../../fixtures/mureka/lyrics_generate.json"),
        "account_billing" => include_str!("../../fixtures/mureka/account_billing.json"),
        "error" => include_str!("../../fixtures/mureka/error.json"),
        other => panic!("no Mureka fixture {other}"),
    };
    serde_json::from_str(text).expect("fixtures are valid JSON")
}

/// One POST to a generate endpoint, as it arrived.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Submission {
    pub path: String,
    pub lyrics: String,
    pub prompt: String,
    /// The HTTP status answered (or about to be, for a delayed answer).
    pub status: u16,
    /// The job it created, if it was accepted.
    pub job_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Song,
    Instrumental,
}

#[derive(Debug)]
struct Job {
    kind: Kind,
    started: Instant,
    created_at: u64,
    duration: Duration,
    scenario: Scenario,
    n: u32,
    model: String,
    lyrics: String,
}

/// The mock's Mureka account: jobs, the raw submission log and spending.
#[derive(Debug, Default)]
pub struct Book {
    jobs: HashMap<String, Job>,
    next_id: u64,
    posts: Vec<Submission>,
    spent_cents: i64,
}

/// Read access to the mock's Mureka traffic, for tests.
#[derive(Debug, Clone, Default)]
pub struct MurekaLog(pub(crate) Arc<Mutex<Book>>);

impl MurekaLog {
    /// Every POST received by a generate endpoint, in arrival order, not deduplicated.
    pub fn submissions(&self) -> Vec<Submission> {
        self.0.lock().expect("mock lock").posts.clone()
    }
}

mod generate;
mod results;

pub fn routes() -> Router<MockState> {
    Router::new()
        .route("/v1/song/generate", post(generate::song))
        .route("/v1/song/query/{id}", get(results::query))
        .route("/v1/instrumental/generate", post(generate::instrumental))
        .route("/v1/instrumental/query/{id}", get(results::query))
        .route("/v1/lyrics/generate", post(lyrics))
        .route("/v1/account/billing", get(billing))
        .route("/files/mureka/{name}", get(results::file))
        .route("/__mock/mureka/submissions", get(submissions))
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Mureka's error envelope: `{error:{message}, trace_id}`.
fn error(status: StatusCode, message: &str) -> Response {
    let mut body = fixture("error");
    body["error"]["message"] = json!(message);
    body["trace_id"] = json!(format!("{:032x}", unix_now() ^ 0x00c0_ffee));
    (status, Json(body)).into_response()
}

fn check_key(headers: &HeaderMap) -> Result<(), Response> {
    match crate::bearer(headers) {
        None => Err(error(StatusCode::UNAUTHORIZED, "Unauthorized")),
        Some(k) if k.contains("0002") => Err(error(StatusCode::UNAUTHORIZED, "Invalid API key")),
        Some(_) => Ok(()),
    }
}

#[derive(Deserialize)]
struct LyricsRequest {
    prompt: String,
}

async fn lyrics(headers: HeaderMap, body: Json<Value>) -> Response {
    if let Err(r) = check_key(&headers) {
        return r;
    }
    let Ok(req) = serde_json::from_value::<LyricsRequest>(body.0) else {
        return error(StatusCode::BAD_REQUEST, "prompt is required");
    };
    match Scenario::of(&req.prompt) {
        Scenario::InvalidToken => return error(StatusCode::UNAUTHORIZED, "Invalid API key"),
        Scenario::Failed => return error(StatusCode::INTERNAL_SERVER_ERROR, "Internal error"),
        _ => {}
    }
    let topic: String = req
        .prompt
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let mut body = fixture("lyrics_generate");
    body["title"] = json!(if topic.is_empty() {
        "Untitled".into()
    } else {
        topic.clone()
    });
    body["lyrics"] = json!(format!(
        "[Verse]\nI sing about {topic}\nWhere the quiet rivers go\n\n[Chorus]\n{topic}, {topic}\nHome is where the echoes go"
    ));
    Json(body).into_response()
}

async fn billing(State(state): State<MockState>, headers: HeaderMap) -> Response {
    if let Err(r) = check_key(&headers) {
        return r;
    }
    let spent = state.mureka.0.lock().expect("mock lock").spent_cents;
    let mut body = fixture("account_billing");
    body["balance"] = json!(START_BALANCE_CENTS - spent);
    body["total_recharge"] = json!(START_BALANCE_CENTS);
    body["total_spending"] = json!(spent);
    body["concurrent_request_limit"] = json!(state.config.concurrent_limit);
    Json(body).into_response()
}

/// The raw submission log over HTTP, for a test whose mock runs in another process.
async fn submissions(State(state): State<MockState>) -> Response {
    Json(state.mureka.submissions()).into_response()
}
