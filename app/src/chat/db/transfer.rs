//! A conversation read whole for an export, and an exported one written as a new conversation.

use std::collections::HashMap;

use sqlx::Row;

use super::{message, parsed};
use crate::chat::transfer::format::{ExportFile, ExportedMessage};
use crate::chat::{ArchiveReason, Message, ReplyState};
use crate::infra::Db;

/// An archived message with what links it to its batch.
pub struct ArchivedRow {
    pub message: Message,
    pub batch_id: String,
    pub reason: ArchiveReason,
    pub anchor_id: Option<String>,
    pub summary_message_id: Option<String>,
    pub archived_at: i64,
}

/// Every archived message of a conversation, by batch and position.
pub async fn all_archived(db: &Db, conversation_id: &str) -> Result<Vec<ArchivedRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT original_message_id AS id, position, role, content, state, error, token_count, \
         prompt_estimate, prompt_tokens, truncated, done_reason, original_created_at AS created_at, \
         batch_id, reason, anchor_id, summary_message_id, archived_at FROM messages_archive \
         WHERE conversation_id = $1 ORDER BY archived_at, batch_id, position",
    )
    .bind(conversation_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let reason: String = r.try_get("reason")?;
            Ok(ArchivedRow {
                message: message(r)?,
                batch_id: r.try_get("batch_id")?,
                reason: parsed(ArchiveReason::parse(&reason), "archive reason", &reason)?,
                anchor_id: r.try_get("anchor_id")?,
                summary_message_id: r.try_get("summary_message_id")?,
                archived_at: r.try_get("archived_at")?,
            })
        })
        .collect()
}

/// Writes an exported conversation as a new one of `user_id`'s, in one transaction: every
/// record gets a new id (links follow), a reply exported mid-stream arrives interrupted.
pub async fn import(
    db: &Db,
    user_id: &str,
    file: &ExportFile,
    window: u32,
    now: i64,
) -> Result<String, sqlx::Error> {
    let c = &file.conversation;
    let mut new_ids: HashMap<&str, String> = HashMap::new();
    for m in c
        .messages
        .iter()
        .chain(c.archive.iter().map(|a| &a.message))
    {
        new_ids.insert(m.id.as_str(), uuid::Uuid::new_v4().to_string());
    }
    for a in &c.archive {
        new_ids
            .entry(a.batch_id.as_str())
            .or_insert_with(|| uuid::Uuid::new_v4().to_string());
    }
    let id_of = |old: &str| new_ids.get(old).cloned().unwrap_or_default();
    let id = uuid::Uuid::new_v4().to_string();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO conversations (id, user_id, title, titled, provider, model, system_context, \
         temperature, max_reply_tokens, context_window_size, pinned, archived, created_at, \
         updated_at, last_activity_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(&c.title)
    .bind(i32::from(!c.title.is_empty()))
    .bind(c.provider.as_str())
    .bind(&c.model)
    .bind(&c.system_context)
    .bind(c.temperature)
    .bind(i64::from(c.max_reply_tokens))
    .bind(i64::from(window))
    .bind(i32::from(c.pinned))
    .bind(i32::from(c.archived))
    .bind(c.created_at)
    .bind(now)
    .bind(c.last_activity_at)
    .execute(&mut *tx)
    .await?;
    const FIELDS: &str = "position, role, content, state, error, token_count, prompt_estimate, \
        prompt_tokens, truncated, done_reason";
    for m in &c.messages {
        let sql = format!(
            "INSERT INTO messages (id, conversation_id, {FIELDS}, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
        );
        let q = sqlx::query(&sql).bind(id_of(&m.id)).bind(&id);
        bind_fields(q, m)
            .bind(m.created_at)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    for a in &c.archive {
        let sql = format!(
            "INSERT INTO messages_archive (id, original_message_id, conversation_id, {FIELDS}, \
             original_created_at, batch_id, reason, anchor_id, summary_message_id, archived_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
             $18, $19)"
        );
        let (message_id, batch_id) = (id_of(&a.message.id), id_of(&a.batch_id));
        let q = sqlx::query(&sql)
            .bind(format!("{batch_id}:{message_id}"))
            .bind(message_id)
            .bind(&id);
        bind_fields(q, &a.message)
            .bind(a.message.created_at)
            .bind(batch_id)
            .bind(a.reason.as_str())
            .bind(a.anchor_id.as_deref().map(id_of))
            .bind(a.summary_message_id.as_deref().map(id_of))
            .bind(a.archived_at)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Binds the message fields both tables share, in `FIELDS` order.
fn bind_fields<'q>(q: super::AnyQuery<'q>, m: &'q ExportedMessage) -> super::AnyQuery<'q> {
    let state = match m.state {
        ReplyState::Streaming => ReplyState::Interrupted,
        other => other,
    };
    q.bind(m.position)
        .bind(m.role.as_str())
        .bind(m.content.as_str())
        .bind(state.as_str())
        .bind(m.error.as_ref().and_then(|e| serde_json::to_string(e).ok()))
        .bind(m.token_count.map(i64::from))
        .bind(m.prompt_estimate.map(i64::from))
        .bind(m.prompt_tokens.map(i64::from))
        .bind(i32::from(m.truncated))
        .bind(m.done_reason.as_deref())
}
