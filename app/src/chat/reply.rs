//! The producer of a reply: streams the provider's answer into the stored reply, saving it as
//! it grows, and finishes it as done, stopped or failed. It runs as a task of its own, so the
//! tab that asked may close or lose its connection without stopping it. A process that dies
//! mid-reply leaves it streaming with a stale heartbeat; [`sweep_interrupted`] (run at start
//! and then once per lease) marks such replies interrupted, keeping their text.

use std::time::Duration;

use tokio::time::{interval, Instant, MissedTickBehavior};

use super::compress;
use super::db::{self, ReplyEnd};
use super::{ChatProvider, Conversation, ReplyState, Role};
use crate::error::AppError;
use crate::infra::live::Producer;
use crate::infra::now_ms;
use crate::providers::chat::{ChatCall, ChatEnd, ChatEvent, Turn};
use crate::state::AppState;

/// How often a growing reply is saved.
const SAVE_EVERY: Duration = Duration::from_millis(300);

/// How a summary is introduced to the model.
pub const SUMMARY_HEADING: &str = "Summary of the earlier conversation:";

/// What a reply is asked of.
pub struct ReplyRequest {
    /// The conversation as sent: its messages end with the new user message.
    pub conversation: Conversation,
    pub reply_id: String,
}

/// The provider call for a conversation: the system context, then every finished message
/// (failed and empty replies left out, since the model did not say them).
pub fn call_for(c: &Conversation) -> ChatCall {
    let mut turns = Vec::with_capacity(c.messages.len() + 1);
    if !c.system_context.trim().is_empty() {
        turns.push(Turn {
            role: "system",
            content: c.system_context.clone(),
        });
    }
    turns.extend(
        c.messages
            .iter()
            .filter(|m| !m.content.is_empty() && m.state != ReplyState::Failed)
            .map(|m| match m.role {
                Role::User => Turn {
                    role: "user",
                    content: m.content.clone(),
                },
                Role::Assistant => Turn {
                    role: "assistant",
                    content: m.content.clone(),
                },
                // As context the model keeps: Ollama drops system messages last.
                Role::Summary => Turn {
                    role: "system",
                    content: format!("{SUMMARY_HEADING}\n\n{}", m.content),
                },
            }),
    );
    ChatCall {
        model: c.model.clone(),
        turns,
        temperature: c.temperature,
        max_reply_tokens: c.max_reply_tokens,
        window: c.window,
    }
}

/// Starts producing a reply in a task of its own.
pub fn spawn(state: AppState, request: ReplyRequest) {
    let producer = state.live.start(&request.reply_id, String::new());
    tokio::spawn(produce(state, request, producer));
}

async fn produce(state: AppState, request: ReplyRequest, mut producer: Producer) {
    let (outcome, error, end, c) = stream(&state, &request, &mut producer).await;
    let c = &c;
    let text = producer.text();
    let floor = c.prompt_floor();
    let truncated = c.provider == ChatProvider::Ollama
        && end
            .prompt_tokens
            .is_some_and(|p| shared::chat::context::truncated(floor, p, c.window));
    if truncated {
        tracing::warn!(reply = %request.reply_id, floor, prompt = ?end.prompt_tokens, window = c.window,
            "the provider's prompt count shows dropped context");
    }
    let ending = ReplyEnd {
        content: &text,
        state: outcome,
        error: error.as_ref(),
        token_count: end.reply_tokens,
        prompt_tokens: end.prompt_tokens,
        truncated,
        done_reason: end.done_reason.as_deref(),
    };
    // The final write must land: the text is only in memory until then.
    let mut wait = Duration::from_millis(100);
    for attempt in 1..=5 {
        match db::finish(&state.db, &request.reply_id, &ending, now_ms()).await {
            Ok(true) => break,
            Ok(false) => {
                tracing::warn!(reply = %request.reply_id, "a reply ended that was no longer streaming (declared interrupted or deleted)");
                break;
            }
            Err(e) if attempt < 5 => {
                tracing::warn!(error = %e, attempt, "saving a finished reply failed; retrying");
                tokio::time::sleep(wait).await;
                wait *= 2;
            }
            Err(e) => {
                tracing::error!(error = %e, reply = %request.reply_id, "a finished reply could not be saved")
            }
        }
    }
    producer.finish();
    if outcome == ReplyState::Done && is_first_exchange(c) {
        name_conversation(&state, c, &text).await;
    }
}

fn is_first_exchange(c: &Conversation) -> bool {
    c.messages.len() == 1 && c.title.is_empty()
}

