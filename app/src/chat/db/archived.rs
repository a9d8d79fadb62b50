//! The archive as a conversation shows it: the earlier versions of its last reply and the
//! batches that left it.

use sqlx::Row;

use super::{count, message, parsed};
use crate::chat::{ArchiveReason, ArchivedBatch, BatchInfo, Message};
use crate::infra::Db;

const ARCHIVED_COLUMNS: &str = "original_message_id AS id, position, role, content, state, error, \
    token_count, prompt_estimate, prompt_tokens, truncated, done_reason, \
    original_created_at AS created_at";

/// The earlier versions of the reply to `anchor_id` (oldest first).
pub async fn versions(
    db: &Db,
    conversation_id: &str,
    anchor_id: &str,
) -> Result<Vec<Message>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {ARCHIVED_COLUMNS} FROM messages_archive WHERE conversation_id = $1 \
         AND reason = $2 AND anchor_id = $3 ORDER BY original_created_at, position"
    ))
    .bind(conversation_id)
    .bind(ArchiveReason::Regenerated.as_str())
    .bind(anchor_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(message)
    .collect()
}

/// The conversation's archived batches other than reply versions, newest first, each with
/// the first words of its first message.
pub async fn batches(db: &Db, conversation_id: &str) -> Result<Vec<BatchInfo>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT a.batch_id, a.reason, a.archived_at, a.summary_message_id, a.position, \
         a.content, counted.messages FROM messages_archive a JOIN (SELECT batch_id, \
         MIN(position) AS first, COUNT(*) AS messages FROM messages_archive \
         WHERE conversation_id = $1 AND reason <> $2 GROUP BY batch_id) counted \
         ON counted.batch_id = a.batch_id AND counted.first = a.position \
         WHERE a.conversation_id = $1 ORDER BY a.archived_at DESC, a.batch_id",
    )
    .bind(conversation_id)
    .bind(ArchiveReason::Regenerated.as_str())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let reason: String = r.try_get("reason")?;
            let content: String = r.try_get("content")?;
            Ok(BatchInfo {
                id: r.try_get("batch_id")?,
                reason: parsed(ArchiveReason::parse(&reason), "archive reason", &reason)?,
                archived_at: r.try_get("archived_at")?,
                summary_message_id: r.try_get("summary_message_id")?,
                position: r.try_get("position")?,
                messages: count(r, "messages")?.unwrap_or(0),
                first_words: content.chars().take(160).collect(),
            })
        })
        .collect()
}

/// One archived batch with its messages in order.
pub async fn batch(
    db: &Db,
    conversation_id: &str,
    batch_id: &str,
) -> Result<Option<ArchivedBatch>, sqlx::Error> {
    let infos = batches(db, conversation_id).await?;
    let Some(info) = infos.into_iter().find(|b| b.id == batch_id) else {
        return Ok(None);
    };
    let messages = sqlx::query(&format!(
        "SELECT {ARCHIVED_COLUMNS} FROM messages_archive WHERE conversation_id = $1 \
         AND batch_id = $2 ORDER BY position"
    ))
    .bind(conversation_id)
    .bind(batch_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(message)
    .collect::<Result<_, _>>()?;
    Ok(Some(ArchivedBatch { info, messages }))
}
