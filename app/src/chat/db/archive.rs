//! Messages moved to `messages_archive` and back (see migration `0009_chat_archive`). Rows
//! keep their ids and positions on the way, so what comes back is what left.

use sqlx::Row;

use super::history::Tx;
use super::{parsed, AnyQuery};
use crate::chat::{ArchiveReason, Role};

/// Which messages leave, and why.
pub struct ArchiveAct<'a> {
    pub batch_id: &'a str,
    pub reason: ArchiveReason,
    /// Regenerated: the user message the reply answered.
    pub anchor_id: Option<&'a str>,
    /// Compressed: the summary that replaces them.
    pub summary_message_id: Option<&'a str>,
}

impl<'a> ArchiveAct<'a> {
    /// An act that moves messages for `reason` (reply versions and edits), anchored to the
    /// message they answered or followed.
    pub fn new(batch_id: &'a str, reason: ArchiveReason, anchor_id: Option<&'a str>) -> Self {
        ArchiveAct {
            batch_id,
            reason,
            anchor_id,
            summary_message_id: None,
        }
    }
}

/// Which of a conversation's messages an act moves.
pub enum Selection<'a> {
    /// One message.
    Message(&'a str),
    /// Every message at or after a position (an edited message and what followed it).
    From(i64),
    /// The messages between two positions, both included (what a summary replaces).
    Between(i64, i64),
}

impl<'a> Selection<'a> {
    /// The condition, its values numbered from `$first`.
    fn condition(&self, first: usize) -> String {
        match self {
            Selection::Message(_) => format!("id = ${first}"),
            Selection::From(_) => format!("position >= ${first}"),
            Selection::Between(..) => {
                format!("position >= ${first} AND position <= ${}", first + 1)
            }
        }
    }

    fn bind<'q>(&self, query: AnyQuery<'q>) -> AnyQuery<'q>
    where
        'a: 'q,
    {
        match *self {
            Selection::Message(id) => query.bind(id),
            Selection::From(p) => query.bind(p),
            Selection::Between(a, b) => query.bind(a).bind(b),
        }
    }
}

/// Moves the selected messages of a conversation to the archive; how many moved.
pub async fn archive(
    tx: &mut Tx,
    conversation_id: &str,
    selection: &Selection<'_>,
    act: &ArchiveAct<'_>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let copy = format!(
        "INSERT INTO messages_archive (id, original_message_id, conversation_id, batch_id, reason, \
         anchor_id, summary_message_id, position, role, content, state, error, token_count, \
         prompt_estimate, prompt_tokens, truncated, done_reason, request_key, \
         original_created_at, archived_at) \
         SELECT $2 || ':' || id, id, conversation_id, $2, $3, $4, $5, position, role, content, \
         state, error, token_count, prompt_estimate, prompt_tokens, truncated, done_reason, \
         request_key, created_at, $6 FROM messages WHERE conversation_id = $1 AND {}",
        selection.condition(7)
    );
    let copied = sqlx::query(&copy)
        .bind(conversation_id)
        .bind(act.batch_id)
        .bind(act.reason.as_str())
        .bind(act.anchor_id)
        .bind(act.summary_message_id)
        .bind(now);
    let moved = selection
        .bind(copied)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    let remove = format!(
        "DELETE FROM messages WHERE conversation_id = $1 AND {}",
        selection.condition(2)
    );
    let removed = sqlx::query(&remove).bind(conversation_id);
    selection.bind(removed).execute(&mut **tx).await?;
    Ok(moved)
}

/// Brings an archived batch back to its places; how many messages came back.
pub async fn restore(
    tx: &mut Tx,
    conversation_id: &str,
    batch_id: &str,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let back = sqlx::query(
        "INSERT INTO messages (id, conversation_id, position, role, content, state, error, \
         token_count, prompt_estimate, prompt_tokens, truncated, done_reason, request_key, \
         created_at, updated_at) \
         SELECT original_message_id, conversation_id, position, role, content, state, error, \
         token_count, prompt_estimate, prompt_tokens, truncated, done_reason, request_key, \
         original_created_at, $3 FROM messages_archive WHERE conversation_id = $1 AND batch_id = $2",
    )
    .bind(conversation_id)
    .bind(batch_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM messages_archive WHERE conversation_id = $1 AND batch_id = $2")
        .bind(conversation_id)
        .bind(batch_id)
        .execute(&mut **tx)
        .await?;
    Ok(back.rows_affected())
}

/// An archived batch's reason and first position, if the conversation has it.
pub async fn batch_start(
    tx: &mut Tx,
    conversation_id: &str,
    batch_id: &str,
) -> Result<Option<(ArchiveReason, i64, Option<String>)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT MIN(reason) AS reason, MIN(position) AS position, MIN(anchor_id) AS anchor_id \
         FROM messages_archive WHERE conversation_id = $1 AND batch_id = $2",
    )
    .bind(conversation_id)
    .bind(batch_id)
    .fetch_one(&mut **tx)
    .await?;
    let Some(reason) = row.try_get::<Option<String>, _>("reason")? else {
        return Ok(None);
    };
    Ok(Some((
        parsed(ArchiveReason::parse(&reason), "archive reason", &reason)?,
        row.try_get("position")?,
        row.try_get("anchor_id")?,
    )))
}

/// Removes a summary from the conversation (its messages are coming back); whether it was
/// there.
pub async fn remove_summary(
    tx: &mut Tx,
    conversation_id: &str,
    summary_id: &str,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM messages WHERE conversation_id = $1 AND id = $2 AND role = $3")
            .bind(conversation_id)
            .bind(summary_id)
            .bind(Role::Summary.as_str())
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected() == 1)
}
