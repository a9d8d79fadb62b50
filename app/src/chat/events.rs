//! `GET /live/v1/chat/replies/{id}`: a reply as server-sent events, for its owner only.
//!
//! Events: `reset` (the whole text so far, as a JSON string; always first, and again after a
//! reconnect), `append` (text added since, as a JSON string) and `end` (the final state and
//! text, `{"state", "text"}`), after which the stream closes. A reply produced by this process
//! is followed from its live text; one produced by another process, or by none any more, from
//! the database.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use tokio::sync::mpsc;

use super::{db, ReplyState};
use crate::auth::SignedInUser;
use crate::error::AppError;
use crate::infra::record_id;
use crate::state::AppState;

/// How often a reply produced elsewhere is read again.
const POLL: Duration = Duration::from_millis(250);

pub async fn reply_events(
    State(state): State<AppState>,
    SignedInUser(user): SignedInUser,
    Path(id): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    record_id(&id)?;
    let Some(stored) = db::reply_text(&state.db, &user.id, &id).await? else {
        return Err(AppError::NotFound);
    };
    let (tx, rx) = mpsc::channel(32);
    tokio::spawn(async move {
        let _ = follow(&state, &user.id, &id, stored, &tx).await;
    });
    let events = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|event| (Ok(event), rx))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}

fn text_event(name: &str, text: &str) -> Event {
    Event::default()
        .event(name)
        .data(serde_json::to_string(text).unwrap_or_default())
}

/// The viewer went away.
struct Gone;

async fn send(tx: &mpsc::Sender<Event>, event: Event) -> Result<(), Gone> {
    tx.send(event).await.map_err(|_| Gone)
}

async fn follow(
    state: &AppState,
    user_id: &str,
    id: &str,
    stored: (String, ReplyState),
    tx: &mpsc::Sender<Event>,
) -> Result<(), Gone> {
    let (mut text, mut reply_state) = stored;
    if reply_state == ReplyState::Streaming {
        if let Some(mut live) = state.live.follow(id) {
            // Taken from the live text, which is ahead of the database.
            let first = live.borrow_and_update().text.clone();
            send(tx, text_event("reset", &first)).await?;
            let mut sent = first.len();
            loop {
                let (added, finished) = {
                    let now = live.borrow_and_update();
                    (
                        now.text.get(sent..).unwrap_or_default().to_string(),
                        now.finished,
                    )
                };
                if !added.is_empty() {
                    sent += added.len();
                    send(tx, text_event("append", &added)).await?;
                }
                if finished || live.changed().await.is_err() {
                    break;
                }
            }
        } else {
            send(tx, text_event("reset", &text)).await?;
            while reply_state == ReplyState::Streaming {
                // A viewer that left stops the polling at once, not at the next send.
                tokio::select! {
                    () = tokio::time::sleep(POLL) => {}
                    () = tx.closed() => return Err(Gone),
                }
                let Ok(Some((now, now_state))) = db::reply_text(&state.db, user_id, id).await
                else {
                    break;
                };
                if let Some(added) = now.get(text.len()..).filter(|a| !a.is_empty()) {
                    send(tx, text_event("append", added)).await?;
                }
                (text, reply_state) = (now, now_state);
            }
        }
        if let Ok(Some(last)) = db::reply_text(&state.db, user_id, id).await {
            (text, reply_state) = last;
        }
    } else {
        send(tx, text_event("reset", &text)).await?;
    }
    let end = serde_json::json!({ "state": reply_state.as_str(), "text": text });
    send(tx, Event::default().event("end").data(end.to_string())).await
}
