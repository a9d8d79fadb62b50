//! Server functions that rewrite a conversation's history without losing any of it:
//! regenerate the last reply (its versions stay, one click apart), edit a message and send it
//! again (what followed is archived as a branch), bring an archived branch or a compressed
//! stretch back, and compress on demand. Each change is one transaction (`db::begin_change`)
//! and refused while a reply streams.

use leptos::prelude::*;

use super::api::Sent;
use super::ArchivedBatch;
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::api::{checked, posted_from_a_page, request_key, wait_for_reply},
    super::db::{self, ArchiveAct, Changer, NewMessage, Selection},
    super::{compress, reply, request, ArchiveReason, Conversation, Message, Role},
    crate::auth::signed_in,
    crate::infra::{now_ms, record_id},
    crate::state::AppState,
};

/// Starts the reply and, for a form posted without JavaScript, waits for it.
#[cfg(feature = "ssr")]
async fn produce(state: &AppState, conversation: Conversation, sent: Sent) -> Sent {
    reply::spawn(
        state.clone(),
        reply::ReplyRequest {
            conversation,
            reply_id: sent.reply_id.clone(),
        },
    );
    if posted_from_a_page() {
        wait_for_reply(state, &sent.reply_id).await;
    }
    sent
}

/// Asks the model again for the last reply. The reply it replaces becomes an earlier version
/// (`Conversation::reply_versions`), one click away.
#[server(endpoint = "regenerate_reply")]
pub async fn regenerate_reply(
    conversation_id: String,
    request_key: String,
) -> Result<Sent, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&conversation_id)?;
    let key = self::request_key(&request_key)?;
    let mut c = db::get(&state.db, &user.id, &conversation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some((message_id, reply_id)) =
        db::regenerated_by_key(&state.db, &conversation_id, &key).await?
    {
        return Ok(Sent {
            message_id,
            reply_id,
        });
    }
    let (question, old) = match c.messages.as_slice() {
        [.., q, r] if q.role == Role::User && r.role == Role::Assistant => (q.clone(), r.clone()),
        _ => return Err(AppError::HistoryChanged),
    };
    c.messages.pop();
    let estimate = c.estimate(None);
    compress::ensure_room(&state, &c, estimate).await?;
    let now = now_ms();
    let mut tx = db::begin_change(&state.db, &Changer::User(&user.id), &c.id).await?;
    if db::last_id(&mut tx, &c.id).await?.as_deref() != Some(old.id.as_str()) {
        drop(tx);
        // A repeated submit that lost the race to its twin is answered with what it started.
        return match db::regenerated_by_key(&state.db, &conversation_id, &key).await? {
            Some((message_id, reply_id)) => Ok(Sent {
                message_id,
                reply_id,
            }),
            None => Err(AppError::HistoryChanged),
        };
    }
    let batch = uuid::Uuid::new_v4().to_string();
    let act = ArchiveAct::new(&batch, ArchiveReason::Regenerated, Some(&question.id));
    db::archive(&mut tx, &c.id, &Selection::Message(&old.id), &act, now).await?;
    let reply_id = uuid::Uuid::new_v4().to_string();
    let position = db::next_position(&mut tx, &c.id).await?;
    let new = NewMessage::reply(&reply_id, position, estimate, Some(&key));
    db::insert_message(&mut tx, &c.id, &new, now).await?;
    db::touch(&mut tx, &c.id, now, false).await?;
    tx.commit().await?;
    let sent = Sent {
        message_id: question.id,
        reply_id,
    };
    Ok(produce(&state, c, sent).await)
}

/// Replaces a message of the user's with `content` and sends it again: the message and
/// everything after it move to the archive as one branch, which can be brought back.
#[server(endpoint = "edit_message")]
pub async fn edit_message(
    conversation_id: String,
    message_id: String,
    content: String,
    request_key: String,
) -> Result<Sent, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&conversation_id)?;
    record_id(&message_id)?;
    let content = checked(request::check_message(&content))?;
    let key = self::request_key(&request_key)?;
    let mut c = db::get(&state.db, &user.id, &conversation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(earlier) = db::find_exchange(&state.db, &conversation_id, &key).await? {
        return Ok(Sent {
            message_id: earlier.message_id,
            reply_id: earlier.reply_id,
        });
    }
    let at = c
        .messages
        .iter()
        .position(|m| m.id == message_id && m.role == Role::User)
        .ok_or(AppError::NotFound)?;
    let position = c.messages[at].position;
    // The branch follows this message; it can come back only after it.
    let anchor = at.checked_sub(1).map(|i| c.messages[i].id.clone());
    c.messages.truncate(at);
    let estimate = c.estimate(Some(&content));
    let mut with_message = c.clone();
    with_message
        .messages
        .push(Message::pending("", Role::User, &content));
    compress::ensure_room(&state, &with_message, estimate).await?;
    let now = now_ms();
    let mut tx = db::begin_change(&state.db, &Changer::User(&user.id), &c.id).await?;
    if db::ids_between(&mut tx, &c.id, position, position).await? != [message_id.clone()] {
        drop(tx);
        return match db::find_exchange(&state.db, &conversation_id, &key).await? {
            Some(earlier) => Ok(Sent {
                message_id: earlier.message_id,
                reply_id: earlier.reply_id,
            }),
            None => Err(AppError::HistoryChanged),
        };
    }
    let batch = uuid::Uuid::new_v4().to_string();
    let act = ArchiveAct::new(&batch, ArchiveReason::Edited, anchor.as_deref());
    db::archive(&mut tx, &c.id, &Selection::From(position), &act, now).await?;
    let exchange = db::insert_exchange(&mut tx, &c.id, &content, &key, estimate, now).await?;
    tx.commit().await?;
    c.messages.push(Message {
        id: exchange.message_id.clone(),
        ..Message::pending("", Role::User, &content)
    });
    let sent = Sent {
        message_id: exchange.message_id,
        reply_id: exchange.reply_id,
    };
    Ok(produce(&state, c, sent).await)
}

