//! Ollama: chat completion (non-streaming) for the prompt-template path.

use serde::Deserialize;

use super::{send_json, with_key, Endpoint, ProviderError};
use crate::error::{ProviderName, ProviderProblem};

const P: ProviderName = ProviderName::Ollama;

#[derive(Debug, Clone)]
pub struct Ollama {
    pub endpoint: Endpoint,
    pub http: reqwest::Client,
}

/// One chat request as the template path builds it.
#[derive(Debug, Clone)]
pub struct ChatRequest<'a> {
    pub model: &'a str,
    pub system: &'a str,
    pub user: &'a str,
    pub temperature: f64,
    pub max_tokens: i64,
}

#[derive(Deserialize)]
struct ChatResponse {
    message: ChatMessage,
}

#[derive(Deserialize)]
struct ChatMessage {
    content: String,
}

impl Ollama {
    fn post(&self, path: &str) -> reqwest::RequestBuilder {
        let rb = self.http.post(format!("{}{path}", self.endpoint.base_url));
        with_key(rb, self.endpoint.api_key.as_deref())
    }

    /// `POST /api/chat` with `stream: false`; returns the assistant's text, trimmed.
    pub async fn chat(&self, req: &ChatRequest<'_>) -> Result<String, ProviderError> {
        let mut messages = Vec::new();
        if !req.system.trim().is_empty() {
            messages.push(serde_json::json!({ "role": "system", "content": req.system }));
        }
        messages.push(serde_json::json!({ "role": "user", "content": req.user }));
        let body = serde_json::json!({
            "model": req.model,
            "messages": messages,
            "stream": false,
            "options": { "temperature": req.temperature, "num_predict": req.max_tokens },
        });
        let response: ChatResponse = send_json(P, self.post("/api/chat").json(&body)).await?;
        let text = response.message.content.trim().to_string();
        if text.is_empty() {
            return Err(ProviderError::new(
                P,
                ProviderProblem::BadResponse,
                "empty answer",
            ));
        }
        Ok(text)
    }
}
