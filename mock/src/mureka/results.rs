//! A job as the provider reports it (`GET /v1/{song,instrumental}/query/{id}`), derived from its
//! age, and the audio files its results point to.

use std::time::{Duration, Instant};

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{check_key, error, fixture, unix_now, Job, Kind};
use crate::{MockState, Scenario};

const AUDIO: [(&[u8], &[u8]); 2] = [
    (
        include_bytes!("../../fixtures/audio/choice0.mp3"),
        include_bytes!("../../fixtures/audio/choice0.flac"),
    ),
    (
        include_bytes!("../../fixtures/audio/choice1.mp3"),
        include_bytes!("../../fixtures/audio/choice1.flac"),
    ),
];
/// Length of the audio fixtures, reported as each choice's `duration`.
const AUDIO_MS: u64 = 4000;

/// How long result URLs stay valid; long enough for any test, short enough to be a real rule.
const URL_TTL: Duration = Duration::from_secs(3600);

pub(super) struct Phase {
    pub status: &'static str,
    pub progress: u8,
    pub final_: bool,
}

impl Job {
    pub(super) fn phase(&self, now: Instant) -> Phase {
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

pub(super) async fn query(
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
pub(super) struct Expiry {
    expires: Option<u64>,
}

pub(super) async fn file(
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
