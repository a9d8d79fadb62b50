//! `POST /v1/{song,instrumental}/generate`: validation, scenarios, the concurrency limit, and
//! the job created before the (optionally delayed) answer.

use std::time::Instant;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{
    check_key, error, fixture, unix_now, Job, Kind, Submission, MAX_LYRICS_CHARS, MAX_PROMPT_CHARS,
    SONG_PRICE_CENTS,
};
use crate::{MockState, Scenario};

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

pub(super) async fn song(
    state: State<MockState>,
    headers: HeaderMap,
    body: Json<Value>,
) -> Response {
    generate(state, headers, body, Kind::Song).await
}

pub(super) async fn instrumental(
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
