//! Queries on `conversations` and `messages`. Conversations are scoped to their owner here;
//! messages are reached only through an owned conversation, except by the reply producer, which
//! holds a reply id it created itself.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{
    ChatProvider, Conversation, ConversationCard, ConversationQuery, Message, ReplyState, Role,
    PAGE_SIZE,
};
use crate::error::AppError;
use crate::infra::{Backend, Db, ListQuery, RelatedSearch, TextSearch};

const CARD_COLUMNS: &str = "id, title, provider, model, pinned, archived, last_activity_at";
const COLUMNS: &str = "id, title, provider, model, system_context, temperature, \
    max_reply_tokens, context_window_size, pinned, archived, created_at, updated_at, \
    last_activity_at";
const MESSAGE_COLUMNS: &str = "id, role, content, state, error, token_count, prompt_estimate, \
    prompt_tokens, truncated, done_reason, created_at";

fn parsed<T>(value: Option<T>, what: &str, stored: &str) -> Result<T, sqlx::Error> {
    value.ok_or_else(|| sqlx::Error::Decode(format!("unknown {what} {stored:?}").into()))
}

fn provider(r: &AnyRow) -> Result<ChatProvider, sqlx::Error> {
    let stored: String = r.try_get("provider")?;
    parsed(ChatProvider::parse(&stored), "chat provider", &stored)
}

fn flag(r: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    Ok(r.try_get::<i32, _>(column)? != 0)
}

fn count(r: &AnyRow, column: &str) -> Result<Option<u32>, sqlx::Error> {
    Ok(r.try_get::<Option<i64>, _>(column)?
        .map(|n| n.clamp(0, i64::from(u32::MAX)) as u32))
}

fn card(r: &AnyRow) -> Result<ConversationCard, sqlx::Error> {
    Ok(ConversationCard {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        provider: provider(r)?,
        model: r.try_get("model")?,
        pinned: flag(r, "pinned")?,
        archived: flag(r, "archived")?,
        last_activity_at: r.try_get("last_activity_at")?,
    })
}

fn conversation(r: &AnyRow) -> Result<Conversation, sqlx::Error> {
    Ok(Conversation {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        provider: provider(r)?,
        model: r.try_get("model")?,
        system_context: r.try_get("system_context")?,
        temperature: r.try_get("temperature")?,
        max_reply_tokens: count(r, "max_reply_tokens")?.unwrap_or(0),
        window: count(r, "context_window_size")?.unwrap_or(0),
        pinned: flag(r, "pinned")?,
        archived: flag(r, "archived")?,
        created_at: r.try_get("created_at")?,
        settings_at: r.try_get("updated_at")?,
        last_activity_at: r.try_get("last_activity_at")?,
        messages: Vec::new(),
    })
}

fn message(r: &AnyRow) -> Result<Message, sqlx::Error> {
    let role: String = r.try_get("role")?;
    let state: String = r.try_get("state")?;
    let error: Option<String> = r.try_get("error")?;
    Ok(Message {
        id: r.try_get("id")?,
        role: parsed(Role::parse(&role), "message role", &role)?,
        content: r.try_get("content")?,
        state: parsed(ReplyState::parse(&state), "reply state", &state)?,
        error: error.and_then(|e| serde_json::from_str(&e).ok()),
        token_count: count(r, "token_count")?,
        prompt_estimate: count(r, "prompt_estimate")?,
        prompt_tokens: count(r, "prompt_tokens")?,
        truncated: flag(r, "truncated")?,
        done_reason: r.try_get("done_reason")?,
        created_at: r.try_get("created_at")?,
    })
}

/// What a list search looks in: titles, and the text of every finished message.
const SEARCH: TextSearch = TextSearch {
    columns: &["title"],
    sqlite_table: "conversations_search",
    postgres_expression: "lower(title)",
};
const MESSAGE_SEARCH: RelatedSearch = RelatedSearch {
    table: "messages",
    key: "conversation_id",
    search: TextSearch {
        columns: &["content"],
        sqlite_table: "messages_search",
        postgres_expression: "lower(content)",
    },
};

/// One page of the list: pinned first, then by last activity.
pub async fn list(
    db: &Db,
    user_id: &str,
    q: &ConversationQuery,
) -> Result<(Vec<ConversationCard>, i64), sqlx::Error> {
    let query = ListQuery::owned_by("conversations", user_id)
        .flag("archived", q.archived())
        .search_with(db, &SEARCH, &MESSAGE_SEARCH, &q.search);
    let total = query.count(db).await?;
    let items = query
        .page(
            db,
            CARD_COLUMNS,
            "pinned DESC, last_activity_at DESC, id DESC",
            q.page,
            PAGE_SIZE,
            card,
        )
        .await?;
    Ok((items, total))
}

/// A conversation with its messages in order.
pub async fn get(db: &Db, user_id: &str, id: &str) -> Result<Option<Conversation>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM conversations WHERE id = $1 AND user_id = $2"
    ))
    .bind(id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let mut c = conversation(&row)?;
    c.messages = sqlx::query(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 ORDER BY position"
    ))
    .bind(id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(message)
    .collect::<Result<_, _>>()?;
    Ok(Some(c))
}

