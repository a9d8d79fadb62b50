//! The messages of a conversation: an exchange stored, a reply saved as it grows and finished,
//! stop requests, the sweep for interrupted replies, and a reply read for its viewers.

use super::history::{begin_change, next_position, touch, Changer, Tx};
use super::parsed;
use crate::chat::{ReplyState, Role};
use crate::error::AppError;
use crate::infra::Db;

/// The user's message and the empty reply that will stream into it.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub message_id: String,
    pub reply_id: String,
    /// The same request was stored before (a repeated submit): nothing new was started.
    pub repeated: bool,
}

/// The exchange an earlier submit with `request_key` stored, if any.
async fn exchange_by_key<'e, E>(
    executor: E,
    conversation_id: &str,
    request_key: &str,
) -> Result<Option<Exchange>, sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT m.id, r.id FROM messages m JOIN messages r \
         ON r.conversation_id = m.conversation_id AND r.position = m.position + 1 \
         WHERE m.conversation_id = $1 AND m.request_key = $2",
    )
    .bind(conversation_id)
    .bind(request_key)
    .fetch_optional(executor)
    .await?;
    Ok(row.map(|(message_id, reply_id)| Exchange {
        message_id,
        reply_id,
        repeated: true,
    }))
}

/// The exchange an earlier submit with `request_key` stored (the caller owns the conversation).
pub async fn find_exchange(
    db: &Db,
    conversation_id: &str,
    request_key: &str,
) -> Result<Option<Exchange>, sqlx::Error> {
    exchange_by_key(&db.pool, conversation_id, request_key).await
}

/// Stores a user's message and its reply-to-be in one transaction. Refused while another reply
/// of the conversation is still streaming (one producer per conversation at a time).
pub async fn add_exchange(
    db: &Db,
    user_id: &str,
    conversation_id: &str,
    content: &str,
    request_key: &str,
    prompt_estimate: u32,
    now: i64,
) -> Result<Exchange, AppError> {
    // A repeated submit is answered before the busy check: its own reply may be the one
    // streaming.
    let mut tx = match begin_change(db, &Changer::User(user_id), conversation_id).await {
        Err(AppError::Busy) => {
            return find_exchange(db, conversation_id, request_key)
                .await?
                .ok_or(AppError::Busy)
        }
        other => other?,
    };
    if let Some(earlier) = exchange_by_key(&mut *tx, conversation_id, request_key).await? {
        return Ok(earlier);
    }
    let exchange = insert_exchange(
        &mut tx,
        conversation_id,
        content,
        request_key,
        prompt_estimate,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(exchange)
}

/// Inserts a user's message and its streaming reply at the end of the conversation.
pub async fn insert_exchange(
    tx: &mut Tx,
    conversation_id: &str,
    content: &str,
    request_key: &str,
    prompt_estimate: u32,
    now: i64,
) -> Result<Exchange, sqlx::Error> {
    let position = next_position(tx, conversation_id).await?;
    let exchange = Exchange {
        message_id: uuid::Uuid::new_v4().to_string(),
        reply_id: uuid::Uuid::new_v4().to_string(),
        repeated: false,
    };
    let user = NewMessage {
        id: &exchange.message_id,
        position,
        role: Role::User,
        content,
        prompt_estimate: None,
        request_key: Some(request_key),
    };
    insert_message(tx, conversation_id, &user, now).await?;
    let reply = NewMessage::reply(&exchange.reply_id, position + 1, prompt_estimate, None);
    insert_message(tx, conversation_id, &reply, now).await?;
    touch(tx, conversation_id, now, false).await?;
    Ok(exchange)
}

/// A message to insert; a reply is inserted streaming, anything else done.
pub struct NewMessage<'a> {
    pub id: &'a str,
    pub position: i64,
    pub role: Role,
    pub content: &'a str,
    pub prompt_estimate: Option<u32>,
    pub request_key: Option<&'a str>,
}

impl<'a> NewMessage<'a> {
    /// An empty reply about to stream.
    pub fn reply(
        id: &'a str,
        position: i64,
        prompt_estimate: u32,
        request_key: Option<&'a str>,
    ) -> NewMessage<'a> {
        NewMessage {
            id,
            position,
            role: Role::Assistant,
            content: "",
            prompt_estimate: Some(prompt_estimate),
            request_key,
        }
    }
}

