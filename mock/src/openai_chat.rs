//! OpenAI: `POST /v1/chat/completions`, one answer or server-sent events with the final usage
//! chunk `stream_options.include_usage` asks for; a prompt over the model's window is refused
//! with `context_length_exceeded`, as the real API does.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use futures::StreamExt;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::chat::{self, Piece, Turn};
use crate::openai::{check_key, error, invalid_key, now};
use crate::{MockState, Scenario};

pub fn routes() -> Router<MockState> {
    Router::new().route("/v1/chat/completions", post(chat))
}

#[derive(Deserialize)]
struct ChatRequest {
    model: String,
    messages: Vec<Value>,
    #[serde(default)]
    stream: bool,
    #[serde(default)]
    stream_options: Option<StreamOptions>,
    #[serde(default, alias = "max_tokens")]
    max_completion_tokens: Option<u64>,
}

#[derive(Deserialize)]
struct StreamOptions {
    #[serde(default)]
    include_usage: bool,
}

/// The chat models the mock serves and their context windows.
const CHAT_MODELS: [(&str, u64); 2] = [("gpt-4o-mini", 128_000), ("gpt-4o", 128_000)];

fn message_text(m: &Value) -> String {
    match &m["content"] {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p["text"].as_str())
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

/// The text of the last user message (string content or content parts).
fn last_user_text(messages: &[Value]) -> String {
    messages
        .iter()
        .rev()
        .find(|m| m["role"] == "user")
        .map(message_text)
        .unwrap_or_default()
}

async fn chat(
    State(state): State<MockState>,
    headers: HeaderMap,
    Json(req): Json<ChatRequest>,
) -> Response {
    if let Err(r) = check_key(&headers) {
        return r;
    }
    let Some((_, window)) = CHAT_MODELS.iter().find(|(m, _)| *m == req.model) else {
        let message = format!(
            "The model `{}` does not exist or you do not have access to it.",
            req.model
        );
        return error(
            StatusCode::NOT_FOUND,
            &message,
            "invalid_request_error",
            Some("model_not_found"),
            None,
        );
    };
    let text = last_user_text(&req.messages);
    let scenario = Scenario::of(&text);
    state.wait_if_slow(scenario).await;
    if scenario == Scenario::InvalidToken {
        return invalid_key();
    }
    let texts: Vec<(String, String)> = req
        .messages
        .iter()
        .map(|m| {
            (
                m["role"].as_str().unwrap_or_default().to_string(),
                message_text(m),
            )
        })
        .collect();
    let turns: Vec<Turn> = texts
        .iter()
        .map(|(role, text)| Turn { role, text })
        .collect();
    let prompt_tokens = chat::prompt_tokens(&turns);
    if prompt_tokens > *window {
        let message = format!("This model's maximum context length is {window} tokens. However, your messages resulted in {prompt_tokens} tokens. Please reduce the length of the messages.");
        return error(
            StatusCode::BAD_REQUEST,
            &message,
            "invalid_request_error",
            Some("context_length_exceeded"),
            Some("messages"),
        );
    }
    let (words, cut) = chat::pieces(&chat::reply_to(&turns, &text), req.max_completion_tokens);
    let completion_tokens: u64 = words.iter().map(|w| chat::tokens(w).max(1)).sum();
    let usage = json!({ "prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens });
    let finish = if cut { "length" } else { "stop" };
    let id = format!("chatcmpl-mock{}", now());
    if !req.stream {
        if scenario == Scenario::Failed {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The server had an error while processing your request.",
                "server_error",
                None,
                None,
            );
        }
        return Json(json!({
            "id": id,
            "object": "chat.completion",
            "created": now(),
            "model": req.model,
            "choices": [{ "index": 0, "message": { "role": "assistant", "content": words.concat(), "refusal": null }, "logprobs": null, "finish_reason": finish }],
            "usage": usage,
        }))
        .into_response();
    }
    let include_usage = req.stream_options.is_some_and(|o| o.include_usage);
    let model = req.model.clone();
    let chunk = move |delta: Value, finish: Value| {
        json!({ "id": id, "object": "chat.completion.chunk", "created": now(), "model": model,
                "choices": [{ "index": 0, "delta": delta, "logprobs": null, "finish_reason": finish }] })
    };
    let opening = format!(
        "data: {}\n\n",
        chunk(json!({ "role": "assistant", "content": "" }), Value::Null)
    );
    let events = chat::paced(words, scenario == Scenario::Failed, state.config.token_interval)
        .map(move |piece| {
            let text = match piece {
                Piece::Text(word) => format!("data: {}\n\n", chunk(json!({ "content": word }), Value::Null)),
                // A failure after the stream began arrives as an error event; the stream ends.
                Piece::Fail => format!("data: {}\n\n", json!({ "error": { "message": "The server had an error while processing your request.", "type": "server_error", "param": null, "code": null } })),
                Piece::Done => {
                    let mut last = format!("data: {}\n\n", chunk(json!({}), json!(finish)));
                    if include_usage {
                        let mut usage_chunk = chunk(json!({}), Value::Null);
                        usage_chunk["choices"] = json!([]);
                        usage_chunk["usage"] = usage.clone();
                        last.push_str(&format!("data: {usage_chunk}\n\n"));
                    }
                    last + "data: [DONE]\n\n"
                }
            };
            Ok::<_, std::io::Error>(bytes::Bytes::from(text))
        });
    let body = futures::stream::once(async move { Ok(bytes::Bytes::from(opening)) }).chain(events);
    (
        [(header::CONTENT_TYPE, "text/event-stream")],
        axum::body::Body::from_stream(body),
    )
        .into_response()
}
