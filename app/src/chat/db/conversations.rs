//! The conversations: list, read, create, change, flag, name and delete, scoped to the owner.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::{count, flag, message, provider, AnyQuery, MESSAGE_COLUMNS};
use crate::chat::{
    ChatProvider, Conversation, ConversationCard, ConversationQuery, Role, PAGE_SIZE,
};
use crate::infra::{Db, ListQuery, RelatedSearch, TextSearch};

const CARD_COLUMNS: &str = "id, title, provider, model, pinned, archived, last_activity_at";
const COLUMNS: &str = "id, title, provider, model, system_context, temperature, \
    max_reply_tokens, context_window_size, pinned, archived, created_at, updated_at, \
    last_activity_at";

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
        reply_versions: Vec::new(),
        archive: Vec::new(),
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
    searchable: "state <> 'streaming'",
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
    if let [.., question, reply] = c.messages.as_slice() {
        if question.role == Role::User && reply.role == Role::Assistant {
            c.reply_versions = super::versions(db, id, &question.id).await?;
        }
    }
    c.archive = super::batches(db, id).await?;
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
    let query = sqlx::query(
        "INSERT INTO conversations (id, user_id, title, provider, model, system_context, \
         temperature, max_reply_tokens, context_window_size, titled, created_at, updated_at, \
         last_activity_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
         CASE WHEN $3 = '' THEN 0 ELSE 1 END, $10, $10, $10)",
    )
    .bind(&id)
    .bind(user_id);
    bind_settings(query, c).bind(now).execute(&db.pool).await?;
    Ok(id)
}

/// Binds the settings as `$3`–`$9`, after the id and the owner: one order for insert and update.
fn bind_settings<'q>(query: AnyQuery<'q>, c: &NewConversation<'q>) -> AnyQuery<'q> {
    query
        .bind(c.title)
        .bind(c.provider.as_str())
        .bind(c.model)
        .bind(c.system_context)
        .bind(c.temperature)
        .bind(i64::from(c.max_reply_tokens))
        .bind(i64::from(c.window))
}

/// Changes the settings (a title given here counts as the user's).
pub async fn update(
    db: &Db,
    user_id: &str,
    id: &str,
    c: &NewConversation<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let query = sqlx::query(
        "UPDATE conversations SET title = CASE WHEN $3 = '' THEN title ELSE $3 END, \
         titled = CASE WHEN $3 = '' THEN titled ELSE 1 END, \
         provider = $4, model = $5, system_context = $6, temperature = $7, max_reply_tokens = $8, \
         context_window_size = $9, updated_at = $10 WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id);
    let done = bind_settings(query, c).bind(now).execute(&db.pool).await?;
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
