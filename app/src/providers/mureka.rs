//! Mureka: song and instrumental generation (submit, then poll), lyrics, billing, and fetching
//! the result files before their URLs expire.
//!
//! The API has no idempotency key, so [`Mureka::submit`] tells apart a request that certainly
//! did not create a job (refused, or never sent) from one whose fate is unknown (the answer was
//! lost): the job runner must never send the latter again on its own.

use serde::{Deserialize, Serialize};

use super::{send_json, with_key, Endpoint, MurekaBilling, ProviderError};
use crate::error::{ProviderName, ProviderProblem};

const P: ProviderName = ProviderName::Mureka;

/// The provider's own limit on lyrics, in characters.
pub const MAX_LYRICS_CHARS: usize = 3000;
/// The provider's limit on a style prompt, in characters.
pub const MAX_PROMPT_CHARS: usize = 1024;

#[derive(Debug, Clone)]
pub struct Mureka {
    pub endpoint: Endpoint,
    pub http: reqwest::Client,
}

/// Which generator a job uses; they share the task shape but not the endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    Song,
    Instrumental,
}

impl Generator {
    fn path(self) -> &'static str {
        match self {
            Generator::Song => "song",
            Generator::Instrumental => "instrumental",
        }
    }
}

/// `POST /v1/{song,instrumental}/generate`.
#[derive(Debug, Clone, Serialize)]
pub struct GenerateRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lyrics: Option<String>,
    pub model: String,
    pub n: u32,
    pub prompt: String,
}

/// The answer to a generate request (a task in its first state).
#[derive(Debug, Clone, Deserialize)]
pub struct TaskCreated {
    pub id: String,
    #[serde(default)]
    pub status: Option<TaskStatus>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskStatus {
    Preparing,
    Queued,
    Running,
    Streaming,
    Succeeded,
    Failed,
    Timeouted,
    Cancelled,
    /// A status this client does not know yet: treated as still running.
    #[serde(other)]
    Unknown,
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Preparing => "preparing",
            TaskStatus::Queued => "queued",
            TaskStatus::Running => "running",
            TaskStatus::Streaming => "streaming",
            TaskStatus::Succeeded => "succeeded",
            TaskStatus::Failed => "failed",
            TaskStatus::Timeouted => "timeouted",
            TaskStatus::Cancelled => "cancelled",
            TaskStatus::Unknown => "unknown",
        }
    }
}

/// `GET /v1/{song,instrumental}/query/{id}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Task {
    pub id: String,
    pub status: TaskStatus,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub failed_reason: Option<String>,
    #[serde(default)]
    pub progress: Option<f64>,
    #[serde(default)]
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Choice {
    pub index: u32,
    pub id: String,
    /// The MP3.
    pub url: String,
    #[serde(default)]
    pub flac_url: Option<String>,
    /// Milliseconds.
    #[serde(default)]
    pub duration: Option<f64>,
}

/// `POST /v1/lyrics/generate`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct GeneratedLyrics {
    pub title: String,
    pub lyrics: String,
}

/// Why a submission failed, and whether the provider may have created the job anyway.
#[derive(Debug)]
pub enum SubmitError {
    /// No job exists: the request was refused or never left.
    NotCreated(ProviderError),
    /// The request was sent but its answer lost (timeout, dropped connection): a job may exist.
    Unknown(ProviderError),
}

impl Mureka {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.endpoint.base_url.trim_end_matches('/'))
    }

    fn get(&self, path: &str) -> reqwest::RequestBuilder {
        with_key(
            self.http.get(self.url(path)),
            self.endpoint.api_key.as_deref(),
        )
    }

    fn post(&self, path: &str) -> reqwest::RequestBuilder {
        with_key(
            self.http.post(self.url(path)),
            self.endpoint.api_key.as_deref(),
        )
    }

    /// Submits a generation. See [`SubmitError`] for what a failure means.
    pub async fn submit(
        &self,
        generator: Generator,
        req: &GenerateRequest,
    ) -> Result<TaskCreated, SubmitError> {
        let path = format!("/v1/{}/generate", generator.path());
        let response = self.post(&path).json(req).send().await.map_err(|e| {
            let sent = !(e.is_connect() || e.is_builder());
            let err = ProviderError::transport(P, e);
            if sent {
                SubmitError::Unknown(err)
            } else {
                SubmitError::NotCreated(err)
            }
        })?;
        let status = response.status();
        // Once the status line arrived, the provider has decided: a lost body only loses the id.
        let body = response
            .text()
            .await
            .map_err(|e| SubmitError::Unknown(ProviderError::transport(P, e)))?;
        if !status.is_success() {
            return Err(SubmitError::NotCreated(ProviderError::answered(
                P,
                status.as_u16(),
                &body,
            )));
        }
        serde_json::from_str(&body).map_err(|e| {
            SubmitError::Unknown(ProviderError::new(
                P,
                ProviderProblem::BadResponse,
                e.to_string(),
            ))
        })
    }

    pub async fn query(&self, generator: Generator, id: &str) -> Result<Task, ProviderError> {
        let path = format!("/v1/{}/query/{id}", generator.path());
        send_json(P, self.get(&path)).await
    }

    pub async fn billing(&self) -> Result<MurekaBilling, ProviderError> {
        send_json(P, self.get("/v1/account/billing")).await
    }

    pub async fn lyrics(&self, prompt: &str) -> Result<GeneratedLyrics, ProviderError> {
        let body = serde_json::json!({ "prompt": prompt });
        send_json(P, self.post("/v1/lyrics/generate").json(&body)).await
    }

    /// Downloads a result file (no key: result URLs are pre-signed).
    /// A result's audio as a stream, to be stored as it arrives.
    pub async fn download(
        &self,
        url: &str,
    ) -> Result<crate::infra::storage::ByteStream, ProviderError> {
        super::client::download_stream(P, &self.http, url).await
    }
}
