//! Compression: the older messages of a conversation summarised into one message through the
//! `chat`/`compress` template, on the conversation's own model and in its own window (a
//! smaller summariser would itself drop what it was asked to keep). The originals move to the
//! archive, linked to their summary, and can come back. The system context is never part of
//! it, and the most recent exchanges stay verbatim (`shared::chat::compress`).
//!
//! Runs on demand (`compress_conversation`) and, before a reply, when the conversation has
//! reached `CHAT_COMPRESS_AT` of its window (`before_reply`).

use shared::chat::compress::{split, SplitRules};
use std::ops::Range;

use shared::chat::context::{estimate_message, fits, reply_room};

use super::db::{self, ArchiveAct, Changer, NewMessage, Selection};
use super::{ArchiveReason, ChatProvider, Conversation, Message, Role};
use crate::error::{AppError, ProviderName, ProviderProblem};
use crate::infra::now_ms;
use crate::providers::chat::{ChatCall, ChatEvent, Turn};
use crate::state::AppState;
use crate::templates::PromptTemplate;

/// Summarises the conversation's older messages and stores the result; the conversation as
/// it now stands. `changer` is the user asking, or the reply about to be produced.
pub async fn compress(
    state: &AppState,
    c: &Conversation,
    changer: &Changer<'_>,
) -> Result<Conversation, AppError> {
    let template = template(state).await?;
    let (range, summary_room) = plan(c, &template).ok_or(AppError::NothingToCompress)?;
    let replaced = &c.messages[range.clone()];
    let (summary, tokens) = summarise(state, c, &template, replaced, summary_room).await?;

    let now = now_ms();
    let summary_id = uuid::Uuid::new_v4().to_string();
    let (first, last) = (replaced[0].position, replaced[replaced.len() - 1].position);
    let mut tx = db::begin_change(&state.db, changer, &c.id).await?;
    // Nothing changed since they were read (an edit in another tab, say).
    let still: Vec<String> = replaced.iter().map(|m| m.id.clone()).collect();
    if db::ids_between(&mut tx, &c.id, first, last).await? != still {
        return Err(AppError::HistoryChanged);
    }
    let act = ArchiveAct {
        batch_id: &summary_id,
        reason: ArchiveReason::Compressed,
        anchor_id: None,
        summary_message_id: Some(&summary_id),
    };
    db::archive(&mut tx, &c.id, &Selection::Between(first, last), &act, now).await?;
    let message = NewMessage {
        id: &summary_id,
        position: first,
        role: Role::Summary,
        content: &summary,
        prompt_estimate: None,
        request_key: None,
    };
    db::insert_message(&mut tx, &c.id, &message, now).await?;
    if let Some(tokens) = tokens {
        db::set_token_count(&mut tx, &summary_id, tokens).await?;
    }
    db::touch(&mut tx, &c.id, now, true).await?;
    tx.commit().await?;

    let mut after = c.clone();
    after.settings_at = now;
    after.messages.splice(
        range,
        [Message {
            id: summary_id,
            position: first,
            token_count: tokens,
            created_at: now,
            ..Message::pending("", Role::Summary, &summary)
        }],
    );
    Ok(after)
}

async fn template(state: &AppState) -> Result<PromptTemplate, AppError> {
    crate::templates::db::by_purpose(&state.db, "chat", "compress")
        .await?
        .filter(|t| t.active)
        .ok_or_else(|| {
            tracing::error!("the chat/compress prompt template is missing or inactive");
            AppError::NotFound
        })
}

/// Which messages a summary would replace, and the room the summary is given.
fn plan(c: &Conversation, template: &PromptTemplate) -> Option<(Range<usize>, u32)> {
    let summary_room = u32::try_from(template.max_tokens)
        .unwrap_or(u32::MAX)
        .min(c.window / 4)
        .max(64);
    let instructions =
        estimate_message(&template.pre_condition) + estimate_message(&template.post_condition);
    let costs: Vec<u32> = c
        .messages
        .iter()
        .map(|m| estimate_message(&m.content))
        .collect();
    let rules = SplitRules::for_window(c.window, instructions, summary_room);
    let mut range = split(&costs, &rules)?;
    // A question stays with its reply: the cut never falls between them.
    while range.end > range.start
        && c.messages
            .get(range.end)
            .is_some_and(|m| m.role == Role::Assistant)
    {
        range.end -= 1;
    }
    (range.len() >= 2).then_some((range, summary_room))
}

