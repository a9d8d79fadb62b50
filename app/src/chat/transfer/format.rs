//! The JSON a conversation is exported as and imported from: everything needed to continue
//! it elsewhere (settings, messages, the archive with its batches and links), and nothing
//! that belongs to one installation (the owner). Ids are kept in the file so its links
//! (a version's anchor, a summary's originals) can be followed; an import gives every record
//! a new id, so the same file can be imported twice.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use shared::text::{MultiLine, SingleLine};

use crate::chat::db::ArchivedRow;
use crate::chat::{
    ArchiveReason, ChatProvider, Conversation, Message, ReplyState, Role, MAX_MESSAGE_CHARS,
    MAX_MODEL_CHARS, MAX_REPLY_TOKENS, MAX_SYSTEM_CHARS, MAX_TITLE_CHARS,
};
use crate::error::AppError;

/// What the file says it is.
pub const FORMAT: &str = "aitoolbox.conversation";
pub const VERSION: u32 = 1;
/// The most messages (live and archived) a file may hold.
pub const MAX_MESSAGES: usize = 20_000;
/// Positions a file may use: far beyond any conversation, far below overflowing.
const MAX_POSITION: i64 = 1 << 40;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    pub format: String,
    pub version: u32,
    pub conversation: ExportedConversation,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedConversation {
    pub title: String,
    pub provider: ChatProvider,
    pub model: String,
    pub system_context: String,
    pub temperature: f64,
    pub max_reply_tokens: u32,
    pub window: u32,
    pub pinned: bool,
    pub archived: bool,
    pub created_at: i64,
    pub last_activity_at: i64,
    pub messages: Vec<ExportedMessage>,
    pub archive: Vec<ExportedArchived>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedMessage {
    pub id: String,
    pub position: i64,
    pub role: Role,
    pub content: String,
    pub state: ReplyState,
    #[serde(default)]
    pub error: Option<AppError>,
    #[serde(default)]
    pub token_count: Option<u32>,
    #[serde(default)]
    pub prompt_estimate: Option<u32>,
    #[serde(default)]
    pub prompt_tokens: Option<u32>,
    #[serde(default)]
    pub truncated: bool,
    #[serde(default)]
    pub done_reason: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedArchived {
    #[serde(flatten)]
    pub message: ExportedMessage,
    pub batch_id: String,
    pub reason: ArchiveReason,
    #[serde(default)]
    pub anchor_id: Option<String>,
    #[serde(default)]
    pub summary_message_id: Option<String>,
    pub archived_at: i64,
}

impl From<&Message> for ExportedMessage {
    fn from(m: &Message) -> Self {
        ExportedMessage {
            id: m.id.clone(),
            position: m.position,
            role: m.role,
            content: m.content.clone(),
            state: m.state,
            error: m.error.clone(),
            token_count: m.token_count,
            prompt_estimate: m.prompt_estimate,
            prompt_tokens: m.prompt_tokens,
            truncated: m.truncated,
            done_reason: m.done_reason.clone(),
            created_at: m.created_at,
        }
    }
}

/// The file for a conversation and its archive.
pub fn export(c: &Conversation, archived: &[ArchivedRow]) -> ExportFile {
    ExportFile {
        format: FORMAT.into(),
        version: VERSION,
        conversation: ExportedConversation {
            title: c.title.clone(),
            provider: c.provider,
            model: c.model.clone(),
            system_context: c.system_context.clone(),
            temperature: c.temperature,
            max_reply_tokens: c.max_reply_tokens,
            window: c.window,
            pinned: c.pinned,
            archived: c.archived,
            created_at: c.created_at,
            last_activity_at: c.last_activity_at,
            messages: c.messages.iter().map(ExportedMessage::from).collect(),
            archive: archived
                .iter()
                .map(|a| ExportedArchived {
                    message: ExportedMessage::from(&a.message),
                    batch_id: a.batch_id.clone(),
                    reason: a.reason,
                    anchor_id: a.anchor_id.clone(),
                    summary_message_id: a.summary_message_id.clone(),
                    archived_at: a.archived_at,
                })
                .collect(),
        },
    }
}

/// Reads a file, refusing anything this app would not have written; `at` in the error names
/// the part that is wrong.
pub fn parse(text: &str) -> Result<ExportFile, AppError> {
    let reader = &mut serde_json::Deserializer::from_str(text);
    let file: ExportFile = serde_path_to_error::deserialize(reader).map_err(|e| {
        // A missing field is reported at its parent: name the field itself.
        let path = e.path().to_string();
        let message = e.inner().to_string();
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        invalid(match (path.as_str(), missing) {
            (".", Some(field)) => field.to_string(),
            (_, Some(field)) => format!("{path}.{field}"),
            (".", None) => "(file)".into(),
            _ => path,
        })
    })?;
    check(&file)?;
    Ok(file)
}

fn invalid(at: String) -> AppError {
    AppError::InvalidImport { at }
}

/// The rules a file's content must keep, beyond its shape.
fn check(file: &ExportFile) -> Result<(), AppError> {
    if file.format != FORMAT {
        return Err(invalid("format".into()));
    }
    if file.version != VERSION {
        return Err(invalid("version".into()));
    }
    let c = &file.conversation;
    let at = |part: &str| invalid(format!("conversation.{part}"));
    SingleLine::parse(&c.title, MAX_TITLE_CHARS).map_err(|_| at("title"))?;
    SingleLine::required(&c.model, MAX_MODEL_CHARS).map_err(|_| at("model"))?;
    MultiLine::parse(&c.system_context, MAX_SYSTEM_CHARS).map_err(|_| at("system_context"))?;
    if !(0.0..=2.0).contains(&c.temperature) {
        return Err(at("temperature"));
    }
    if !(1..=MAX_REPLY_TOKENS).contains(&c.max_reply_tokens) {
        return Err(at("max_reply_tokens"));
    }
    if c.window < 256 {
        return Err(at("window"));
    }
    if c.messages.len() + c.archive.len() > MAX_MESSAGES {
        return Err(at("messages"));
    }
    let mut ids = HashSet::new();
    let mut positions = HashMap::new();
    for (i, m) in c.messages.iter().enumerate() {
        let at = |part: &str| invalid(format!("conversation.messages[{i}].{part}"));
        check_message(m, &mut ids).map_err(|part| at(part))?;
        if positions.insert(m.position, m.id.as_str()).is_some() {
            return Err(at("position"));
        }
    }
    for (i, a) in c.archive.iter().enumerate() {
        let at = |part: &str| invalid(format!("conversation.archive[{i}].{part}"));
        check_message(&a.message, &mut ids).map_err(|part| at(part))?;
        SingleLine::required(&a.batch_id, 64).map_err(|_| at("batch_id"))?;
    }
    check_batches(c, &positions)
}

/// What the app relies on when a batch comes back: one reason and anchor per batch, its
/// positions its own and none taken by a message still there (but a summary's place, which
/// its first message shares), a reply version alone in its batch and anchored to a user's
/// message, a compressed batch named after its summary.
fn check_batches(c: &ExportedConversation, positions: &HashMap<i64, &str>) -> Result<(), AppError> {
    let roles: HashMap<&str, Role> = c
        .messages
        .iter()
        .chain(c.archive.iter().map(|a| &a.message))
        .map(|m| (m.id.as_str(), m.role))
        .collect();
    let mut batches: HashMap<&str, (&ExportedArchived, HashSet<i64>)> = HashMap::new();
    for (i, a) in c.archive.iter().enumerate() {
        let at = |part: &str| invalid(format!("conversation.archive[{i}].{part}"));
        let summary = a.summary_message_id.as_deref();
        let linked = match a.reason {
            ArchiveReason::Regenerated => a.message.role == Role::Assistant,
            ArchiveReason::Edited => true,
            ArchiveReason::Compressed => {
                summary == Some(a.batch_id.as_str())
                    && summary.and_then(|s| roles.get(s)) == Some(&Role::Summary)
            }
        };
        if !linked {
            return Err(at("reason"));
        }
        let (first, taken) = batches.entry(&a.batch_id).or_insert((a, HashSet::new()));
        let same = first.reason == a.reason && first.anchor_id == a.anchor_id;
        let own_name =
            a.reason == ArchiveReason::Compressed || !roles.contains_key(a.batch_id.as_str());
        if !same || !own_name || !taken.insert(a.message.position) {
            return Err(at("batch_id"));
        }
        if let Some(live) = positions.get(&a.message.position) {
            if a.reason != ArchiveReason::Compressed || summary != Some(*live) {
                return Err(at("position"));
            }
        }
        let anchor = a.anchor_id.as_deref().map(|id| roles.get(id));
        let anchored = match (a.reason, anchor) {
            (ArchiveReason::Regenerated, Some(Some(role))) => *role == Role::User,
            (ArchiveReason::Regenerated, _) => false,
            (_, Some(found)) => found.is_some(),
            (_, None) => true,
        };
        if !anchored || a.anchor_id.as_deref() == Some(a.message.id.as_str()) {
            return Err(at("anchor_id"));
        }
    }
    if batches
        .values()
        .any(|(first, taken)| first.reason == ArchiveReason::Regenerated && taken.len() != 1)
    {
        return Err(invalid("conversation.archive".into()));
    }
    Ok(())
}

/// One message's rules; the name of the part that breaks one.
fn check_message<'a>(
    m: &'a ExportedMessage,
    ids: &mut HashSet<&'a str>,
) -> Result<(), &'static str> {
    SingleLine::required(&m.id, 64).map_err(|_| "id")?;
    if !(0..MAX_POSITION).contains(&m.position) {
        return Err("position");
    }
    if !ids.insert(m.id.as_str()) {
        return Err("id");
    }
    MultiLine::parse(&m.content, MAX_MESSAGE_CHARS).map_err(|_| "content")?;
    if m.role == Role::User && m.state != ReplyState::Done {
        return Err("state");
    }
    if m.done_reason
        .as_deref()
        .is_some_and(|r| SingleLine::parse(r, 32).is_err())
    {
        return Err("done_reason");
    }
    Ok(())
}
