//! OpenAI: image generation (`gpt-image-*`, and the older URL-answering shape) and the
//! organization costs API.

use base64::Engine;
use serde::Deserialize;

use super::{send_json, with_key, Endpoint, ProviderError};
use crate::error::{ProviderName, ProviderProblem};

const P: ProviderName = ProviderName::Openai;

#[derive(Debug, Clone)]
pub struct OpenAi {
    pub endpoint: Endpoint,
    /// Key for `/v1/organization/costs` (an admin key); falls back to the API key.
    pub admin_key: Option<String>,
    pub image_model: String,
    pub http: reqwest::Client,
}

/// What the generation page asks for.
#[derive(Debug, Clone)]
pub struct ImageRequest<'a> {
    pub prompt: &'a str,
    pub size: &'a str,
    pub quality: &'a str,
}

/// The generated picture, already fetched if the provider answered with a URL.
#[derive(Debug)]
pub struct ImageResult {
    pub bytes: Vec<u8>,
    pub revised_prompt: Option<String>,
    pub model: String,
}

#[derive(Deserialize)]
struct ImagesResponse {
    data: Vec<ImageDatum>,
}

#[derive(Deserialize)]
struct ImageDatum {
    b64_json: Option<String>,
    url: Option<String>,
    revised_prompt: Option<String>,
}

/// One day's costs per line item.
#[derive(Debug, Clone, PartialEq)]
pub struct CostEntry {
    /// Bucket start, unix seconds.
    pub day: i64,
    pub line_item: String,
    pub amount: f64,
    pub currency: String,
}

#[derive(Deserialize)]
struct CostsPage {
    data: Vec<CostBucket>,
    has_more: bool,
    next_page: Option<String>,
}

#[derive(Deserialize)]
struct CostBucket {
    start_time: i64,
    results: Vec<CostResult>,
}

#[derive(Deserialize)]
struct CostResult {
    amount: Option<CostAmount>,
    line_item: Option<String>,
}

#[derive(Deserialize)]
struct CostAmount {
    value: f64,
    currency: String,
}

/// Upper bound on pages fetched for one period, against a provider that never stops paging.
const MAX_COST_PAGES: usize = 100;

impl OpenAi {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.endpoint.base_url)
    }

    /// `POST /images/generations`. `gpt-image-*` models always answer `b64_json`; older models
    /// answered a URL valid for an hour plus a `revised_prompt`, so both shapes are read.
    pub async fn generate_image(
        &self,
        req: &ImageRequest<'_>,
    ) -> Result<ImageResult, ProviderError> {
        let model = self.image_model.clone();
        let mut body =
            serde_json::json!({ "model": model, "prompt": req.prompt, "n": 1, "size": req.size });
        if model.starts_with("gpt-image") {
            body["quality"] = req.quality.into();
            body["output_format"] = "png".into();
        }
        let rb = self.http.post(self.url("/images/generations")).json(&body);
        let response: ImagesResponse =
            send_json(P, with_key(rb, self.endpoint.api_key.as_deref())).await?;
        let datum = response.data.into_iter().next().ok_or_else(|| {
            ProviderError::new(P, ProviderProblem::BadResponse, "no image in answer")
        })?;
        let bytes = match (datum.b64_json, datum.url) {
            (Some(b64), _) => base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|e| ProviderError::new(P, ProviderProblem::BadResponse, e.to_string()))?,
            (None, Some(url)) => self.download(&url).await?,
            (None, None) => {
                return Err(ProviderError::new(
                    P,
                    ProviderProblem::BadResponse,
                    "image without data",
                ))
            }
        };
        Ok(ImageResult {
            bytes,
            revised_prompt: datum.revised_prompt.filter(|p| !p.trim().is_empty()),
            model,
        })
    }

    async fn download(&self, url: &str) -> Result<Vec<u8>, ProviderError> {
        super::client::download(P, &self.http, url).await
    }

    /// Daily costs per line item for `[start, end)` (unix seconds), following `next_page`.
    pub async fn costs(&self, start: i64, end: i64) -> Result<Vec<CostEntry>, ProviderError> {
        let key = self
            .admin_key
            .as_deref()
            .or(self.endpoint.api_key.as_deref());
        let mut entries = Vec::new();
        let mut page: Option<String> = None;
        for _ in 0..MAX_COST_PAGES {
            let mut query: Vec<(&str, String)> = vec![
                ("start_time", start.to_string()),
                ("end_time", end.to_string()),
                ("bucket_width", "1d".into()),
                ("group_by[]", "line_item".into()),
                ("limit", "31".into()),
            ];
            if let Some(p) = &page {
                query.push(("page", p.clone()));
            }
            let rb = self.http.get(self.url("/organization/costs")).query(&query);
            let body: CostsPage = send_json(P, with_key(rb, key)).await?;
            for bucket in body.data {
                for result in bucket.results {
                    if let Some(amount) = result.amount {
                        entries.push(CostEntry {
                            day: bucket.start_time,
                            line_item: result.line_item.unwrap_or_else(|| "other".into()),
                            amount: amount.value,
                            currency: amount.currency,
                        });
                    }
                }
            }
            match (body.has_more, body.next_page) {
                (true, Some(next)) => page = Some(next),
                _ => return Ok(entries),
            }
        }
        Err(ProviderError::new(
            P,
            ProviderProblem::BadResponse,
            "costs paging did not end",
        ))
    }
}
