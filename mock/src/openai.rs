//! OpenAI: `POST /v1/images/generations`, `POST /v1/chat/completions`,
//! `GET /v1/organization/costs`, and `/files/*` for legacy URL responses.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Value};

use futures::StreamExt;

use crate::chat::{self, Piece, Turn};
use crate::picture::{encode, paint};
use crate::{MockState, Scenario};

pub fn routes() -> Router<MockState> {
    Router::new()
        .route("/v1/images/generations", post(images))
        .route("/v1/chat/completions", post(chat))
        .route("/v1/organization/costs", get(costs))
        .route("/v1/models", get(models))
        .route("/files/{name}", get(file))
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// OpenAI's error envelope.
fn error(
    status: StatusCode,
    message: &str,
    kind: &str,
    code: Option<&str>,
    param: Option<&str>,
) -> Response {
    (
        status,
        Json(
            json!({ "error": { "message": message, "type": kind, "param": param, "code": code } }),
        ),
    )
        .into_response()
}

fn invalid_key() -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        "Incorrect API key provided: sk-****0002. You can find your API key at https://platform.openai.com/account/api-keys.",
        "invalid_request_error",
        Some("invalid_api_key"),
        None,
    )
}

/// Requires `Authorization: Bearer …`, as the real API does.
fn check_key(headers: &HeaderMap) -> Result<String, Response> {
    match crate::bearer(headers) {
        Some(k) if k.contains("0002") => Err(invalid_key()),
        Some(k) => Ok(k.to_string()),
        None => Err(error(
            StatusCode::UNAUTHORIZED,
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            "invalid_request_error",
            None,
            None,
        )),
    }
}

#[derive(Deserialize)]
struct ImageRequest {
    #[serde(default = "default_image_model")]
    model: String,
    prompt: String,
    #[serde(default)]
    n: Option<u32>,
    #[serde(default)]
    size: Option<String>,
    #[serde(default)]
    quality: Option<String>,
    #[serde(default)]
    output_format: Option<String>,
    #[serde(default)]
    response_format: Option<String>,
}

fn default_image_model() -> String {
    "dall-e-2".into()
}

async fn images(State(state): State<MockState>, headers: HeaderMap, body: Json<Value>) -> Response {
    if let Err(r) = check_key(&headers) {
        return r;
    }
    let req: ImageRequest = match serde_json::from_value(body.0) {
        Ok(r) => r,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("Invalid request: {e}"),
                "invalid_request_error",
                None,
                None,
            )
        }
    };
    if req.prompt.chars().count() > 32_000 {
        return error(
            StatusCode::BAD_REQUEST,
            "The prompt is too long. Maximum length is 32000 characters.",
            "invalid_request_error",
            Some("string_above_max_length"),
            Some("prompt"),
        );
    }
    let scenario = Scenario::of(&req.prompt);
    state.wait_if_slow(scenario).await;
    match scenario {
        Scenario::InvalidToken => return invalid_key(),
        Scenario::Failed => {
            return error(
                StatusCode::BAD_REQUEST,
                "Your request was rejected as a result of our safety system.",
                "image_generation_user_error",
                Some("moderation_blocked"),
                None,
            )
        }
        _ => {}
    }
    let gpt_image = req.model.starts_with("gpt-image");
    let size = req.size.clone().unwrap_or_else(|| {
        if gpt_image {
            "auto".into()
        } else {
            "1024x1024".into()
        }
    });
    let allowed: &[&str] = if gpt_image {
        &["1024x1024", "1536x1024", "1024x1536", "auto"]
    } else {
        &["256x256", "512x512", "1024x1024", "1792x1024", "1024x1792"]
    };
    if !allowed.contains(&size.as_str()) {
        return error(
            StatusCode::BAD_REQUEST,
            &format!(
                "Invalid value: '{size}'. Supported values are: {}.",
                allowed.join(", ")
            ),
            "invalid_request_error",
            Some("invalid_value"),
            Some("size"),
        );
    }
    let n = req.n.unwrap_or(1);
    if !(1..=10).contains(&n) {
        return error(
            StatusCode::BAD_REQUEST,
            "n must be between 1 and 10.",
            "invalid_request_error",
            Some("invalid_value"),
            Some("n"),
        );
    }
    let (w, h) = match size.as_str() {
        "auto" => (1024, 1024),
        s => s
            .split_once('x')
            .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
            .unwrap_or((1024, 1024)),
    };
    let format = req.output_format.clone().unwrap_or_else(|| "png".into());
    let mut data = Vec::new();
    for i in 0..n {
        let bytes = encode(
            &paint(&format!("{}#{i}", req.prompt), w, h),
            if gpt_image { &format } else { "png" },
        );
        let wants_url = !gpt_image && req.response_format.as_deref() != Some("b64_json");
        if wants_url {
            let name = format!("img-{}-{i}.png", now());
            state
                .files
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(name.clone(), bytes);
            data.push(json!({ "url": format!("{}/files/{name}", state.base_url), "revised_prompt": format!("A detailed rendering of: {}", req.prompt) }));
        } else {
            let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
            let mut item = json!({ "b64_json": b64 });
            if !gpt_image {
                item["revised_prompt"] = json!(format!("A detailed rendering of: {}", req.prompt));
            }
            data.push(item);
        }
    }
    let mut body = json!({ "created": now(), "data": data });
    if gpt_image {
        let text_tokens = (req.prompt.len() / 4 + 1) as u64;
        body["background"] = json!("opaque");
        body["output_format"] = json!(format);
        body["quality"] = json!(req.quality.unwrap_or_else(|| "medium".into()));
        body["size"] = json!(format!("{w}x{h}"));
        body["usage"] = json!({
            "input_tokens": text_tokens,
            "input_tokens_details": { "image_tokens": 0, "text_tokens": text_tokens },
            "output_tokens": 1056 * n as u64,
            "total_tokens": text_tokens + 1056 * n as u64,
        });
    }
    Json(body).into_response()
}