/// Shows an earlier version of the last reply instead of the current one (which becomes an
/// earlier version in turn). The next prompt carries the version shown.
#[server(endpoint = "switch_reply_version")]
pub async fn switch_reply_version(
    conversation_id: String,
    version_id: String,
) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&conversation_id)?;
    record_id(&version_id)?;
    let c = db::get(&state.db, &user.id, &conversation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !c.reply_versions.iter().any(|v| v.id == version_id) {
        return Err(AppError::NotFound);
    }
    let [.., question, current] = c.messages.as_slice() else {
        return Err(AppError::HistoryChanged);
    };
    let now = now_ms();
    let mut tx = db::begin_change(&state.db, &Changer::User(&user.id), &c.id).await?;
    let version_batch = db::batch_of(&mut tx, &c.id, &version_id).await?;
    let still = db::last_id(&mut tx, &c.id).await?.as_deref() == Some(current.id.as_str());
    let (Some(version_batch), true) = (version_batch, still) else {
        return Err(AppError::HistoryChanged);
    };
    let batch = uuid::Uuid::new_v4().to_string();
    let act = ArchiveAct::new(&batch, ArchiveReason::Regenerated, Some(&question.id));
    db::archive(&mut tx, &c.id, &Selection::Message(&current.id), &act, now).await?;
    db::restore(&mut tx, &c.id, &version_batch, now).await?;
    db::touch(&mut tx, &c.id, now, false).await?;
    tx.commit().await?;
    Ok(())
}

/// Brings an archived batch back: an edited branch returns in place of what replaced it
/// (which is archived in turn), compressed messages in place of their summary.
#[server(endpoint = "restore_archived")]
pub async fn restore_archived(conversation_id: String, batch_id: String) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&conversation_id)?;
    record_id(&batch_id)?;
    let now = now_ms();
    let mut tx = db::begin_change(&state.db, &Changer::User(&user.id), &conversation_id).await?;
    let Some((reason, position, anchor)) =
        db::batch_start(&mut tx, &conversation_id, &batch_id).await?
    else {
        return Err(AppError::NotFound);
    };
    match reason {
        ArchiveReason::Regenerated => return Err(AppError::NotFound),
        ArchiveReason::Edited => {
            if db::summarised_from(&mut tx, &conversation_id, position).await? {
                return Err(AppError::CompressedSince);
            }
            // What now follows the branch's anchor (the message it followed) makes way; an
            // anchor that left the conversation itself must come back first.
            let from = match &anchor {
                None => 0,
                Some(anchor) => {
                    match db::standing_position(&mut tx, &conversation_id, anchor).await? {
                        Some(p) => p + 1,
                        None => return Err(AppError::HistoryChanged),
                    }
                }
            };
            let replaced = uuid::Uuid::new_v4().to_string();
            let act = ArchiveAct::new(&replaced, ArchiveReason::Edited, anchor.as_deref());
            db::archive(&mut tx, &conversation_id, &Selection::From(from), &act, now).await?;
        }
        ArchiveReason::Compressed => {
            if !db::remove_summary(&mut tx, &conversation_id, &batch_id).await? {
                // The summary was itself compressed or branched away since.
                return Err(AppError::HistoryChanged);
            }
        }
    }
    db::restore(&mut tx, &conversation_id, &batch_id, now).await?;
    db::touch(&mut tx, &conversation_id, now, true).await?;
    tx.commit().await?;
    Ok(())
}

/// One archived batch with its messages, to read before bringing it back.
#[server(endpoint = "get_archived")]
pub async fn get_archived(
    conversation_id: String,
    batch_id: String,
) -> Result<ArchivedBatch, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&conversation_id)?;
    record_id(&batch_id)?;
    if !db::owns(&state.db, &user.id, &conversation_id).await? {
        return Err(AppError::NotFound);
    }
    db::batch(&state.db, &conversation_id, &batch_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Summarises the older messages now (see `compress`); the most recent exchanges and the
/// system context stay as they are.
#[server(endpoint = "compress_conversation")]
pub async fn compress_conversation(conversation_id: String) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&conversation_id)?;
    let c = db::get(&state.db, &user.id, &conversation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if c.streaming_reply().is_some() {
        return Err(AppError::Busy);
    }
    super::compress::compress(&state, &c, &Changer::User(&user.id)).await?;
    Ok(())
}
