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

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
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
/// How long result URLs stay valid; long enough for any test, short enough to be a real rule.
const URL_TTL: Duration = Duration::from_secs(3600);

const AUDIO: [(&[u8], &[u8]); 2] = [
    (
        include_bytes!("../fixtures/audio/choice0.mp3"),
        include_bytes!("../fixtures/audio/choice0.flac"),
    ),
    (
        include_bytes!("../fixtures/audio/choice1.mp3"),
        include_bytes!("../fixtures/audio/choice1.flac"),
    ),
];
/// Length of the audio fixtures, reported as each choice's `duration`.
const AUDIO_MS: u64 = 4000;

/// The fixture a response is built from, by file name.
pub fn fixture(name: &str) -> Value {
    let text = match name {
        "song_generate" => include_str!("../fixtures/mureka/song_generate.json"),
        "song_query_running" => include_str!("../fixtures/mureka/song_query_running.json"),
        "song_query_succeeded" => include_str!("../fixtures/mureka/song_query_succeeded.json"),
        "song_query_failed" => include_str!("../fixtures/mureka/song_query_failed.json"),
        "lyrics_generate" => include_str!("../fixtures/mureka/lyrics_generate.json"),
        "account_billing" => include_str!("../fixtures/mureka/account_billing.json"),
        "error" => include_str!("../fixtures/mureka/error.json"),
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

pub fn routes() -> Router<MockState> {
    Router::new()
        .route("/v1/song/generate", post(generate_song))
        .route("/v1/song/query/{id}", get(query))
        .route("/v1/instrumental/generate", post(generate_instrumental))
        .route("/v1/instrumental/query/{id}", get(query))
        .route("/v1/lyrics/generate", post(lyrics))
        .route("/v1/account/billing", get(billing))
        .route("/files/mureka/{name}", get(file))
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
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|k| !k.is_empty());
    match key {
        None => Err(error(StatusCode::UNAUTHORIZED, "Unauthorized")),
        Some(k) if k.contains("0002") => Err(error(StatusCode::UNAUTHORIZED, "Invalid API key")),
        Some(_) => Ok(()),
    }
}

#[derive(Deserialize, Default)]
struct GenerateRequest {
    #[serde(default)]
    lyrics: Option<String>,
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    n: Option<u32>,
    #[serde(default)]
    prompt: Option<String>,
    #[serde(default)]
    reference_id: Option<String>,
    #[serde(default)]
    vocal_id: Option<String>,
    #[serde(default)]
    melody_id: Option<String>,
}

impl GenerateRequest {
    fn validate(&self, kind: Kind) -> Result<(), String> {
        let lyrics = self.lyrics.as_deref().unwrap_or("");
        if kind == Kind::Song && lyrics.trim().is_empty() {
            return Err("lyrics is required".into());
        }
        if lyrics.chars().count() > MAX_LYRICS_CHARS {
            return Err(format!("lyrics exceeds {MAX_LYRICS_CHARS} characters"));
        }
        if self.prompt.as_deref().unwrap_or("").chars().count() > MAX_PROMPT_CHARS {
            return Err(format!("prompt exceeds {MAX_PROMPT_CHARS} characters"));
        }
        if !(1..=3).contains(&self.n.unwrap_or(2)) {
            return Err("n must be between 1 and 3".into());
        }
        let controls = [
            &self.prompt,
            &self.reference_id,
            &self.vocal_id,
            &self.melody_id,
        ]
        .iter()
        .filter(|c| c.is_some())
        .count();
        if controls > 1 {
            return Err("only one of prompt, reference_id, vocal_id, melody_id may be set".into());
        }
        if kind == Kind::Instrumental && self.prompt.is_none() {
            return Err("prompt is required".into());
        }
        Ok(())
    }
}

async fn generate_song(state: State<MockState>, headers: HeaderMap, body: Json<Value>) -> Response {
    generate(state, headers, body, Kind::Song).await
}

async fn generate_instrumental(
    state: State<MockState>,
    headers: HeaderMap,
    body: Json<Value>,
) -> Response {
    generate(state, headers, body, Kind::Instrumental).await
}

async fn generate(
    State(state): State<MockState>,
    headers: HeaderMap,
    Json(body): Json<Value>,
    kind: Kind,
) -> Response {
    let req: GenerateRequest = serde_json::from_value(body).unwrap_or_default();
    let lyrics = req.lyrics.clone().unwrap_or_default();
    let prompt = req.prompt.clone().unwrap_or_default();
    let path = match kind {
        Kind::Song => "/v1/song/generate",
        Kind::Instrumental => "/v1/instrumental/generate",
    };
    let scenario = Scenario::of(if kind == Kind::Song { &lyrics } else { &prompt });
    let outcome = decide(&state, &headers, &req, kind, scenario);
    {
        let mut book = state.mureka.0.lock().expect("mock lock");
        let (status, job_id) = match &outcome {
            Ok(body) => (200, body["id"].as_str().map(str::to_string)),
            Err(r) => (r.status().as_u16(), None),
        };
        book.posts.push(Submission {
            path: path.into(),
            lyrics,
            prompt,
            status,
            job_id,
        });
    }
    // The job exists (and is paid for) before the answer leaves: a client that dies while
    // waiting here never learns its id.
    if !state.config.submit_delay.is_zero() {
        tokio::time::sleep(state.config.submit_delay).await;
    }
    match outcome {
        Ok(body) => Json(body).into_response(),
        Err(r) => r,
    }
}

/// Validates, applies the scenario and the concurrency limit, and creates the job.
fn decide(
    state: &MockState,
    headers: &HeaderMap,
    req: &GenerateRequest,
    kind: Kind,
    scenario: Scenario,
) -> Result<Value, Response> {
    check_key(headers)?;
    if scenario == Scenario::InvalidToken {
        return Err(error(StatusCode::UNAUTHORIZED, "Invalid API key"));
    }
    req.validate(kind)
        .map_err(|m| error(StatusCode::BAD_REQUEST, &m))?;
    let mut book = state.mureka.0.lock().expect("mock lock");
    let now = Instant::now();
    let active = book.jobs.values().filter(|j| !j.phase(now).final_).count();
    if active >= state.config.concurrent_limit as usize {
        return Err(error(
            StatusCode::TOO_MANY_REQUESTS,
            "The number of concurrent requests exceeds the limit of your account",
        ));
    }
    book.next_id += 1;
    let id = format!("{}", 84_729_351_000_000u64 + book.next_id * 10);
    let slow = req.prompt.as_deref().is_some_and(|p| p.contains("30s"));
    let job = Job {
        kind,
        started: now,
        created_at: unix_now(),
        duration: if slow {
            state.config.slow_delay
        } else {
            state.config.job_duration
        },
        scenario,
        n: req.n.unwrap_or(2),
        model: resolve_model(req.model.as_deref()),
        lyrics: req.lyrics.clone().unwrap_or_default(),
    };
    let mut body = fixture("song_generate");
    body["id"] = json!(id);
    body["created_at"] = json!(job.created_at);
    body["model"] = json!(job.model);
    body["status"] = json!("preparing");
    book.jobs.insert(id, job);
    book.spent_cents += SONG_PRICE_CENTS;
    Ok(body)
}

fn resolve_model(model: Option<&str>) -> String {
    match model {
        None | Some("auto") | Some("") => "mureka-7.5".into(),
        Some(m) => m.into(),
    }
}

struct Phase {
    status: &'static str,
    progress: u8,
    final_: bool,
}

impl Job {
    fn phase(&self, now: Instant) -> Phase {
        let elapsed = now.saturating_duration_since(self.started);
        let fraction = if self.duration.is_zero() {
            1.0
        } else {
            elapsed.as_secs_f64() / self.duration.as_secs_f64()
        };
        let failed = self.scenario == Scenario::Failed;
        match fraction {
            f if failed && f >= 0.5 => Phase {
                status: "failed",
                progress: 50,
                final_: true,
            },
            f if f >= 1.0 => Phase {
                status: "succeeded",
                progress: 100,
                final_: true,
            },
            f if f < 0.2 => Phase {
                status: "preparing",
                progress: 0,
                final_: false,
            },
            f => Phase {
                status: "running",
                progress: ((f * 100.0) as u8).clamp(1, 99),
                final_: false,
            },
        }
    }
}

async fn query(
    State(state): State<MockState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(r) = check_key(&headers) {
        return r;
    }
    let book = state.mureka.0.lock().expect("mock lock");
    let Some(job) = book.jobs.get(&id) else {
        return error(StatusCode::NOT_FOUND, "task not found");
    };
    let phase = job.phase(Instant::now());
    let finished_at = job.created_at + job.duration.as_secs();
    let mut body = match phase.status {
        "succeeded" => {
            let mut body = fixture("song_query_succeeded");
            body["finished_at"] = json!(finished_at);
            body["choices"] = choices(&state.base_url, &id, job, &body["choices"][0]);
            body
        }
        "failed" => {
            let mut body = fixture("song_query_failed");
            body["finished_at"] = json!(finished_at);
            body
        }
        _ => fixture("song_query_running"),
    };
    body["id"] = json!(id);
    body["created_at"] = json!(job.created_at);
    body["model"] = json!(job.model);
    body["status"] = json!(phase.status);
    if phase.status != "failed" {
        body["progress"] = json!(phase.progress);
    }
    Json(body).into_response()
}

/// The job's choices, built on the fixture's first choice; URLs point at this mock and expire.
fn choices(base: &str, id: &str, job: &Job, template: &Value) -> Value {
    let expires = unix_now() + URL_TTL.as_secs();
    let lines: Vec<&str> = job
        .lyrics
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let sections = if job.kind == Kind::Song && !lines.is_empty() {
        let step = AUDIO_MS / lines.len() as u64;
        let lines: Vec<Value> = lines
            .iter()
            .enumerate()
            .map(|(i, text)| json!({ "start": i as u64 * step, "end": (i as u64 + 1) * step, "text": text }))
            .collect();
        json!([{ "section_type": "verse", "start": 0, "end": AUDIO_MS, "lines": lines }])
    } else {
        json!([])
    };
    let list: Vec<Value> = (0..job.n)
        .map(|index| {
            let mut choice = template.clone();
            let name = format!("{id}-{index}");
            choice["index"] = json!(index);
            choice["id"] = json!(format!("{id}{index}"));
            choice["url"] = json!(format!("{base}/files/mureka/{name}.mp3?expires={expires}"));
            choice["flac_url"] =
                json!(format!("{base}/files/mureka/{name}.flac?expires={expires}"));
            choice["duration"] = json!(AUDIO_MS);
            choice["lyrics_sections"] = sections.clone();
            choice
        })
        .collect();
    json!(list)
}

#[derive(Deserialize)]
struct Expiry {
    expires: Option<u64>,
}

async fn file(
    State(state): State<MockState>,
    Path(name): Path<String>,
    Query(expiry): Query<Expiry>,
) -> Response {
    if expiry.expires.is_none_or(|t| t < unix_now()) {
        return (StatusCode::FORBIDDEN, "Request has expired").into_response();
    }
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Some((id, index)) = stem.rsplit_once('-') else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let known = state
        .mureka
        .0
        .lock()
        .expect("mock lock")
        .jobs
        .get(id)
        .map(|j| j.n);
    let index: u32 = match (known, index.parse()) {
        (Some(n), Ok(i)) if i < n => i,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let (mp3, flac) = AUDIO[index as usize % AUDIO.len()];
    let (bytes, mime) = match ext {
        "mp3" => (mp3, "audio/mpeg"),
        "flac" => (flac, "audio/flac"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    ([(header::CONTENT_TYPE, mime)], bytes).into_response()
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
