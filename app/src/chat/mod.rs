//! Chat: conversations with a local (Ollama) or hosted (OpenAI) model, replies streamed by the
//! server and kept whether or not anyone watches, and a context meter that counts what the
//! provider really saw.
//!
//! A reply belongs to the server, not to the tab that asked for it: `send_message` stores the
//! user's message and an empty reply, and a task (`reply`) streams the provider's answer into
//! that reply, saving it as it grows. Viewers follow it through `GET /api/v1/chat/replies/{id}`
//! (server-sent events, `events`), from this process's live text or, for a reply produced by
//! another process, from the database.

pub mod api;
mod archive_dialog;
mod composer;
#[cfg(feature = "ssr")]
pub mod compress;
mod conversation;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod events;
pub mod history;
mod import_dialog;
mod live_reply;
mod message;
mod message_actions;
mod meter;
mod open;
mod page;
#[cfg(feature = "ssr")]
pub mod reply;
pub mod request;
mod settings;
pub mod transfer;

pub use page::ChatPage;

use serde::{Deserialize, Serialize};
use shared::paging::Page;

shared::closed_set! {
    /// Which provider a conversation talks to.
    pub enum ChatProvider { Ollama = "ollama", OpenAi = "openai" }
}

#[cfg(feature = "ssr")]
impl ChatProvider {
    /// The provider's chat client.
    pub fn backend(self) -> crate::providers::chat::ChatBackend {
        use crate::providers::chat::ChatBackend;
        match self {
            ChatProvider::Ollama => ChatBackend::Ollama,
            ChatProvider::OpenAi => ChatBackend::OpenAi,
        }
    }
}

impl ChatProvider {
    /// The provider's name as people know it.
    pub fn label(self) -> &'static str {
        match self {
            ChatProvider::Ollama => "Ollama",
            ChatProvider::OpenAi => "OpenAI",
        }
    }
}

shared::closed_set! {
    /// Who wrote a message (the system context is the conversation's, not a message). A
    /// summary stands in for the earlier messages it replaced; the model reads it as context.
    pub enum Role { User = "user", Assistant = "assistant", Summary = "summary" }
}

shared::closed_set! {
    /// Why messages left a conversation for its archive.
    pub enum ArchiveReason {
        /// A reply replaced by a new version (the versions of a reply).
        Regenerated = "regenerated",
        /// A user message that was edited, and what followed it.
        Edited = "edited",
        /// Messages a summary replaced.
        Compressed = "compressed",
    }
}

/// An archived batch as the conversation lists it: what left, when, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchInfo {
    pub id: String,
    pub reason: ArchiveReason,
    pub archived_at: i64,
    /// Compressed: the summary that replaced the batch.
    pub summary_message_id: Option<String>,
    /// Where the batch's first message stood.
    pub position: i64,
    pub messages: u32,
    pub first_words: String,
}

/// An archived batch with its messages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchivedBatch {
    pub info: BatchInfo,
    pub messages: Vec<Message>,
}

shared::closed_set! {
    /// Where a reply is; a user's message is always `Done`.
    pub enum ReplyState {
        Streaming = "streaming",
        Done = "done",
        /// The user stopped it; the text so far is kept.
        Stopped = "stopped",
        /// The provider failed; the text so far is kept, `error` says why.
        Failed = "failed",
        /// Its producer went away (a restart); the text so far is kept.
        Interrupted = "interrupted",
    }
}

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_SYSTEM_CHARS: usize = 20_000;
pub const MAX_MESSAGE_CHARS: usize = 50_000;
pub const MAX_MODEL_CHARS: usize = 100;
pub const DEFAULT_TEMPERATURE: f64 = 0.7;
pub const DEFAULT_MAX_REPLY_TOKENS: u32 = 1024;
pub const MAX_REPLY_TOKENS: u32 = 32_768;
/// Conversations per page of the list.
pub const PAGE_SIZE: u32 = 50;

/// A conversation as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationCard {
    pub id: String,
    pub title: String,
    pub provider: ChatProvider,
    pub model: String,
    pub pinned: bool,
    pub archived: bool,
    pub last_activity_at: i64,
}

/// One page of the list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConversationPage {
    pub items: Vec<ConversationCard>,
    pub total: i64,
    pub page: Page,
    pub pages: u32,
}

/// Search and filter of the list, as they appear in the URL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConversationQuery {
    #[serde(default)]
    pub search: String,
    /// `archived` lists the archive; anything else the active conversations.
    #[serde(default)]
    pub show: String,
    #[serde(default)]
    pub page: Page,
}

impl ConversationQuery {
    pub fn archived(&self) -> bool {
        self.show == "archived"
    }
}

/// What the user sets for a conversation (at creation, and later in its settings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationForm {
    /// `provider:model`, as one picker offers both providers' models (`ollama:llama3.2:latest`).
    pub model: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub system_context: String,
    pub temperature: f64,
    pub max_reply_tokens: u32,
}

impl Default for ConversationForm {
    fn default() -> Self {
        ConversationForm {
            model: String::new(),
            title: String::new(),
            system_context: String::new(),
            temperature: DEFAULT_TEMPERATURE,
            max_reply_tokens: DEFAULT_MAX_REPLY_TOKENS,
        }
    }
}

