//! What every provider client shares: endpoints, error mapping, the HTTP client.

use std::time::Duration;

use super::chat::ChatProviders;
use super::{Mureka, Ollama, OpenAi};
use crate::error::{AppError, ProviderName, ProviderProblem};

/// All provider clients of this server.
#[derive(Debug, Clone)]
pub struct Providers {
    pub openai: OpenAi,
    pub ollama: Ollama,
    pub mureka: Mureka,
    /// Streaming chat with Ollama and OpenAI.
    pub chat: ChatProviders,
}

/// Where one provider is and whether it is the built-in demo stand-in.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub base_url: String,
    pub api_key: Option<String>,
    pub demo: bool,
}

/// A failed provider call; becomes [`AppError::Provider`] for the UI and is logged in full.
#[derive(Debug, thiserror::Error)]
#[error("{provider:?} {problem:?}: {detail}")]
pub struct ProviderError {
    pub provider: ProviderName,
    pub problem: ProviderProblem,
    /// The provider's own message, or what went wrong locally.
    pub detail: String,
    /// Whether `detail` is the provider's own answer (shown to the user) rather than a local
    /// description (a connection error naming internal addresses; logged only).
    pub from_provider: bool,
}

impl ProviderError {
    pub fn new(
        provider: ProviderName,
        problem: ProviderProblem,
        detail: impl Into<String>,
    ) -> Self {
        ProviderError {
            provider,
            problem,
            detail: detail.into(),
            from_provider: false,
        }
    }

    /// Maps a transport error (no HTTP answer at all).
    pub fn transport(provider: ProviderName, err: reqwest::Error) -> Self {
        let problem = if err.is_timeout() {
            ProviderProblem::Timeout
        } else if err.is_decode() {
            ProviderProblem::BadResponse
        } else {
            ProviderProblem::Unavailable
        };
        ProviderError::new(provider, problem, err.to_string())
    }

    /// Maps an HTTP error answer. The provider's own message, when the body carries one in its
    /// documented error format, is shown to the user; anything else (a proxy's error page that
    /// may name internal hosts) is only logged.
    pub fn answered(provider: ProviderName, status: u16, body: &str) -> Self {
        match error_message(body) {
            Some(message) => ProviderError {
                from_provider: true,
                ..ProviderError::status(provider, status, message)
            },
            None => ProviderError::status(provider, status, body.chars().take(300).collect()),
        }
    }

    /// Maps an HTTP error status with a description of our own.
    pub fn status(provider: ProviderName, status: u16, message: String) -> Self {
        let problem = match status {
            401 | 403 => ProviderProblem::InvalidKey,
            429 => ProviderProblem::RateLimited,
            408 | 504 => ProviderProblem::Timeout,
            400..=499 => ProviderProblem::Rejected,
            _ => ProviderProblem::Unavailable,
        };
        ProviderError::new(provider, problem, message)
    }
}

impl From<ProviderError> for AppError {
    fn from(err: ProviderError) -> Self {
        tracing::warn!(error = %err, "provider call failed");
        // The provider's own words say why (a moderation refusal, a used-up quota, an outage
        // notice), as song failures show them. A refused key's message quotes part of the
        // server's key, and local errors name internal addresses: those stay in the log.
        let detail = (err.from_provider
            && err.problem != ProviderProblem::InvalidKey
            && !err.detail.trim().is_empty())
        .then(|| err.detail.chars().take(300).collect());
        AppError::Provider {
            provider: err.provider,
            problem: err.problem,
            detail,
        }
    }
}

/// One HTTP client for all providers: connection reuse, and a timeout long enough for image
/// generation (which takes a minute at high quality) but not unbounded.
pub fn http_client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(10))
        .user_agent(concat!("aitoolbox/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_default()
}

/// Reads an error body's message: OpenAI/Mureka `{"error":{"message"}}`, Ollama `{"error":"…"}`.
fn error_message(body: &str) -> Option<String> {
    let parsed: serde_json::Value = serde_json::from_str(body).ok()?;
    parsed["error"]["message"]
        .as_str()
        .or_else(|| parsed["error"].as_str())
        .map(|m| m.chars().take(300).collect())
}

/// Adds the bearer key when there is one (Ollama usually runs without).
pub(crate) fn with_key(rb: reqwest::RequestBuilder, key: Option<&str>) -> reqwest::RequestBuilder {
    match key {
        Some(k) => rb.bearer_auth(k),
        None => rb,
    }
}

/// Sends a request and returns the successful body parsed as `T`, or the mapped error.
pub(crate) async fn send_json<T: serde::de::DeserializeOwned>(
    provider: ProviderName,
    request: reqwest::RequestBuilder,
) -> Result<T, ProviderError> {
    let response = request
        .send()
        .await
        .map_err(|e| ProviderError::transport(provider, e))?;
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|e| ProviderError::transport(provider, e))?;
    if !status.is_success() {
        return Err(ProviderError::answered(provider, status.as_u16(), &body));
    }
    serde_json::from_str(&body)
        .map_err(|e| ProviderError::new(provider, ProviderProblem::BadResponse, format!("{e}")))
}

/// Fetches a result file from a provider's (pre-signed, expiring) URL: no key is sent.
pub(crate) async fn download(
    provider: ProviderName,
    http: &reqwest::Client,
    url: &str,
) -> Result<Vec<u8>, ProviderError> {
    let bytes = download_response(provider, http, url)
        .await?
        .bytes()
        .await
        .map_err(|e| ProviderError::transport(provider, e))?;
    Ok(bytes.to_vec())
}

/// A provider's file as a stream of chunks, for storing without holding it in memory; a
/// transfer that breaks midway ends the stream with an error (and the write is not kept).
pub(crate) async fn download_stream(
    provider: ProviderName,
    http: &reqwest::Client,
    url: &str,
) -> Result<crate::infra::storage::ByteStream, ProviderError> {
    use futures::TryStreamExt;
    let response = download_response(provider, http, url).await?;
    Ok(Box::pin(
        response.bytes_stream().map_err(std::io::Error::other),
    ))
}

async fn download_response(
    provider: ProviderName,
    http: &reqwest::Client,
    url: &str,
) -> Result<reqwest::Response, ProviderError> {
    let response = http
        .get(url)
        .send()
        .await
        .map_err(|e| ProviderError::transport(provider, e))?;
    let status = response.status();
    if !status.is_success() {
        return Err(ProviderError::status(
            provider,
            status.as_u16(),
            format!("download failed: {status}"),
        ));
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(err: ProviderError) -> Option<String> {
        match AppError::from(err) {
            AppError::Provider { detail, .. } => detail,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_user_sees_the_providers_words_but_not_keys_or_internals() {
        let said = |status, message: &str| {
            let body = serde_json::json!({ "error": { "message": message } }).to_string();
            ProviderError::answered(ProviderName::Openai, status, &body)
        };
        assert_eq!(
            shown(said(503, "The engine is currently overloaded")).as_deref(),
            Some("The engine is currently overloaded")
        );
        assert!(shown(said(429, "You exceeded your current quota")).is_some());
        assert_eq!(
            shown(said(401, "Incorrect API key provided: sk-ab***yz")),
            None
        );
        let local = ProviderError::new(
            ProviderName::Openai,
            ProviderProblem::Unavailable,
            "error sending request for url (http://10.0.0.5/v1)",
        );
        assert_eq!(shown(local), None);
        let proxy_page = "<html>502 Bad Gateway: upstream 10.0.0.5:11434</html>";
        assert_eq!(
            shown(ProviderError::answered(
                ProviderName::Ollama,
                502,
                proxy_page
            )),
            None
        );
    }
}
