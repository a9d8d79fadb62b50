//! The one way a conversation's history changes: a write transaction that holds the
//! conversation and refuses while another reply streams, plus the small reads a change checks
//! its assumptions with before it moves anything.

use crate::chat::{ArchiveReason, ReplyState};
use crate::error::AppError;
use crate::infra::{Backend, Db};

pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Who changes a conversation's history.
pub enum Changer<'a> {
    /// Its owner (any other user finds no such conversation).
    User(&'a str),
    /// The producer of this streaming reply, compressing before it asks the model.
    Reply(&'a str),
}

/// Starts a change to a conversation: holds the conversation (its row on PostgreSQL; SQLite's
/// write transaction holds the whole database) and refuses while a reply streams (but the
/// changer's own), since its producer works from the messages as they were.
pub async fn begin_change(
    db: &Db,
    changer: &Changer<'_>,
    conversation_id: &str,
) -> Result<Tx, AppError> {
    let mut tx = db.begin_write().await?;
    let lock = match db.backend {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    };
    let (owner, own_reply) = match changer {
        Changer::User(user_id) => (Some(*user_id), ""),
        Changer::Reply(reply_id) => (None, *reply_id),
    };
    let found: Option<String> = sqlx::query_scalar(&format!(
        "SELECT id FROM conversations WHERE id = $1 AND ($2 IS NULL OR user_id = $2){lock}"
    ))
    .bind(conversation_id)
    .bind(owner)
    .fetch_optional(&mut *tx)
    .await?;
    if found.is_none() {
        return Err(AppError::NotFound);
    }
    let busy: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM messages WHERE conversation_id = $1 AND state = $2 AND id <> $3",
    )
    .bind(conversation_id)
    .bind(ReplyState::Streaming.as_str())
    .bind(own_reply)
    .fetch_one(&mut *tx)
    .await?;
    if busy > 0 {
        return Err(AppError::Busy);
    }
    Ok(tx)
}

/// The position for a new message: past every position the conversation has used, archived
/// ones included, so an archived batch can always come back to its places.
pub async fn next_position(tx: &mut Tx, conversation_id: &str) -> Result<i64, sqlx::Error> {
    let last: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(p) FROM (SELECT MAX(position) AS p FROM messages WHERE conversation_id = $1 \
         UNION ALL SELECT MAX(position) AS p FROM messages_archive WHERE conversation_id = $1) used",
    )
    .bind(conversation_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(last.map_or(0, |p| p + 1))
}

/// Counts a change as activity. When messages before the last one changed (`rewritten`), the
/// turns measured before no longer describe what the next prompt holds, as after a settings
/// change, so the conversation's `updated_at` moves too (see `Conversation::settings_at`).
pub async fn touch(
    tx: &mut Tx,
    conversation_id: &str,
    now: i64,
    rewritten: bool,
) -> Result<(), sqlx::Error> {
    let sql = if rewritten {
        "UPDATE conversations SET updated_at = $2, last_activity_at = $2 WHERE id = $1"
    } else {
        "UPDATE conversations SET last_activity_at = $2 WHERE id = $1"
    };
    sqlx::query(sql)
        .bind(conversation_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The ids of the conversation's messages between two positions (both included), in order:
/// what a change computed from must still be there when it is made.
pub async fn ids_between(
    tx: &mut Tx,
    conversation_id: &str,
    first: i64,
    last: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM messages WHERE conversation_id = $1 AND position >= $2 \
         AND position <= $3 ORDER BY position",
    )
    .bind(conversation_id)
    .bind(first)
    .bind(last)
    .fetch_all(&mut **tx)
    .await
}

/// The id of the conversation's last message.
pub async fn last_id(tx: &mut Tx, conversation_id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM messages WHERE conversation_id = $1 ORDER BY position DESC LIMIT 1",
    )
    .bind(conversation_id)
    .fetch_optional(&mut **tx)
    .await
}

/// The archive batch a message is in.
pub async fn batch_of(
    tx: &mut Tx,
    conversation_id: &str,
    message_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT batch_id FROM messages_archive WHERE conversation_id = $1 \
         AND original_message_id = $2",
    )
    .bind(conversation_id)
    .bind(message_id)
    .fetch_optional(&mut **tx)
    .await
}

/// Whether a summary still in the conversation replaced messages at or after `position`.
pub async fn summarised_from(
    tx: &mut Tx,
    conversation_id: &str,
    position: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM messages_archive WHERE conversation_id = $1 AND reason = $2 \
         AND position >= $3 AND summary_message_id IN \
         (SELECT id FROM messages WHERE conversation_id = $1)",
    )
    .bind(conversation_id)
    .bind(ArchiveReason::Compressed.as_str())
    .bind(position)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n > 0)
}

/// Records what a summary cost, as the provider counted it.
pub async fn set_token_count(tx: &mut Tx, id: &str, tokens: u32) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE messages SET token_count = $2 WHERE id = $1")
        .bind(id)
        .bind(i64::from(tokens))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether `user_id` owns the conversation.
pub async fn owns(db: &Db, user_id: &str, conversation_id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id FROM conversations WHERE id = $1 AND user_id = $2")
            .bind(conversation_id)
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(found.is_some())
}

/// What a reply's prompt is now expected to take (after a compression before it).
pub async fn set_prompt_estimate(
    db: &Db,
    reply_id: &str,
    estimate: u32,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE messages SET prompt_estimate = $2 WHERE id = $1")
        .bind(reply_id)
        .bind(i64::from(estimate))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The reply an earlier regenerate with `request_key` started, and the message it answers.
pub async fn regenerated_by_key(
    db: &Db,
    conversation_id: &str,
    request_key: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT q.id, r.id FROM messages r JOIN messages q ON q.conversation_id = r.conversation_id \
         AND q.position = (SELECT MAX(position) FROM messages p \
         WHERE p.conversation_id = r.conversation_id AND p.position < r.position) \
         WHERE r.conversation_id = $1 AND r.request_key = $2 AND r.role = 'assistant'",
    )
    .bind(conversation_id)
    .bind(request_key)
    .fetch_optional(&db.pool)
    .await
}

/// Where a message stands in the conversation: its position while it is there, or, when a
/// summary still in the conversation replaced it, its position as it was (what follows it in
/// the conversation still follows it). `None` when it left otherwise.
pub async fn standing_position(
    tx: &mut Tx,
    conversation_id: &str,
    message_id: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT position FROM messages WHERE conversation_id = $1 AND id = $2 \
         UNION ALL SELECT position FROM messages_archive WHERE conversation_id = $1 \
         AND original_message_id = $2 AND reason = $3 AND summary_message_id IN \
         (SELECT id FROM messages WHERE conversation_id = $1)",
    )
    .bind(conversation_id)
    .bind(message_id)
    .bind(ArchiveReason::Compressed.as_str())
    .fetch_optional(&mut **tx)
    .await
}
