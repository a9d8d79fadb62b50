//! OpenAI: `POST /v1/images/generations` (chat completions are in `openai_chat`),
//! `GET /v1/organization/costs`, and `/files/*` for legacy URL responses.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::picture::{encode, paint};
use crate::{MockState, Scenario};

pub fn routes() -> Router<MockState> {
    Router::new()
        .route("/v1/images/generations", post(images))
        .route("/v1/organization/costs", get(costs))
        .route("/v1/models", get(models))
        .route("/files/{name}", get(file))
}

pub(crate) fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// OpenAI's error envelope.
pub(crate) fn error(
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

pub(crate) fn invalid_key() -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        "Incorrect API key provided: sk-****0002. You can find your API key at https://platform.openai.com/account/api-keys.",
        "invalid_request_error",
        Some("invalid_api_key"),
        None,
    )
}

/// Requires `Authorization: Bearer …`, as the real API does.
pub(crate) fn check_key(headers: &HeaderMap) -> Result<String, Response> {
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
