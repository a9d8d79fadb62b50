//! Configuration from environment variables (and an optional `.env` file).
//!
//! Every variable has a working default for the embedded setup (SQLite and local files under
//! `./data`); a value that is present but invalid stops the server with a message naming it.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// A configuration problem, naming the variable so the operator knows what to fix.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{var}: {message}")]
    Invalid { var: &'static str, message: String },
}

fn invalid(var: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        var,
        message: message.into(),
    }
}

/// Settings of one external AI provider; `None` fields mean "not configured" (demo mode later).
#[derive(Debug, Clone, Default)]
pub struct ProviderConfig {
    pub base_url: Option<String>,
    pub api_key: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub storage_dir: PathBuf,
    /// The S3-compatible bucket new files go to; `None` keeps them in `storage_dir`.
    pub s3: Option<app::infra::storage::S3Settings>,
    /// How often the storage outbox retries deletions that failed.
    pub storage_retry_interval: Duration,
    /// How long a write may stall before its object counts as abandoned.
    pub storage_write_lease: Duration,
    /// `PROJECT_MAX_FILE_MB`: the largest file a song project takes (0: no limit).
    pub project_max_file_bytes: Option<u64>,
    pub listen_addr: SocketAddr,
    /// From `JWT_SECRET`; when absent a secret is generated once and kept in the database.
    pub jwt_secret: Option<String>,
    pub token_ttl: Duration,
    /// `CLI_TOKEN_TTL_DAYS`: tokens issued to the command-line client.
    pub cli_token_ttl: Duration,
    pub allow_registration: bool,
    pub cookie_secure: bool,
    /// List searches use the trigram indexes (`SEARCH_INDEX`, on); off, they scan with `LIKE`.
    pub search_index: bool,
    pub trust_forwarded_for: bool,
    /// `LEPTOS_HASH_FILES`: whether pages link the bundle by content-hashed names; unset means
    /// "when the build's `hash.txt` sits beside the binary" (see `leptos_options`).
    pub hash_files: Option<bool>,
    /// Origins besides the request's own host allowed to send mutating requests.
    pub allowed_origins: Vec<String>,
    pub login_max_failures: usize,
    pub login_window: Duration,
    pub openai: ProviderConfig,
    pub mureka: ProviderConfig,
    pub ollama: ProviderConfig,
    /// Image model for generation; a current `gpt-image` model unless configured.
    pub openai_image_model: String,
    /// Admin key for the organization costs API (falls back to the API key).
    pub openai_admin_key: Option<String>,
    /// Longest wait for one provider request.
    pub provider_timeout: Duration,
    /// `EQUIPMENT_KEYS`: the keyring sealing equipment secrets (`<id>:<base64 key>`, comma-
    /// separated); unset, the key file `DATA_DIR/equipment-keys` holds it.
    pub equipment_keys: Option<String>,
    /// Background job workers in this process (0: this process runs no jobs).
    pub job_workers: usize,
    /// Mureka jobs at once across all processes; from the account's billing when unset.
    pub mureka_concurrency: Option<i64>,
    /// Wait between two polls of a running provider job.
    pub job_poll_interval: Duration,
    /// How long a job claim holds without a heartbeat (a killed process's jobs wait this long).
    /// A streaming chat reply whose producer is silent this long is marked interrupted.
    pub job_lease: Duration,
    /// `CHAT_MAX_CONTEXT`: the largest context window chat asks a model for (tokens).
    pub chat_max_context: u32,
    /// `OPENAI_CONTEXT_WINDOWS`: `model=tokens` pairs adding to or overriding the built-in table.
    pub openai_context_windows: Vec<(String, u32)>,
    /// `CHAT_COMPRESS_AT`: the share of its window (percent) at which a conversation is
    /// compressed before the next reply; 0 compresses only on demand.
    pub chat_compress_at: u32,
}

/// Shortest accepted `JWT_SECRET`: 32 bytes, the HS256 key size.
const MIN_SECRET_LEN: usize = 32;