/// One provider's chat models for the picker; a provider that cannot be reached says why
/// and leaves the other usable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelGroup {
    pub provider: ChatProvider,
    pub models: Vec<String>,
    pub error: Option<crate::error::AppError>,
}

/// The picker's value for a model of a provider.
pub fn model_choice(provider: ChatProvider, model: &str) -> String {
    format!("{}:{model}", provider.as_str())
}

/// A whole conversation with its messages, as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    pub id: String,
    pub title: String,
    pub provider: ChatProvider,
    pub model: String,
    pub system_context: String,
    pub temperature: f64,
    pub max_reply_tokens: u32,
    /// The window sent as `num_ctx`: the model's length, capped by configuration.
    pub window: u32,
    pub pinned: bool,
    pub archived: bool,
    pub created_at: i64,
    /// When the settings last changed: a turn measured before it counted another system
    /// context or model, so it no longer calibrates anything.
    pub settings_at: i64,
    pub last_activity_at: i64,
    pub messages: Vec<Message>,
    /// The earlier versions of the last reply, oldest first (switching brings one back).
    pub reply_versions: Vec<Message>,
    /// What left the conversation for its archive, newest first (reply versions aside).
    pub archive: Vec<BatchInfo>,
}

/// One message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    /// Its place in the conversation; never reused (see migration `0009_chat_archive`).
    pub position: i64,
    pub role: Role,
    pub content: String,
    pub state: ReplyState,
    /// Why a failed reply failed, as the error the UI translates.
    pub error: Option<crate::error::AppError>,
    /// A reply's length as the provider counted it.
    pub token_count: Option<u32>,
    /// For a reply: the prompt as estimated before sending and as the provider counted it.
    pub prompt_estimate: Option<u32>,
    pub prompt_tokens: Option<u32>,
    /// The provider's count shows it dropped part of the prompt.
    pub truncated: bool,
    /// `length` when the reply hit the maximum reply length.
    pub done_reason: Option<String>,
    pub created_at: i64,
}

impl Message {
    /// A message shown before the server has it (the user's, and the reply to come).
    pub fn pending(id: &str, role: Role, content: &str) -> Message {
        Message {
            id: id.to_string(),
            position: 0,
            role,
            content: content.to_string(),
            state: match role {
                Role::User | Role::Summary => ReplyState::Done,
                Role::Assistant => ReplyState::Streaming,
            },
            error: None,
            token_count: None,
            prompt_estimate: None,
            prompt_tokens: None,
            truncated: false,
            done_reason: None,
            created_at: 0,
        }
    }
}

impl Conversation {
    /// The last finished turn's measurement and how many messages it covered, for the next
    /// estimate (see `shared::chat::context::estimate_prompt`).
    pub fn last_measured(&self) -> Option<(shared::chat::context::Measured, usize)> {
        self.messages.iter().enumerate().rev().find_map(|(i, m)| {
            Some((
                shared::chat::context::Measured {
                    prompt: m.prompt_tokens?,
                    reply: m.token_count?,
                },
                i + 1,
            ))
            .filter(|_| {
                m.role == Role::Assistant && !m.truncated && m.created_at >= self.settings_at
            })
        })
    }

    /// The estimated prompt if `next` were sent now (`None`: as the conversation stands). A
    /// turn the provider cut counted at least what it saw: the estimate never goes below that
    /// count plus what came after, so a conversation that outgrew its window stays "full".
    pub fn estimate(&self, next: Option<&str>) -> u32 {
        use shared::chat::context::{
            estimate_message, estimate_prompt, MESSAGE_OVERHEAD, REPLY_PRIMER,
        };
        let mut texts: Vec<&str> = self.messages.iter().map(|m| m.content.as_str()).collect();
        texts.extend(next);
        let estimate = estimate_prompt(&self.system_context, &texts, self.last_measured());
        let cut = self.messages.iter().enumerate().rev().find_map(|(i, m)| {
            let current = m.truncated && m.created_at >= self.settings_at;
            Some((i, m.prompt_tokens? + m.token_count.unwrap_or(0))).filter(|_| current)
        });
        match cut {
            Some((i, seen)) => {
                let after: u32 = texts[i + 1..].iter().map(|t| estimate_message(t)).sum();
                estimate.max(seen + MESSAGE_OVERHEAD + after + REPLY_PRIMER)
            }
            None => estimate,
        }
    }

    /// What the next prompt certainly holds: the last measured prompt and reply.
    pub fn prompt_floor(&self) -> u32 {
        self.last_measured().map_or(0, |(m, _)| m.prompt + m.reply)
    }

    /// The tokens in use as the meter shows them: the last turn as measured when it is the
    /// latest, else the estimate of the conversation as it stands.
    pub fn used_tokens(&self) -> u32 {
        match self.last_measured() {
            Some((m, upto)) if upto == self.messages.len() => m.prompt + m.reply,
            _ => self.estimate(None),
        }
    }

    /// A reply still being written.
    pub fn streaming_reply(&self) -> Option<&Message> {
        self.messages
            .iter()
            .rev()
            .find(|m| m.state == ReplyState::Streaming)
    }
}