/// Streams the reply into `producer`, saving as it goes; how it ended, and the conversation
/// the reply was asked from (compressed first when it had grown near its window). The
/// heartbeat is renewed from the start, also while compressing and while the provider has not
/// answered yet (Ollama sends nothing until the model is loaded, which can take longer than a
/// lease).
async fn stream(
    state: &AppState,
    request: &ReplyRequest,
    producer: &mut Producer,
) -> (ReplyState, Option<AppError>, ChatEnd, Conversation) {
    let mut saver = Saver::new(state, &request.reply_id);
    let stopped = |c| (ReplyState::Stopped, None, ChatEnd::default(), c);
    // A task of its own: it holds a write transaction for a moment, which a heartbeat save
    // here would otherwise wait out (SQLite has one writer) without the task making progress.
    let mut compressing = tokio::spawn(compress::before_reply(
        state.clone(),
        request.conversation.clone(),
        request.reply_id.clone(),
    ));
    let c = loop {
        tokio::select! {
            joined = &mut compressing => match joined {
                Ok(Ok(c)) => break c,
                Ok(Err(e)) => {
                    let c = request.conversation.clone();
                    return (ReplyState::Failed, Some(e), ChatEnd::default(), c);
                }
                Err(_) => {
                    let c = request.conversation.clone();
                    return (ReplyState::Failed, Some(AppError::Internal), ChatEnd::default(), c);
                }
            },
            () = producer.stopped() => {
                compressing.abort();
                return stopped(request.conversation.clone());
            }
            _ = saver.ticks.tick() => if !saver.save(producer).await {
                compressing.abort();
                return stopped(request.conversation.clone());
            },
        }
    };
    if c.messages.len() != request.conversation.messages.len() {
        let estimate = c.estimate(None);
        if let Err(e) = db::set_prompt_estimate(&state.db, &request.reply_id, estimate).await {
            tracing::warn!(error = %e, "saving a reply's new prompt estimate failed");
        }
    }
    let call = call_for(&c);
    let opening = state.providers.chat.stream(c.provider.backend(), &call);
    tokio::pin!(opening);
    let mut reply = loop {
        tokio::select! {
            opened = &mut opening => match opened {
                Ok(reply) => break reply,
                Err(e) => return (ReplyState::Failed, Some(e.into()), ChatEnd::default(), c),
            },
            () = producer.stopped() => return stopped(c),
            _ = saver.ticks.tick() => if !saver.save(producer).await {
                return stopped(c);
            },
        }
    };
    loop {
        tokio::select! {
            event = reply.next() => match event {
                Ok(Some(ChatEvent::Text(piece))) => producer.append(&piece),
                Ok(Some(ChatEvent::End(end))) => return (ReplyState::Done, None, end, c),
                Ok(None) => return (ReplyState::Done, None, ChatEnd::default(), c),
                Err(e) => return (ReplyState::Failed, Some(e.into()), ChatEnd::default(), c),
            },
            () = producer.stopped() => return stopped(c),
            _ = saver.ticks.tick() => if !saver.save(producer).await {
                return stopped(c);
            },
        }
    }
}

/// Saves a growing reply on a timer: when its text changed, and at least a few times per
/// lease with no new text (the heartbeat).
struct Saver<'a> {
    state: &'a AppState,
    reply_id: &'a str,
    ticks: tokio::time::Interval,
    heartbeat: Duration,
    saved_len: usize,
    saved_at: Instant,
}

impl<'a> Saver<'a> {
    fn new(state: &'a AppState, reply_id: &'a str) -> Saver<'a> {
        let mut ticks = interval(SAVE_EVERY);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        Saver {
            state,
            reply_id,
            ticks,
            heartbeat: (state.jobs.lease() / 4).max(SAVE_EVERY),
            saved_len: 0,
            saved_at: Instant::now(),
        }
    }

    /// Whether to go on: not after a stop asked through another process, nor when the reply is
    /// no longer streaming. A failed save keeps the text in memory for the next one.
    async fn save(&mut self, producer: &Producer) -> bool {
        let text = producer.text();
        if text.len() == self.saved_len && self.saved_at.elapsed() < self.heartbeat {
            return true;
        }
        match db::save_progress(&self.state.db, self.reply_id, &text, now_ms()).await {
            Ok(go_on) => {
                (self.saved_len, self.saved_at) = (text.len(), Instant::now());
                go_on
            }
            Err(e) => {
                tracing::warn!(error = %e, "saving a growing reply failed");
                true
            }
        }
    }
}

/// Titles a conversation after its first exchange through the `chat`/`title` template, unless
/// the user named it meanwhile. A failure leaves it untitled (the list shows its first words).
async fn name_conversation(state: &AppState, c: &Conversation, reply: &str) {
    let Some(question) = c.messages.first() else {
        return;
    };
    let input: String = format!("User: {}\n\nAssistant: {}", question.content, reply)
        .chars()
        .take(4000)
        .collect();
    match crate::templates::run::generate_with_template(state, "chat", "title", &input).await {
        Ok(title) => {
            let title: String = title
                .lines()
                .next()
                .unwrap_or_default()
                .chars()
                .take(super::MAX_TITLE_CHARS)
                .collect();
            let title = shared::text::SingleLine::parse(&title, super::MAX_TITLE_CHARS)
                .map(|t| t.as_str().trim().to_string())
                .unwrap_or_default();
            if !title.is_empty() {
                if let Err(e) = db::set_title_if_untitled(&state.db, &c.id, &title).await {
                    tracing::warn!(error = %e, "saving a conversation title failed");
                }
            }
        }
        Err(e) => tracing::info!(error = %e, "no title for a conversation"),
    }
}

/// Marks replies whose producer stopped renewing its heartbeat (a killed or restarted
/// process) as interrupted.
pub async fn sweep_interrupted(state: &AppState) {
    let now = now_ms();
    let stale_before = now - state.jobs.lease().as_millis() as i64;
    match db::mark_interrupted(&state.db, stale_before, now).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            replies = n,
            "replies of a stopped process marked interrupted"
        ),
        Err(e) => tracing::warn!(error = %e, "marking interrupted replies failed"),
    }
}

/// Runs [`sweep_interrupted`] now and then once per lease, for as long as the server runs.
pub fn start_sweeper(state: AppState) {
    tokio::spawn(async move {
        loop {
            sweep_interrupted(&state).await;
            tokio::time::sleep(state.jobs.lease()).await;
        }
    });
}
