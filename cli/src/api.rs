//! The server's versioned HTTP surface (`/api/v1/…`) as the client uses it: a token for the
//! client, projects and folders, folder manifests, file uploads, downloads and deletes, and
//! the sync status. Every answer that is not a success becomes an [`ApiError`] that knows
//! whether trying again may help.

use std::time::{Duration, Instant};

use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::args::Global;
use crate::error::{CliError, Exit, Result, SIGN_IN};

#[derive(Debug, Clone, Deserialize)]
pub struct ApiToken {
    pub token: String,
    pub expires_at: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Project {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub tags: Vec<String>,
    pub sync_status: String,
    pub last_sync_at: Option<i64>,
    pub total_files: i64,
    pub total_bytes: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Folder {
    pub id: String,
    pub name: String,
    pub file_count: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProjectTree {
    #[serde(flatten)]
    pub project: Project,
    pub folders: Vec<Folder>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    pub files: Vec<RemoteFile>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RemoteFile {
    pub id: String,
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// A request that did not succeed.
#[derive(Debug)]
pub enum ApiError {
    /// The server could not be reached or the connection broke.
    Network(String),
    /// The server answered with an error status; `kind` from its JSON body.
    Status {
        status: StatusCode,
        kind: String,
        body: serde_json::Value,
    },
}

impl ApiError {
    /// Whether the same request may succeed a moment later.
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network(_) => true,
            ApiError::Status { status, .. } => {
                status.is_server_error() || *status == StatusCode::TOO_MANY_REQUESTS
            }
        }
    }

    /// As the error a command ends with; `what` names the thing asked for.
    pub fn into_cli(self, what: &str) -> CliError {
        match self {
            ApiError::Network(detail) => CliError::failed(format!("{what}: {detail}")),
            ApiError::Status { status, kind, body } => {
                let text = match (status, kind.as_str()) {
                    (StatusCode::UNAUTHORIZED, _) => {
                        return CliError::not_signed_in(format!(
                            "the server refused your token: {SIGN_IN}"
                        ))
                    }
                    (StatusCode::NOT_FOUND, _) => {
                        return CliError::not_found(format!("{what}: not found"))
                    }
                    (_, "file_exists") => format!(
                        "a different file '{}' is already there (names that differ only in case count as one; use --force to replace it)",
                        body["path"].as_str().unwrap_or_default()
                    ),
                    (_, "path_blocked") => format!(
                        "'{}' is in the way: a file and a folder cannot have the same name; rename one of them",
                        body["path"].as_str().unwrap_or_default()
                    ),
                    (_, "payload_too_large") => "larger than the server accepts (its PROJECT_MAX_FILE_MB)".to_string(),
                    (_, "checksum_mismatch") => "the server received different bytes than were sent (the file changed while it was read?)".to_string(),
                    (_, "invalid_path") => format!(
                        "the server refuses this path ({})",
                        body["problem"].as_str().unwrap_or("invalid").replace('_', " ")
                    ),
                    (_, "storage_unavailable") => "the server's storage is unavailable; try again later".to_string(),
                    (_, "rate_limited") => "too many attempts; wait a minute and try again".to_string(),
                    (_, "invalid_credentials") => return CliError::not_signed_in("wrong email or password"),
                    (_, kind) if !kind.is_empty() => format!("refused ({status}, {kind})"),
                    _ => format!("refused ({status})"),
                };
                CliError::new(Exit::TransfersFailed, format!("{what}: {text}"))
            }
        }
    }
}

pub type ApiResult<T> = std::result::Result<T, ApiError>;

#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    pub server: String,
    token: Option<String>,
    debug: bool,
}

impl Api {
    pub fn new(global: &Global, server: &str, token: Option<String>) -> Result<Api> {
        let mut builder = reqwest::Client::builder()
            .user_agent(concat!("aitoolbox-cli/", env!("CARGO_PKG_VERSION")))
            // No read timeout for the client as a whole: reqwest counts it from the start of a
            // request, so every upload longer than it would fail. A download that stalls is
            // caught per chunk (`transfer::STALL`).
            .connect_timeout(Duration::from_secs(15));
        if let Some(path) = &global.ca_cert {
            let pem = std::fs::read(path).map_err(|e| CliError::local("cannot read", path, e))?;
            let cert = reqwest::Certificate::from_pem(&pem).map_err(|e| {
                CliError::usage(format!("{} is not a PEM certificate: {e}", path.display()))
            })?;
            builder = builder.add_root_certificate(cert);
        }
        if global.insecure {
            eprintln!("warning: --insecure: the server's certificate is not checked; anyone between you and {server} can read your token and files");
            builder = builder.danger_accept_invalid_certs(true);
        }
        let http = builder
            .build()
            .map_err(|e| CliError::usage(format!("cannot set up HTTPS: {e}")))?;
        Ok(Api {
            http,
            server: server.to_string(),
            token,
            debug: global.debug,
        })
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let mut req = self.http.request(method, format!("{}{path}", self.server));
        if let Some(token) = &self.token {
            req = req.bearer_auth(token);
        }
        req
    }

    /// Sends `req`; any status but success becomes an [`ApiError`] carrying the server's
    /// error body. With `--debug`, the request and its answer go to stderr, tokens masked.
    pub async fn send(&self, req: RequestBuilder) -> ApiResult<Response> {
        let req = req.build().map_err(|e| ApiError::Network(e.to_string()))?;
        if self.debug {
            eprintln!("> {} {}", req.method(), req.url());
            for (name, value) in req.headers() {
                let shown = match name.as_str() {
                    "authorization" => "Bearer ***".to_string(),
                    _ => value.to_str().unwrap_or("(binary)").to_string(),
                };
                eprintln!(">   {name}: {shown}");
            }
        }
        let started = Instant::now();
        let answer = self.http.execute(req).await.map_err(network);
        let res = match answer {
            Ok(res) => res,
            Err(err) => {
                if self.debug {
                    eprintln!(
                        "< failed after {} ms: {err:?}",
                        started.elapsed().as_millis()
                    );
                }
                return Err(err);
            }
        };
        let status = res.status();
        if self.debug {
            eprintln!("< {status} in {} ms", started.elapsed().as_millis());
        }
        if status.is_success() || status == StatusCode::NOT_MODIFIED {
            return Ok(res);
        }
        let text = res.text().await.unwrap_or_default();
        if self.debug {
            eprintln!("< {}", mask_tokens(&text));
        }
        let body: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let kind = body["kind"].as_str().unwrap_or_default().to_string();
        Err(ApiError::Status { status, kind, body })
    }

    pub async fn json<T: DeserializeOwned>(&self, req: RequestBuilder) -> ApiResult<T> {
        let res = self.send(req).await?;
        let text = res.text().await.map_err(network)?;
        if self.debug {
            let shown: String = mask_tokens(&text).chars().take(2000).collect();
            eprintln!("< {shown}");
        }
        serde_json::from_str(&text)
            .map_err(|e| ApiError::Network(format!("the server's answer is not understood: {e}")))
    }

    pub async fn create_token(&self, email: &str, password: &str) -> ApiResult<ApiToken> {
        let body = serde_json::json!({ "email": email, "password": password });
        self.json(self.request(Method::POST, "/api/v1/tokens").json(&body))
            .await
    }

    /// `call` with retries on network trouble (see [`crate::retry`]).
    async fn retrying<T, Fut>(&self, call: impl FnMut() -> Fut) -> ApiResult<T>
    where
        Fut: std::future::Future<Output = ApiResult<T>>,
    {
        crate::retry::with_backoff(ApiError::is_transient, || (), call).await
    }

    pub async fn projects(&self) -> ApiResult<Vec<Project>> {
        self.retrying(|| self.json(self.request(Method::GET, "/api/v1/projects")))
            .await
    }

    pub async fn project(&self, id: &str) -> ApiResult<ProjectTree> {
        let path = format!("/api/v1/projects/{id}");
        self.retrying(|| self.json(self.request(Method::GET, &path)))
            .await
    }

    pub async fn manifest(&self, project: &str, folder: &str) -> ApiResult<Manifest> {
        let path = format!("/api/v1/projects/{project}/folders/{folder}/manifest");
        self.retrying(|| self.json(self.request(Method::GET, &path)))
            .await
    }

    /// Deletes a file; a retry after a lost answer gets 404, which callers take as done.
    pub async fn delete_file(&self, project: &str, file: &str) -> ApiResult<()> {
        let path = &format!("/api/v1/projects/{project}/files/{file}");
        self.retrying(|| async move {
            self.send(self.request(Method::DELETE, path))
                .await
                .map(drop)
        })
        .await
    }

    pub async fn set_sync(&self, project: &str, status: &str) -> ApiResult<()> {
        let path = &format!("/api/v1/projects/{project}/sync");
        let body = &serde_json::json!({ "status": status });
        self.retrying(|| async move {
            self.send(self.request(Method::PUT, path).json(body))
                .await
                .map(drop)
        })
        .await
    }
}

pub fn network(err: reqwest::Error) -> ApiError {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        text = format!("{text}: {cause}");
        source = cause.source();
    }
    ApiError::Network(text)
}

/// A JWT anywhere in `text` shown as `***`.
fn mask_tokens(text: &str) -> String {
    text.split('"')
        .map(|part| {
            if part.starts_with("eyJ") && part.matches('.').count() == 2 {
                "***"
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_never_reach_the_debug_output() {
        let answer = r#"{"token":"eyJhbGciOi.eyJzdWIi.sig","expires_at":1}"#;
        assert_eq!(mask_tokens(answer), r#"{"token":"***","expires_at":1}"#);
    }
}