/// Refuses, changing nothing, a prompt (`c` ends with its message, `estimate` its size) that
/// would not fit the model's window with room for the reply, unless compressing first would
/// make room. Every path that starts a reply (send, edit, regenerate) asks this.
pub async fn ensure_room(
    state: &AppState,
    c: &Conversation,
    estimate: u32,
) -> Result<(), AppError> {
    let room = reply_room(c.max_reply_tokens, c.window);
    if fits(estimate, room, c.window) || would_make_room(state, c).await {
        Ok(())
    } else {
        Err(AppError::ContextFull {
            prompt: estimate,
            reply_room: room,
            window: c.window,
        })
    }
}

/// Whether a message that does not fit (`c` ends with it) would fit once the older messages
/// were summarised, counting the summary at the most it may take. Then it is accepted and
/// compressed before its reply instead of refused; only when automatic compression is on.
pub async fn would_make_room(state: &AppState, c: &Conversation) -> bool {
    if state.providers.chat.compress_at == 0 {
        return false;
    }
    let Ok(template) = template(state).await else {
        return false;
    };
    let Some((range, summary_room)) = plan(c, &template) else {
        return false;
    };
    let mut after = c.clone();
    after
        .messages
        .splice(range, [Message::pending("", Role::Summary, "")]);
    // Measurements of the uncompressed conversation no longer apply.
    after.settings_at = i64::MAX;
    let estimate = after.estimate(None) + summary_room;
    fits(estimate, reply_room(c.max_reply_tokens, c.window), c.window)
}

/// Before a reply (`c` ends with its message): compresses when the conversation has reached
/// the configured share of its window, or does not fit it; what the reply is to be asked from.
/// A compression that fails leaves the conversation as it was, which is an error only when it
/// does not fit.
pub async fn before_reply(
    state: AppState,
    c: Conversation,
    reply_id: String,
) -> Result<Conversation, AppError> {
    let (state, reply_id) = (&state, reply_id.as_str());
    let at = state.providers.chat.compress_at;
    let used = c.estimate(None);
    let room = reply_room(c.max_reply_tokens, c.window);
    let full = !fits(used, room, c.window);
    let due = at > 0 && u64::from(used) * 100 >= u64::from(c.window) * u64::from(at);
    if !due && !full {
        return Ok(c);
    }
    let c = match compress(state, &c, &Changer::Reply(reply_id)).await {
        Ok(after) => {
            tracing::info!(conversation = %c.id, before = used, after = after.estimate(None),
                "compressed a conversation before its reply");
            after
        }
        Err(e) => {
            if !matches!(e, AppError::NothingToCompress) {
                tracing::warn!(conversation = %c.id, error = %e, "compressing before a reply failed");
            }
            c
        }
    };
    let prompt = c.estimate(None);
    if fits(prompt, room, c.window) {
        Ok(c)
    } else {
        Err(AppError::ContextFull {
            prompt,
            reply_room: room,
            window: c.window,
        })
    }
}

/// The older messages as the summariser reads them.
fn transcript(messages: &[Message]) -> String {
    let mut out = String::new();
    for m in messages.iter().filter(|m| !m.content.trim().is_empty()) {
        let speaker = match m.role {
            Role::User => "User",
            Role::Assistant => "Assistant",
            Role::Summary => "Summary of what came before",
        };
        out.push_str(&format!("{speaker}: {}\n\n", m.content.trim()));
    }
    out
}

/// Asks the conversation's model for the summary; its text and its tokens as counted.
async fn summarise(
    state: &AppState,
    c: &Conversation,
    template: &PromptTemplate,
    replaced: &[Message],
    summary_room: u32,
) -> Result<(String, Option<u32>), AppError> {
    let mut turns = Vec::with_capacity(2);
    if !template.pre_condition.trim().is_empty() {
        turns.push(Turn {
            role: "system",
            content: template.pre_condition.clone(),
        });
    }
    turns.push(Turn {
        role: "user",
        content: crate::templates::run::user_turn(template, &transcript(replaced)),
    });
    let call = ChatCall {
        model: c.model.clone(),
        turns,
        temperature: template.temperature,
        max_reply_tokens: summary_room,
        window: c.window,
    };
    let mut reply = state
        .providers
        .chat
        .stream(c.provider.backend(), &call)
        .await?;
    let (mut text, mut tokens) = (String::new(), None);
    while let Some(event) = reply.next().await? {
        match event {
            ChatEvent::Text(piece) => text.push_str(&piece),
            ChatEvent::End(end) => tokens = end.reply_tokens,
        }
    }
    let text = text.trim().to_string();
    if text.is_empty() {
        return Err(AppError::Provider {
            provider: match c.provider {
                ChatProvider::Ollama => ProviderName::Ollama,
                ChatProvider::OpenAi => ProviderName::Openai,
            },
            problem: ProviderProblem::BadResponse,
            detail: Some("empty summary".into()),
        });
    }
    Ok((text, tokens))
}