/// A new conversation's settings, checked.
pub struct NewConversation<'a> {
    pub title: &'a str,
    pub provider: ChatProvider,
    pub model: &'a str,
    pub system_context: &'a str,
    pub temperature: f64,
    pub max_reply_tokens: u32,
    pub window: u32,
}

pub async fn insert(
    db: &Db,
    user_id: &str,
    c: &NewConversation<'_>,
    now: i64,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO conversations (id, user_id, title, titled, provider, model, system_context, \
         temperature, max_reply_tokens, context_window_size, created_at, updated_at, \
         last_activity_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11)",
    )
    .bind(&id)
    .bind(user_id)
    .bind(c.title)
    .bind(i32::from(!c.title.is_empty()))
    .bind(c.provider.as_str())
    .bind(c.model)
    .bind(c.system_context)
    .bind(c.temperature)
    .bind(i64::from(c.max_reply_tokens))
    .bind(i64::from(c.window))
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(id)
}

/// Changes the settings (a title given here counts as the user's).
pub async fn update(
    db: &Db,
    user_id: &str,
    id: &str,
    c: &NewConversation<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE conversations SET title = CASE WHEN $3 = '' THEN title ELSE $3 END, \
         titled = CASE WHEN $3 = '' THEN titled ELSE 1 END, \
         provider = $4, model = $5, system_context = $6, temperature = $7, max_reply_tokens = $8, \
         context_window_size = $9, updated_at = $10 WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .bind(c.title)
    .bind(c.provider.as_str())
    .bind(c.model)
    .bind(c.system_context)
    .bind(c.temperature)
    .bind(i64::from(c.max_reply_tokens))
    .bind(i64::from(c.window))
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The flags the list offers; each is one column.
#[derive(Debug, Clone, Copy)]
pub enum Flag {
    Pinned,
    Archived,
}

pub async fn set_flag(
    db: &Db,
    user_id: &str,
    id: &str,
    flag: Flag,
    on: bool,
) -> Result<bool, sqlx::Error> {
    let column = match flag {
        Flag::Pinned => "pinned",
        Flag::Archived => "archived",
    };
    let done = sqlx::query(&format!(
        "UPDATE conversations SET {column} = $3 WHERE id = $1 AND user_id = $2"
    ))
    .bind(id)
    .bind(user_id)
    .bind(i32::from(on))
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete(db: &Db, user_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM conversations WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

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
    let mut tx = db.begin_write().await?;
    // The conversation's row is the lock that serialises its exchanges (SQLite's
    // `BEGIN IMMEDIATE` already holds the whole database).
    let lock = match db.backend {
        Backend::Postgres => " FOR UPDATE",
        Backend::Sqlite => "",
    };
    let owned: Option<String> = sqlx::query_scalar(&format!(
        "SELECT id FROM conversations WHERE id = $1 AND user_id = $2{lock}"
    ))
    .bind(conversation_id)
    .bind(user_id)
    .fetch_optional(&mut *tx)
    .await?;
    if owned.is_none() {
        return Err(AppError::NotFound);
    }
    if let Some(earlier) = exchange_by_key(&mut *tx, conversation_id, request_key).await? {
        return Ok(earlier);
    }
    let busy: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM messages WHERE conversation_id = $1 AND state = $2",
    )
    .bind(conversation_id)
    .bind(ReplyState::Streaming.as_str())
    .fetch_one(&mut *tx)
    .await?;
    if busy > 0 {
        return Err(AppError::Busy);
    }
    let last: Option<i64> =
        sqlx::query_scalar("SELECT MAX(position) FROM messages WHERE conversation_id = $1")
            .bind(conversation_id)
            .fetch_one(&mut *tx)
            .await?;
    let position = last.map_or(0, |p| p + 1);
    let exchange = Exchange {
        message_id: uuid::Uuid::new_v4().to_string(),
        reply_id: uuid::Uuid::new_v4().to_string(),
        repeated: false,
    };
    let insert = "INSERT INTO messages (id, conversation_id, position, role, content, state, \
        prompt_estimate, heartbeat_at, request_key, created_at, updated_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)";
    for (id, offset, role, text, state, estimate, key) in [
        (
            &exchange.message_id,
            0,
            Role::User,
            content,
            ReplyState::Done,
            None,
            Some(request_key),
        ),
        (
            &exchange.reply_id,
            1,
            Role::Assistant,
            "",
            ReplyState::Streaming,
            Some(i64::from(prompt_estimate)),
            None,
        ),
    ] {
        sqlx::query(insert)
            .bind(id)
            .bind(conversation_id)
            .bind(position + offset)
            .bind(role.as_str())
            .bind(text)
            .bind(state.as_str())
            .bind(estimate)
            .bind((state == ReplyState::Streaming).then_some(now))
            .bind(key)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE conversations SET last_activity_at = $2 WHERE id = $1")
        .bind(conversation_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(exchange)
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

/// Names a conversation that has no title yet (by the user or earlier); whether it did.
pub async fn set_title_if_untitled(db: &Db, id: &str, title: &str) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE conversations SET title = $2, titled = 1 WHERE id = $1 AND titled = 0")
            .bind(id)
            .bind(title)
            .execute(&db.pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Renames a conversation (the user's title, kept from then on).
pub async fn rename(db: &Db, user_id: &str, id: &str, title: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE conversations SET title = $3, titled = 1 WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .bind(title)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
