//! The open conversation as the page keeps it, shared by its view and its composer.

use leptos::prelude::*;

use super::api::get_conversation;
use super::live_reply;
use super::Conversation;

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