async fn file(State(state): State<MockState>, Path(name): Path<String>) -> Response {
    match state
        .files
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&name)
    {
        Some(bytes) => ([(header::CONTENT_TYPE, "image/png")], bytes.clone()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
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
    let (words, cut) = chat::pieces(&chat::reply(&text), req.max_completion_tokens);
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

async fn models(headers: HeaderMap) -> Response {
    if let Err(r) = check_key(&headers) {
        return r;
    }
    let data: Vec<Value> = ["gpt-image-1", "gpt-4o-mini", "gpt-4o"].iter().map(|m| json!({ "id": m, "object": "model", "created": 1_700_000_000, "owned_by": "openai" })).collect();
    Json(json!({ "object": "list", "data": data })).into_response()
}

const DAY: u64 = 86_400;
const LINE_ITEMS: [&str; 2] = ["Image models", "gpt-4o-mini, input"];

/// Organization costs: daily buckets from `start_time`, paged with `limit` and `page`.
async fn costs(headers: HeaderMap, Query(params): Query<Vec<(String, String)>>) -> Response {
    if let Err(r) = check_key(&headers) {
        return r;
    }
    let get = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let Some(start) = get("start_time").and_then(|v| v.parse::<u64>().ok()) else {
        return error(
            StatusCode::BAD_REQUEST,
            "Missing required parameter: 'start_time'.",
            "invalid_request_error",
            Some("missing_required_parameter"),
            Some("start_time"),
        );
    };
    let end = get("end_time")
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or_else(now);
    let limit = get("limit")
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(7)
        .clamp(1, 180);
    let offset = get("page")
        .and_then(|p| p.strip_prefix("page_"))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    let grouped = params
        .iter()
        .any(|(k, v)| k.starts_with("group_by") && v == "line_item");
    let first = start - start % DAY;
    let total = end.saturating_sub(first).div_ceil(DAY);
    let buckets: Vec<Value> = (offset..(offset + limit).min(total))
        .map(|i| {
            let day = first + i * DAY;
            let amounts: Vec<(&str, f64)> = LINE_ITEMS
                .iter()
                .enumerate()
                .map(|(k, item)| (*item, ((day / DAY) % 7 + 1) as f64 * if k == 0 { 0.04 } else { 0.0015 }))
                .collect();
            let result = |item: Value, value: f64| {
                json!({ "object": "organization.costs.result", "amount": { "value": value, "currency": "usd" }, "line_item": item, "project_id": null })
            };
            let results: Vec<Value> = if grouped {
                amounts.iter().map(|(item, v)| result(json!(item), *v)).collect()
            } else {
                vec![result(Value::Null, amounts.iter().map(|(_, v)| v).sum())]
            };
            json!({ "object": "bucket", "start_time": day, "end_time": day + DAY, "results": results })
        })
        .collect();
    let has_more = offset + limit < total;
    Json(json!({ "object": "page", "data": buckets, "has_more": has_more, "next_page": if has_more { json!(format!("page_{}", offset + limit)) } else { Value::Null } }))
        .into_response()
}