pub async fn insert_message(
    tx: &mut Tx,
    conversation_id: &str,
    m: &NewMessage<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let state = match m.role {
        Role::Assistant => ReplyState::Streaming,
        Role::User | Role::Summary => ReplyState::Done,
    };
    sqlx::query(
        "INSERT INTO messages (id, conversation_id, position, role, content, state, \
         prompt_estimate, heartbeat_at, request_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
    )
    .bind(m.id)
    .bind(conversation_id)
    .bind(m.position)
    .bind(m.role.as_str())
    .bind(m.content)
    .bind(state.as_str())
    .bind(m.prompt_estimate.map(i64::from))
    .bind((state == ReplyState::Streaming).then_some(now))
    .bind(m.request_key)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Saves a streaming reply's text so far and renews its heartbeat. Returns whether the producer
/// should go on: not when a stop was requested, nor when the reply is no longer streaming (it
/// was declared interrupted, or deleted with its conversation).
pub async fn save_progress(
    db: &Db,
    reply_id: &str,
    content: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let stop: Option<i32> = sqlx::query_scalar(
        "UPDATE messages SET content = $2, heartbeat_at = $3, updated_at = $3 \
         WHERE id = $1 AND state = $4 RETURNING stop_requested",
    )
    .bind(reply_id)
    .bind(content)
    .bind(now)
    .bind(ReplyState::Streaming.as_str())
    .fetch_optional(&db.pool)
    .await?;
    Ok(stop == Some(0))
}

/// How a reply ended.
pub struct ReplyEnd<'a> {
    pub content: &'a str,
    pub state: ReplyState,
    pub error: Option<&'a AppError>,
    pub token_count: Option<u32>,
    pub prompt_tokens: Option<u32>,
    pub truncated: bool,
    pub done_reason: Option<&'a str>,
}

/// Writes a reply's final state (once: only a streaming reply is finished).
pub async fn finish(
    db: &Db,
    reply_id: &str,
    end: &ReplyEnd<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let error = end.error.and_then(|e| serde_json::to_string(e).ok());
    let done = sqlx::query(
        "UPDATE messages SET content = $2, state = $3, error = $4, token_count = $5, \
         prompt_tokens = $6, truncated = $7, done_reason = $8, heartbeat_at = NULL, updated_at = $9 \
         WHERE id = $1 AND state = $10",
    )
    .bind(reply_id)
    .bind(end.content)
    .bind(end.state.as_str())
    .bind(error)
    .bind(end.token_count.map(i64::from))
    .bind(end.prompt_tokens.map(i64::from))
    .bind(i32::from(end.truncated))
    .bind(end.done_reason)
    .bind(now)
    .bind(ReplyState::Streaming.as_str())
    .execute(&db.pool)
    .await?;
    sqlx::query(
        "UPDATE conversations SET last_activity_at = $2, \
         current_token_count = COALESCE($3, current_token_count) \
         WHERE id = (SELECT conversation_id FROM messages WHERE id = $1)",
    )
    .bind(reply_id)
    .bind(now)
    .bind(
        end.prompt_tokens
            .map(|p| i64::from(p) + i64::from(end.token_count.unwrap_or(0))),
    )
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Asks the producer of a user's streaming reply to stop (it reads the flag at its next save).
pub async fn request_stop(db: &Db, user_id: &str, reply_id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE messages SET stop_requested = 1 WHERE id = $1 AND state = $3 AND conversation_id \
         IN (SELECT id FROM conversations WHERE user_id = $2)",
    )
    .bind(reply_id)
    .bind(user_id)
    .bind(ReplyState::Streaming.as_str())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks streaming replies whose producer has been silent since `stale_before` as interrupted,
/// keeping their text. Returns how many.
pub async fn mark_interrupted(db: &Db, stale_before: i64, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE messages SET state = $1, heartbeat_at = NULL, updated_at = $3 \
         WHERE state = $2 AND heartbeat_at < $4",
    )
    .bind(ReplyState::Interrupted.as_str())
    .bind(ReplyState::Streaming.as_str())
    .bind(now)
    .bind(stale_before)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected())
}

/// A user's reply as stored: its text and state.
pub async fn reply_text(
    db: &Db,
    user_id: &str,
    reply_id: &str,
) -> Result<Option<(String, ReplyState)>, sqlx::Error> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT m.content, m.state FROM messages m JOIN conversations c ON c.id = m.conversation_id \
         WHERE m.id = $1 AND c.user_id = $2 AND m.role = $3",
    )
    .bind(reply_id)
    .bind(user_id)
    .bind(Role::Assistant.as_str())
    .fetch_optional(&db.pool)
    .await?;
    row.map(|(content, state)| {
        Ok((
            content,
            parsed(ReplyState::parse(&state), "reply state", &state)?,
        ))
    })
    .transpose()
}