impl Config {
    /// Reads the process environment, after loading `.env` if one exists.
    pub fn from_env() -> Result<Config, ConfigError> {
        let _ = dotenvy::dotenv();
        Config::from_lookup(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Builds the configuration from any key lookup (tests pass a map).
    /// Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |k: &str| lookup(k).filter(|v| !v.trim().is_empty());
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "data".into()));
        let storage_dir = get("STORAGE_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("files"));
        let database_url = get("DATABASE_URL").unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                data_dir.join("aitoolbox.db").display()
            )
        });
        if app::infra::Backend::from_url(&database_url).is_none() {
            return Err(invalid(
                "DATABASE_URL",
                "must start with sqlite: or postgres://",
            ));
        }
        let listen_raw = get("LISTEN_ADDR")
            .or_else(|| get("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let listen_addr = listen_raw
            .parse()
            .map_err(|_| invalid("LISTEN_ADDR", format!("'{listen_raw}' is not host:port")))?;
        let jwt_secret = get("JWT_SECRET");
        if jwt_secret
            .as_ref()
            .is_some_and(|s| s.len() < MIN_SECRET_LEN)
        {
            return Err(invalid(
                "JWT_SECRET",
                format!("must be at least {MIN_SECRET_LEN} bytes"),
            ));
        }
        let token_hours: u64 = number(&get, "TOKEN_TTL_HOURS", 24)?;
        if token_hours == 0 {
            return Err(invalid("TOKEN_TTL_HOURS", "must be at least 1"));
        }
        let cli_token_days: u64 = number(&get, "CLI_TOKEN_TTL_DAYS", 30)?;
        if cli_token_days == 0 {
            return Err(invalid("CLI_TOKEN_TTL_DAYS", "must be at least 1"));
        }
        let allowed_origins = get("ALLOWED_ORIGINS")
            .map(|v| {
                v.split(',')
                    .map(|o| o.trim().trim_end_matches('/').to_string())
                    .filter(|o| !o.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        Ok(Config {
            s3: s3(&get)?,
            storage_retry_interval: Duration::from_millis(number(
                &get,
                "STORAGE_RETRY_INTERVAL_MS",
                30_000,
            )?),
            storage_write_lease: Duration::from_secs(
                number(&get, "STORAGE_WRITE_LEASE_SECS", 600)?.max(1),
            ),
            project_max_file_bytes: match number::<u64>(&get, "PROJECT_MAX_FILE_MB", 0)? {
                0 => None,
                mb => Some(mb.saturating_mul(1024 * 1024)),
            },
            database_url,
            equipment_keys: get("EQUIPMENT_KEYS"),
            data_dir,
            storage_dir,
            listen_addr,
            jwt_secret,
            token_ttl: Duration::from_secs(token_hours * 3600),
            cli_token_ttl: Duration::from_secs(cli_token_days.saturating_mul(24 * 3600)),
            allow_registration: flag(&get, "ALLOW_REGISTRATION", true)?,
            cookie_secure: flag(&get, "COOKIE_SECURE", false)?,
            trust_forwarded_for: flag(&get, "TRUST_FORWARDED_FOR", false)?,
            search_index: flag(&get, "SEARCH_INDEX", true)?,
            hash_files: match get("LEPTOS_HASH_FILES") {
                Some(_) => Some(flag(&get, "LEPTOS_HASH_FILES", false)?),
                None => None,
            },
            allowed_origins,
            login_max_failures: number(&get, "LOGIN_MAX_FAILURES", 10)?,
            login_window: Duration::from_secs(number(&get, "LOGIN_WINDOW_SECS", 300)?),
            openai: provider(&get, "OPENAI_BASE_URL", "OPENAI_API_KEY")?,
            mureka: provider(&get, "MUREKA_BASE_URL", "MUREKA_API_KEY")?,
            ollama: provider(&get, "OLLAMA_URL", "OLLAMA_API_KEY")?,
            openai_image_model: get("OPENAI_IMAGE_MODEL").unwrap_or_else(|| "gpt-image-1".into()),
            openai_admin_key: get("OPENAI_ADMIN_API_KEY"),
            provider_timeout: Duration::from_secs(number(&get, "PROVIDER_TIMEOUT_SECS", 180)?),
            job_workers: number(&get, "JOB_WORKERS", 4)?,
            mureka_concurrency: get("MUREKA_CONCURRENCY")
                .map(|v| match v.trim().parse::<i64>() {
                    Ok(n) if n >= 1 => Ok(n),
                    _ => Err(invalid(
                        "MUREKA_CONCURRENCY",
                        "must be a whole number of at least 1",
                    )),
                })
                .transpose()?,
            job_poll_interval: Duration::from_millis(number(&get, "JOB_POLL_INTERVAL_MS", 3000)?),
            job_lease: Duration::from_secs(number(&get, "JOB_LEASE_SECS", 30)?.max(1)),
            chat_max_context: match number(&get, "CHAT_MAX_CONTEXT", 32_768u32)? {
                n if n >= 512 => n,
                _ => return Err(invalid("CHAT_MAX_CONTEXT", "must be at least 512")),
            },
            openai_context_windows: context_windows(get("OPENAI_CONTEXT_WINDOWS"))?,
            chat_compress_at: match number(
                &get,
                "CHAT_COMPRESS_AT",
                app::providers::chat::DEFAULT_COMPRESS_AT,
            )? {
                n @ (0 | 50..=95) => n,
                _ => {
                    return Err(invalid(
                        "CHAT_COMPRESS_AT",
                        "must be 0 (only on demand) or a percentage from 50 to 95",
                    ))
                }
            },
        })
    }
}

/// `S3_ENDPOINT` turns S3 on; then the bucket and both keys are required.
fn s3(
    get: &impl Fn(&str) -> Option<String>,
) -> Result<Option<app::infra::storage::S3Settings>, ConfigError> {
    let Some(endpoint) = get("S3_ENDPOINT") else {
        for var in ["S3_BUCKET", "S3_ACCESS_KEY", "S3_SECRET_KEY"] {
            if get(var).is_some() {
                return Err(invalid(var, "is set but S3_ENDPOINT is not"));
            }
        }
        return Ok(None);
    };
    if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
        return Err(invalid("S3_ENDPOINT", "must be an http:// or https:// URL"));
    }
    let required =
        |var: &'static str| get(var).ok_or_else(|| invalid(var, "is required with S3_ENDPOINT"));
    Ok(Some(app::infra::storage::S3Settings {
        endpoint,
        bucket: required("S3_BUCKET")?,
        region: get("S3_REGION").unwrap_or_else(|| "us-east-1".into()),
        access_key: required("S3_ACCESS_KEY")?,
        secret_key: required("S3_SECRET_KEY")?,
        presigned_downloads: flag(get, "S3_PRESIGNED_DOWNLOADS", false)?,
    }))
}

fn flag(
    get: &impl Fn(&str) -> Option<String>,
    var: &'static str,
    default: bool,
) -> Result<bool, ConfigError> {
    match get(var).map(|v| v.trim().to_ascii_lowercase()) {
        None => Ok(default),
        Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => Ok(true),
        Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => Ok(false),
        Some(v) => Err(invalid(var, format!("'{v}' is not true or false"))),
    }
}

fn number<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    var: &'static str,
    default: T,
) -> Result<T, ConfigError> {
    match get(var) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| invalid(var, format!("'{v}' is not a number"))),
    }
}

