//! The demo banner on AI pages: which providers answer with the built-in stand-in's data, so
//! nobody mistakes a generated placeholder for a real result.

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

#[server(endpoint = "demo_providers")]
pub async fn demo_providers() -> Result<DemoStatus, AppError> {
    let (state, _) = crate::auth::signed_in().await?;
    Ok(DemoStatus {
        openai: state.providers.openai.endpoint.demo,
        ollama: state.providers.ollama.endpoint.demo,
        mureka: state.providers.mureka.endpoint.demo,
    })
}

/// A note on AI pages naming the providers that answer with demo data.
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
