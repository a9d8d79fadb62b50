//! Ollama: `GET /api/tags`, `POST /api/show`, `POST /api/chat` (streamed as newline-delimited
//! JSON by default, as Ollama does, or one object with `"stream": false`).

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::openai::reply_for;
use crate::{MockState, Scenario};

pub fn routes() -> Router<MockState> {
    Router::new()
        .route("/api/tags", get(tags))
        .route("/api/show", post(show))
        .route("/api/chat", post(chat))
        .route(
            "/api/version",
            get(|| async { Json(json!({ "version": "0.12.0" })) }),
        )
}

/// The models the mock "has pulled": (name, family, parameter size, context length).
const MODELS: [(&str, &str, &str, u64); 2] = [
    ("llama3.2:latest", "llama", "3.2B", 131_072),
    ("gemma3:4b", "gemma3", "4.3B", 131_072),
];

fn find(name: &str) -> Option<&'static (&'static str, &'static str, &'static str, u64)> {
    let full = if name.contains(':') {
        name.to_string()
    } else {
        format!("{name}:latest")
    };
    MODELS.iter().find(|m| m.0 == full)
}

fn not_found(name: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "error": format!("model '{name}' not found") })),
    )
        .into_response()
}

fn details(family: &str, size: &str) -> Value {
    json!({ "parent_model": "", "format": "gguf", "family": family, "families": [family], "parameter_size": size, "quantization_level": "Q4_K_M" })
}

fn timestamp() -> &'static str {
    "2026-11-01T12:00:00.000000000Z"
}

async fn tags() -> Json<Value> {
    let models: Vec<Value> = MODELS
        .iter()
        .map(|(name, family, size, _)| {
            json!({ "name": name, "model": name, "modified_at": timestamp(), "size": 2_019_393_189u64,
                    "digest": format!("{:0>64}", name.len()), "details": details(family, size) })
        })
        .collect();
    Json(json!({ "models": models }))
}

#[derive(Deserialize)]
struct ShowRequest {
    #[serde(alias = "name")]
    model: String,
}

async fn show(Json(req): Json<ShowRequest>) -> Response {
    let Some((name, family, size, context)) = find(&req.model) else {
        return not_found(&req.model);
    };
    let mut info = serde_json::Map::new();
    info.insert("general.architecture".into(), json!(family));
    info.insert(format!("{family}.context_length"), json!(context));
    Json(json!({
        "modelfile": format!("FROM {name}\n"),
        "parameters": "stop \"<|eot_id|>\"",
        "template": "{{ .Prompt }}",
        "details": details(family, size),
        "model_info": info,
        "capabilities": ["completion", "tools"],
        "modified_at": timestamp(),
    }))
    .into_response()
}

#[derive(Deserialize)]
struct ChatRequest {
    model: String,
    messages: Vec<Value>,
    #[serde(default)]
    stream: Option<bool>,
}

async fn chat(State(state): State<MockState>, Json(req): Json<ChatRequest>) -> Response {
    let Some((name, ..)) = find(&req.model) else {
        return not_found(&req.model);
    };
    let text = req
        .messages
        .iter()
        .rev()
        .find(|m| m["role"] == "user")
        .and_then(|m| m["content"].as_str())
        .unwrap_or_default()
        .to_string();
    let scenario = Scenario::of(&text);
    state.wait_if_slow(scenario).await;
    if scenario == Scenario::InvalidToken {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "unauthorized" })),
        )
            .into_response();
    }
    let content = reply_for(&text);
    let stats = json!({ "total_duration": 512_000_000u64, "load_duration": 12_000_000u64, "prompt_eval_count": text.len() / 4 + 1,
                        "prompt_eval_duration": 80_000_000u64, "eval_count": content.len() / 4 + 1, "eval_duration": 400_000_000u64 });
    let done = |message: Value| {
        let mut v = json!({ "model": name, "created_at": timestamp(), "message": message, "done": true, "done_reason": "stop" });
        for (k, val) in stats.as_object().unwrap() {
            v[k] = val.clone();
        }
        v
    };
    if req.stream == Some(false) {
        return Json(done(json!({ "role": "assistant", "content": content }))).into_response();
    }
    let mut lines: Vec<String> = content
        .split_inclusive(' ')
        .map(|word| json!({ "model": name, "created_at": timestamp(), "message": { "role": "assistant", "content": word }, "done": false }).to_string())
        .collect();
    lines.push(done(json!({ "role": "assistant", "content": "" })).to_string());
    let chunks = lines
        .into_iter()
        .map(|l| Ok::<_, std::io::Error>(bytes::Bytes::from(l + "\n")));
    Response::builder()
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .body(Body::from_stream(futures::stream::iter(chunks)))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