/// `gpt-4o=128000, my-model=32000` → pairs.
fn context_windows(raw: Option<String>) -> Result<Vec<(String, u32)>, ConfigError> {
    const VAR: &str = "OPENAI_CONTEXT_WINDOWS";
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(str::trim)
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (model, tokens) = pair
                .split_once('=')
                .ok_or_else(|| invalid(VAR, format!("'{pair}' is not model=tokens")))?;
            let tokens = tokens
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|t| *t > 0)
                .ok_or_else(|| invalid(VAR, format!("'{pair}' has no token count")))?;
            Ok((model.trim().to_string(), tokens))
        })
        .collect()
}

fn provider(
    get: &impl Fn(&str) -> Option<String>,
    url_var: &'static str,
    key_var: &'static str,
) -> Result<ProviderConfig, ConfigError> {
    let base_url = get(url_var).map(|u| u.trim().trim_end_matches('/').to_string());
    if let Some(url) = &base_url {
        let ok = url.parse::<http::Uri>().ok().is_some_and(|u| {
            matches!(u.scheme_str(), Some("http" | "https")) && u.host().is_some()
        });
        if !ok {
            return Err(invalid(url_var, format!("'{url}' is not an http(s) URL")));
        }
    }
    Ok(ProviderConfig {
        base_url,
        api_key: get(key_var),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_are_the_embedded_setup() {
        let c = config(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://data/aitoolbox.db?mode=rwc");
        assert_eq!(c.storage_dir, PathBuf::from("data/files"));
        assert_eq!(c.listen_addr.to_string(), "127.0.0.1:3000");
        assert!(c.jwt_secret.is_none());
        assert!(c.allow_registration);
        assert_eq!(c.token_ttl, Duration::from_secs(86_400));
        assert_eq!(c.hash_files, None);
        assert_eq!(
            config(&[("LEPTOS_HASH_FILES", "false")])
                .unwrap()
                .hash_files,
            Some(false)
        );
        assert_eq!(c.chat_max_context, 32_768);
        let windows = config(&[("OPENAI_CONTEXT_WINDOWS", "gpt-x=64000, local-model = 8192")]);
        assert_eq!(
            windows.unwrap().openai_context_windows,
            vec![
                ("gpt-x".to_string(), 64_000),
                ("local-model".to_string(), 8192)
            ]
        );
    }

    #[test]
    fn invalid_values_name_their_variable() {
        let cases = [
            ("DATABASE_URL", "mysql://x"),
            ("LISTEN_ADDR", "nowhere"),
            ("JWT_SECRET", "short"),
            ("ALLOW_REGISTRATION", "maybe"),
            ("LOGIN_MAX_FAILURES", "many"),
            ("OPENAI_BASE_URL", "ftp://x"),
            ("TOKEN_TTL_HOURS", "0"),
            ("CLI_TOKEN_TTL_DAYS", "0"),
            ("LEPTOS_HASH_FILES", "sometimes"),
            ("CHAT_MAX_CONTEXT", "100"),
            ("CHAT_COMPRESS_AT", "99"),
            ("OPENAI_CONTEXT_WINDOWS", "gpt-x"),
            ("OPENAI_CONTEXT_WINDOWS", "gpt-x=lots"),
        ];
        for (var, value) in cases {
            let err = config(&[(var, value)]).unwrap_err().to_string();
            assert!(err.starts_with(var), "{var}: {err}");
        }
    }

    #[test]
    fn postgres_urls_are_accepted() {
        let c = config(&[("DATABASE_URL", "postgres://u@127.0.0.1/db")]).unwrap();
        assert!(c.database_url.starts_with("postgres://"));
    }
}
