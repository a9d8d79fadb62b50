//! Streaming chat with Ollama (`/api/chat`, newline-delimited JSON) and OpenAI
//! (`/v1/chat/completions`, server-sent events), behind one reader (`stream`), plus what the
//! context meter needs from each: the model list and each model's real context window.

mod stream;

pub use stream::ReplyStream;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

use crate::error::ProviderName;
use crate::providers::{send_json, with_key, Endpoint, ProviderError};
use stream::{open, Format};

/// One message of the conversation as sent.
#[derive(Debug, Clone)]
pub struct Turn {
    /// `system`, `user` or `assistant`.
    pub role: &'static str,
    pub content: String,
}

/// One streamed chat request.
#[derive(Debug, Clone)]
pub struct ChatCall {
    pub model: String,
    /// The whole prompt: the system context first, the new user message last.
    pub turns: Vec<Turn>,
    pub temperature: f64,
    pub max_reply_tokens: u32,
    /// The window to use (Ollama's `num_ctx`; always sent, so no server default applies).
    pub window: u32,
}

/// The counts a provider reports when the reply ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatEnd {
    pub prompt_tokens: Option<u32>,
    pub reply_tokens: Option<u32>,
    /// `stop`, `length`, … as the provider says it.
    pub done_reason: Option<String>,
}

/// What a reply stream yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChatEvent {
    Text(String),
    End(ChatEnd),
}

fn messages(turns: &[Turn]) -> Vec<Value> {
    turns
        .iter()
        .map(|t| json!({ "role": t.role, "content": t.content }))
        .collect()
}

/// The chat side of both providers: streaming, the model lists and the windows.
#[derive(Debug, Clone)]
pub struct ChatProviders {
    pub ollama: Endpoint,
    pub openai: Endpoint,
    /// Without a total timeout (a reply may stream for minutes); `idle` bounds each wait.
    pub http: reqwest::Client,
    pub idle: Duration,
    /// The largest window the app asks for, whatever the model could take (memory on the GPU
    /// grows with it).
    pub max_window: u32,
    /// The share of its window (percent) at which a conversation is compressed before the
    /// next reply; 0: only on demand.
    pub compress_at: u32,
    /// OpenAI's windows by model name (built in, extended by configuration).
    pub openai_windows: Arc<Vec<(String, u32)>>,
    /// Ollama's windows by model, as `/api/show` reported them.
    ollama_windows: Arc<Mutex<HashMap<String, u32>>>,
}

/// Where conversations are compressed unless configured otherwise (`CHAT_COMPRESS_AT`): where
/// Open WebUI and LibreChat summarise, early enough that the summary itself still fits.
pub const DEFAULT_COMPRESS_AT: u32 = 80;

/// Context windows of OpenAI's chat models as published; `OPENAI_CONTEXT_WINDOWS` adds others.
pub const OPENAI_WINDOWS: [(&str, u32); 8] = [
    ("gpt-4o", 128_000),
    ("gpt-4o-mini", 128_000),
    ("gpt-4.1", 1_047_576),
    ("gpt-4.1-mini", 1_047_576),
    ("gpt-4.1-nano", 1_047_576),
    ("o3", 200_000),
    ("o4-mini", 200_000),
    ("gpt-3.5-turbo", 16_385),
];

/// Which provider a conversation talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatBackend {
    Ollama,
    OpenAi,
}

impl ChatProviders {
    pub fn new(
        ollama: Endpoint,
        openai: Endpoint,
        idle: Duration,
        max_window: u32,
        extra_openai_windows: Vec<(String, u32)>,
    ) -> ChatProviders {
        let mut windows: Vec<(String, u32)> = extra_openai_windows;
        for (model, window) in OPENAI_WINDOWS {
            if !windows.iter().any(|(m, _)| m == model) {
                windows.push((model.to_string(), window));
            }
        }
        ChatProviders {
            ollama,
            openai,
            http: reqwest::Client::builder()
                .connect_timeout(Duration::from_secs(10))
                .user_agent(concat!("aitoolbox/", env!("CARGO_PKG_VERSION")))
                .build()
                .unwrap_or_default(),
            idle,
            max_window,
            compress_at: DEFAULT_COMPRESS_AT,
            openai_windows: Arc::new(windows),
            ollama_windows: Arc::default(),
        }
    }

    fn endpoint(&self, backend: ChatBackend) -> (&Endpoint, ProviderName) {
        match backend {
            ChatBackend::Ollama => (&self.ollama, ProviderName::Ollama),
            ChatBackend::OpenAi => (&self.openai, ProviderName::Openai),
        }
    }

