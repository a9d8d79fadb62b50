//! A conversation taken out of the app and brought back in: exported as Markdown (to read,
//! share or keep with a song's notes) or as JSON (`format`, to continue it elsewhere), and
//! imported from that JSON as a new conversation of the importer's. Exports are plain
//! downloads (`GET /export/v1/chat/{id}.md|json`, `route`), so they work without scripts.

#[cfg(feature = "ssr")]
pub mod format;
#[cfg(feature = "ssr")]
mod markdown;
#[cfg(feature = "ssr")]
pub mod route;

use leptos::prelude::*;

use crate::error::AppError;

/// The largest file an import reads.
pub const MAX_IMPORT_BYTES: usize = shared::input::MAX_FILE_TEXT_BYTES;

/// The two export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Markdown,
    Json,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Json => "json",
        }
    }
}

/// Where a conversation's export downloads from; Markdown is written in `language`.
pub fn export_href(id: &str, format: ExportFormat, language: &str) -> String {
    format!(
        "/export/v1/chat/{id}.{}?lang={language}",
        format.extension()
    )
}

/// Creates a conversation from an exported file; returns its id. A file that is not an
/// export of this app, or is too large, is refused and nothing is created.
#[server(endpoint = "import_conversation")]
pub async fn import_conversation(file: String) -> Result<String, AppError> {
    let (state, user) = crate::auth::signed_in().await?;
    if file.len() > MAX_IMPORT_BYTES {
        return Err(AppError::PayloadTooLarge);
    }
    let parsed = format::parse(&file)?;
    let c = &parsed.conversation;
    // The window as this installation knows the model, else as exported (within the cap).
    let backend = c.provider.backend();
    let window = match state.providers.chat.window(backend, &c.model).await {
        Ok(window) => window,
        Err(_) => c.window.min(state.providers.chat.max_window),
    };
    let id = crate::chat::db::import(&state.db, &user.id, &parsed, window, crate::infra::now_ms())
        .await?;
    Ok(id)
}
