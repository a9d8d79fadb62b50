//! The application state shared by every request: the infrastructure, the provider clients, the
//! job queue and the settings fixed at start. It sits above those and below every feature; the
//! server crate assembles it from configuration and hands it to the router.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRef};
use http::request::Parts;
use jsonwebtoken::{DecodingKey, EncodingKey};
use leptos::config::LeptosOptions;
use leptos::prelude::*;

use crate::error::AppError;
use crate::infra::live::LiveTexts;
use crate::infra::secrets::KeySource;
use crate::infra::{Db, Storage};
use crate::jobs::Queue;
use crate::providers::Providers;

/// Everything a request handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub db: Db,
    pub auth: Arc<AuthSettings>,
    /// The per-address sign-in limit (the counts live in the database).
    pub login_throttle: ThrottlePolicy,
    pub storage: Storage,
    pub providers: Arc<Providers>,
    /// The background job queue (song generation).
    pub jobs: Queue,
    /// Texts being produced in this process (streaming chat replies), for their viewers.
    pub live: LiveTexts,
    /// The keyring sealing equipment secrets (from `EQUIPMENT_KEYS` or the key file).
    pub equipment_keys: Arc<KeySource>,
    /// The largest file a song project takes (`None`: no limit but the disk's).
    pub project_max_file_bytes: Option<u64>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

/// Session and account policy, fixed at start from configuration.
pub struct AuthSettings {
    pub encoding_key: EncodingKey,
    pub decoding_key: DecodingKey,
    pub token_ttl: Duration,
    /// Lifetime of a token the command-line client asks for: longer than a browser session,
    /// because a sync run in a DAW folder should not ask for the password every morning.
    pub cli_token_ttl: Duration,
    /// Adds `Secure` to the session cookie; on when the app is served over HTTPS.
    pub cookie_secure: bool,
    /// Whether accounts beyond the first (administrator) may sign up.
    pub allow_registration: bool,
    /// Take the client address for rate limiting from `X-Forwarded-For` (behind a proxy only).
    pub trust_forwarded_for: bool,
}

impl AuthSettings {
    pub fn new(secret: &[u8]) -> Self {
        AuthSettings {
            encoding_key: EncodingKey::from_secret(secret),
            decoding_key: DecodingKey::from_secret(secret),
            token_ttl: Duration::from_secs(24 * 3600),
            cli_token_ttl: Duration::from_secs(30 * 24 * 3600),
            cookie_secure: false,
            allow_registration: true,
            trust_forwarded_for: false,
        }
    }
}

/// The per-address sign-in limit, from configuration (enforced by `auth::throttle`).
#[derive(Debug, Clone, Copy)]
pub struct ThrottlePolicy {
    pub max_failures: i64,
    pub window: Duration,
}

/// The state provided to server functions by the router.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from server function context");
        AppError::Internal
    })
}

/// The request's client address, for per-client rate limiting.
pub fn client_ip(parts: &Parts, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for {
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ci| ci.0.ip())
}
