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

use futures::StreamExt;

use crate::chat::{self, Piece, Turn};
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
const MODELS: [(&str, &str, &str, u64); 3] = [
    ("llama3.2:latest", "llama", "3.2B", 131_072),
    ("gemma3:4b", "gemma3", "4.3B", 131_072),
    // A small window, to see context run out within a test.
    ("tinyllama:latest", "llama", "1.1B", 2_048),
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
    #[serde(default)]
    options: ChatOptions,
}

#[derive(Deserialize, Default)]
struct ChatOptions {
    num_ctx: Option<u64>,
    num_predict: Option<i64>,
}

/// `POST /api/chat`. The context window behaves like Ollama's: `num_ctx` (or the server's
/// default when absent, capped by the model's length) bounds the prompt, which loses whole
/// messages from the front when it does not fit; `prompt_eval_count` reports what was kept.
async fn chat(State(state): State<MockState>, Json(req): Json<ChatRequest>) -> Response {
    let Some((name, _, _, model_context)) = find(&req.model) else {
        return not_found(&req.model);
    };
    let turns: Vec<Turn> = req
        .messages
        .iter()
        .map(|m| Turn {
            role: m["role"].as_str().unwrap_or_default(),
            text: m["content"].as_str().unwrap_or_default(),
        })
        .collect();
    let text = turns
        .iter()
        .rev()
        .find(|t| t.role == "user")
        .map(|t| t.text)
        .unwrap_or_default();
    let scenario = Scenario::of(text);
    state.wait_if_slow(scenario).await;
    if scenario == Scenario::InvalidToken {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "unauthorized" })),
        )
            .into_response();
    }
    let num_ctx = req
        .options
        .num_ctx
        .unwrap_or(state.config.default_num_ctx)
        .min(*model_context);
    let prompt_eval_count = chat::fit_window(&turns, num_ctx);
    let limit = req.options.num_predict.filter(|n| *n > 0).map(|n| n as u64);
    let (words, cut) = chat::pieces(&chat::reply_to(&turns, text), limit);
    let eval_count: u64 = words.iter().map(|w| chat::tokens(w).max(1)).sum();
    let done = move |content: &str| {
        json!({ "model": name, "created_at": timestamp(), "message": { "role": "assistant", "content": content },
                "done": true, "done_reason": if cut { "length" } else { "stop" },
                "total_duration": 512_000_000u64, "load_duration": 12_000_000u64,
                "prompt_eval_count": prompt_eval_count, "prompt_eval_duration": 80_000_000u64,
                "eval_count": eval_count, "eval_duration": 400_000_000u64 })
    };
    let failure =
        json!({ "error": "an error was encountered while running the model: unexpected EOF" });
    if req.stream == Some(false) {
        if scenario == Scenario::Failed {
            return (StatusCode::INTERNAL_SERVER_ERROR, Json(failure)).into_response();
        }
        return Json(done(&words.concat())).into_response();
    }
    let lines = chat::paced(
        words,
        scenario == Scenario::Failed,
        state.config.token_interval,
    )
    .map(move |piece| {
        let line = match piece {
            Piece::Text(word) => json!({ "model": name, "created_at": timestamp(), "message": { "role": "assistant", "content": word }, "done": false }),
            Piece::Fail => failure.clone(),
            Piece::Done => done(""),
        };
        Ok::<_, std::io::Error>(bytes::Bytes::from(line.to_string() + "\n"))
    });
    Response::builder()
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .body(Body::from_stream(lines))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