    fn request(
        &self,
        backend: ChatBackend,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::RequestBuilder {
        let (endpoint, _) = self.endpoint(backend);
        // Lists and model facts are quick calls; a page waits for them.
        let rb = self
            .http
            .request(method, format!("{}{path}", endpoint.base_url))
            .timeout(self.idle.min(Duration::from_secs(10)));
        with_key(rb, endpoint.api_key.as_deref())
    }

    /// Starts a streamed reply.
    pub async fn stream(
        &self,
        backend: ChatBackend,
        call: &ChatCall,
    ) -> Result<ReplyStream, ProviderError> {
        let (_, name) = self.endpoint(backend);
        let (path, format, body) = match backend {
            ChatBackend::Ollama => (
                "/api/chat",
                Format::OllamaLines,
                json!({
                    "model": call.model,
                    "messages": messages(&call.turns),
                    "stream": true,
                    "options": {
                        "num_ctx": call.window,
                        "temperature": call.temperature,
                        "num_predict": call.max_reply_tokens,
                    },
                }),
            ),
            ChatBackend::OpenAi => (
                "/chat/completions",
                Format::OpenAiEvents,
                json!({
                    "model": call.model,
                    "messages": messages(&call.turns),
                    "stream": true,
                    "stream_options": { "include_usage": true },
                    "temperature": call.temperature,
                    "max_completion_tokens": call.max_reply_tokens,
                }),
            ),
        };
        let (endpoint, _) = self.endpoint(backend);
        // No per-request timeout here: `ReplyStream` bounds each wait instead.
        let request = with_key(
            self.http.post(format!("{}{path}", endpoint.base_url)),
            endpoint.api_key.as_deref(),
        )
        .json(&body);
        open(name, format, request, self.idle).await
    }

    /// The provider's chat models, by name.
    pub async fn models(&self, backend: ChatBackend) -> Result<Vec<String>, ProviderError> {
        let (_, name) = self.endpoint(backend);
        let mut models: Vec<String> = match backend {
            ChatBackend::Ollama => {
                let tags: Value = send_json(
                    name,
                    self.request(backend, reqwest::Method::GET, "/api/tags"),
                )
                .await?;
                tags["models"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|m| m["name"].as_str().or(m["model"].as_str()))
                    .map(String::from)
                    .collect()
            }
            ChatBackend::OpenAi => {
                let list: Value =
                    send_json(name, self.request(backend, reqwest::Method::GET, "/models")).await?;
                list["data"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|m| m["id"].as_str())
                    .filter(|id| is_openai_chat_model(id))
                    .map(String::from)
                    .collect()
            }
        };
        models.sort();
        models.dedup();
        Ok(models)
    }

    /// The window the app uses for `model`: the model's own context length (Ollama's
    /// `/api/show`, OpenAI's table), capped by `max_window`.
    pub async fn window(&self, backend: ChatBackend, model: &str) -> Result<u32, ProviderError> {
        let own = match backend {
            ChatBackend::OpenAi => self
                .openai_windows
                .iter()
                .find(|(m, _)| m == model)
                .map(|(_, w)| *w)
                // An unknown model gets the smallest window of the table: refusing a prompt
                // early is better than having it cut.
                .unwrap_or(16_385),
            ChatBackend::Ollama => {
                let known = self
                    .ollama_windows
                    .lock()
                    .ok()
                    .and_then(|w| w.get(model).copied());
                match known {
                    Some(w) => w,
                    None => {
                        let w = self.ollama_show(model).await?;
                        if let Ok(mut cache) = self.ollama_windows.lock() {
                            cache.insert(model.to_string(), w);
                        }
                        w
                    }
                }
            }
        };
        Ok(own.min(self.max_window))
    }

    async fn ollama_show(&self, model: &str) -> Result<u32, ProviderError> {
        let name = ProviderName::Ollama;
        let show: Value = send_json(
            name,
            self.request(ChatBackend::Ollama, reqwest::Method::POST, "/api/show")
                .json(&json!({ "model": model })),
        )
        .await?;
        let info = &show["model_info"];
        let architecture = info["general.architecture"].as_str().unwrap_or_default();
        Ok(info[format!("{architecture}.context_length")]
            .as_u64()
            .map(|n| n.min(u64::from(u32::MAX)) as u32)
            // Ollama's own fallback when a model does not say.
            .unwrap_or(2048))
    }
}

/// OpenAI lists every model of the account; the chat page offers the chat models only.
fn is_openai_chat_model(id: &str) -> bool {
    let chat = id.starts_with("gpt-") || id.starts_with("chatgpt-") || id.starts_with('o');
    let other = [
        "image",
        "audio",
        "realtime",
        "tts",
        "transcribe",
        "embedding",
        "search",
        "instruct",
    ]
    .iter()
    .any(|kind| id.contains(kind));
    chat && !other && !id.starts_with("omni-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_chat_models_are_offered() {
        for id in [
            "gpt-4o-mini",
            "gpt-4.1",
            "o3",
            "o4-mini",
            "chatgpt-4o-latest",
        ] {
            assert!(is_openai_chat_model(id), "{id}");
        }
        for id in [
            "gpt-image-1",
            "dall-e-3",
            "text-embedding-3-small",
            "gpt-4o-realtime-preview",
            "tts-1",
            "omni-moderation-latest",
            "whisper-1",
        ] {
            assert!(!is_openai_chat_model(id), "{id}");
        }
    }
}
