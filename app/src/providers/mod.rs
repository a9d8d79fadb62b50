//! Clients for the external AI services (OpenAI, Ollama, Mureka).
//!
//! Each client speaks the provider's documented wire format over `reqwest` and maps every failure
//! onto [`ProviderProblem`](crate::error::ProviderProblem), so pages show one translated message
//! per kind of failure rather than raw HTTP errors. A provider that is not configured is served
//! by the in-process mock (`mock` crate) and flagged `demo`, which AI pages show in a banner
//! ([`crate::demo`]). Clients only: no pages and no server functions live here.

#[cfg(feature = "ssr")]
pub mod chat;
#[cfg(feature = "ssr")]
mod client;
#[cfg(feature = "ssr")]
pub mod mureka;
#[cfg(feature = "ssr")]
pub mod ollama;
#[cfg(feature = "ssr")]
pub mod openai;

#[cfg(feature = "ssr")]
pub use client::{http_client, Endpoint, ProviderError, Providers};
#[cfg(feature = "ssr")]
pub(crate) use client::{send_json, with_key};
#[cfg(feature = "ssr")]
pub use {mureka::Mureka, ollama::Ollama, openai::OpenAi};

use serde::{Deserialize, Serialize};

/// Mureka's `GET /v1/account/billing`; amounts in cents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MurekaBilling {
    pub account_id: i64,
    pub balance: i64,
    pub total_recharge: i64,
    pub total_spending: i64,
    pub concurrent_request_limit: i64,
}
