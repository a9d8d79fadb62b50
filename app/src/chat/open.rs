//! The open conversation as the page keeps it, shared by its view and its composer.

use leptos::prelude::*;

use super::api::{get_conversation, Sent};
use super::live_reply;
use super::Conversation;
use crate::error::AppError;

/// A fresh key that makes one submit count once however often it is posted.
pub fn request_key() -> String {
    #[cfg(feature = "ssr")]
    return uuid::Uuid::new_v4().to_string();
    #[cfg(not(feature = "ssr"))]
    {
        #[cfg(feature = "hydrate")]
        let (now, random) = (js_sys::Date::now(), js_sys::Math::random());
        #[cfg(not(feature = "hydrate"))]
        let (now, random) = (0.0, 0.0);
        format!("{:x}-{:x}", now as u64, (random * 1e15) as u64)
    }
}

/// The open conversation as the page keeps it: refreshed from the server when a reply ends,
/// extended at once when the user sends (before the server answers).
#[derive(Clone, Copy)]
pub struct OpenConversation {
    pub conversation: RwSignal<Conversation>,
    /// The streaming reply being followed, and its text so far.
    pub streaming: RwSignal<Option<String>>,
    pub live_text: RwSignal<String>,
    owner: StoredValue<Owner>,
    refresh: RwSignal<u32>,
}

impl OpenConversation {
    /// Created by the conversation's component, whose lifetime bounds any reply it follows.
    pub fn new(conversation: Conversation, refresh: RwSignal<u32>) -> OpenConversation {
        OpenConversation {
            conversation: RwSignal::new(conversation),
            streaming: RwSignal::new(None),
            live_text: RwSignal::new(String::new()),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
            refresh,
        }
    }

    /// Reads the conversation again (after a reply ended) and lets the list know.
    pub fn reload(self) {
        let id = self.conversation.with_untracked(|c| c.id.clone());
        leptos::task::spawn_local(async move {
            if let Ok(c) = get_conversation(id).await {
                self.conversation.set(c);
            }
            self.refresh.update(|n| *n += 1);
        });
    }

    /// After a change that started a new reply (regenerate, edit): shows the conversation as
    /// it now is and follows the reply; a refusal goes to `error`.
    pub fn restart(self, sent: Result<Sent, AppError>, error: RwSignal<Option<AppError>>) {
        match sent {
            Ok(sent) => {
                error.set(None);
                self.reload();
                self.follow(sent.reply_id);
            }
            Err(e) => error.set(Some(e)),
        }
    }

    /// After a change that started nothing (a version switched, a batch restored): shows the
    /// conversation as it now is; a refusal goes to `error`.
    pub fn changed(self, done: Result<(), AppError>, error: RwSignal<Option<AppError>>) {
        match done {
            Ok(()) => {
                error.set(None);
                self.reload();
            }
            Err(e) => error.set(Some(e)),
        }
    }

    /// Follows reply `id` until it ends, for as long as the conversation is open (nothing,
    /// once it is closed).
    pub fn follow(self, id: String) {
        let Some(owner) = self.owner.try_get_value() else {
            return;
        };
        self.streaming.set(Some(id.clone()));
        self.live_text.set(String::new());
        owner.with(|| {
            live_reply::follow(&id.clone(), self.live_text, move |end| {
                // The final text and state at once; the reload then brings the counts.
                if let Some((state, text)) = end {
                    self.conversation.update(|c| {
                        if let Some(m) = c.messages.iter_mut().find(|m| m.id == id) {
                            (m.state, m.content) = (state, text);
                        }
                    });
                }
                self.streaming.set(None);
                self.reload();
            });
        });
    }
}
