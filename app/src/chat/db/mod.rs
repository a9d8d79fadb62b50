//! Queries on `conversations` and `messages`. Conversations are scoped to their owner here;
//! messages are reached only through an owned conversation, except by the reply producer, which
//! holds a reply id it created itself. This file reads rows; the queries live beside it.

mod archive;
mod archived;
mod conversations;
mod history;
mod messages;
mod transfer;

pub use archive::*;
pub use archived::*;
pub use conversations::*;
pub use history::*;
pub use messages::*;
pub use transfer::*;

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{ChatProvider, Message, ReplyState, Role};

const MESSAGE_COLUMNS: &str =
    "id, position, role, content, state, error, token_count, prompt_estimate, \
    prompt_tokens, truncated, done_reason, created_at";

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

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

fn message(r: &AnyRow) -> Result<Message, sqlx::Error> {
    let role: String = r.try_get("role")?;
    let state: String = r.try_get("state")?;
    let error: Option<String> = r.try_get("error")?;
    Ok(Message {
        id: r.try_get("id")?,
        position: r.try_get("position")?,
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
