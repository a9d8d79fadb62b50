//! Clients for the external AI services (OpenAI, Ollama, Mureka).
//!
//! Each client speaks the provider's documented wire format over `reqwest` and maps every failure
//! onto [`ProviderProblem`](crate::error::ProviderProblem), so pages show one translated message
//! per kind of failure rather than raw HTTP errors. A provider that is not configured is served
//! by the in-process mock (`mock` crate) and flagged `demo`, which AI pages show in a banner.

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

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::i18n::*;

/// Which providers are served by the built-in demo stand-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DemoStatus {
    pub openai: bool,
    pub ollama: bool,
    pub mureka: bool,
}

/// Mureka's `GET /v1/account/billing`; amounts in cents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MurekaBilling {
    pub account_id: i64,
    pub balance: i64,
    pub total_recharge: i64,
    pub total_spending: i64,
    pub concurrent_request_limit: i64,
}

#[server(endpoint = "demo_providers")]
pub async fn demo_providers() -> Result<DemoStatus, AppError> {
    let (state, _) = crate::server::signed_in().await?;
    Ok(DemoStatus {
        openai: state.providers.openai.endpoint.demo,
        ollama: state.providers.ollama.endpoint.demo,
        mureka: state.providers.mureka.endpoint.demo,
    })
}

/// A note on AI pages naming the providers that answer with demo data, so nobody mistakes a
/// generated placeholder for a real result.
#[component]
pub fn DemoBanner() -> impl IntoView {
    let i18n = use_i18n();
    let demo = Resource::new_blocking(|| (), |_| demo_providers());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let d = demo.await.unwrap_or_default();
                let names: Vec<&str> = [(d.openai, "OpenAI"), (d.ollama, "Ollama"), (d.mureka, "Mureka")]
                    .into_iter()
                    .filter_map(|(on, name)| on.then_some(name))
                    .collect();
                (!names.is_empty()).then(|| {
                    let names = names.join(", ");
                    view! {
                        <p class="banner banner-info demo-banner" role="note">
                            <strong>{t!(i18n, demo.label)}</strong>" "
                            {t!(i18n, demo.body, providers = names.clone())}
                        </p>
                    }
                })
            })}
        </Suspense>
    }
}
