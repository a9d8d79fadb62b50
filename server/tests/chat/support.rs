//! Steps the chat tests share: a conversation started, a message sent, a reply waited for or
//! followed over its events.

use std::time::{Duration, Instant};

use app::chat::api::{CreateConversation, GetConversation, SendMessage};
use app::chat::{Conversation, ConversationForm};

use crate::common::Client;

pub fn form(model: &str, system: &str) -> ConversationForm {
    ConversationForm {
        model: model.into(),
        system_context: system.into(),
        ..Default::default()
    }
}

pub async fn start(c: &Client, model: &str, system: &str) -> String {
    c.run_ok(CreateConversation {
        form: form(model, system),
    })
    .await
}

pub fn send(conversation: &str, content: &str, key: &str) -> SendMessage {
    SendMessage {
        conversation_id: conversation.into(),
        content: content.into(),
        request_key: key.into(),
    }
}

pub async fn conversation(c: &Client, id: &str) -> Conversation {
    c.run_ok(GetConversation { id: id.into() }).await
}

/// The conversation once its last reply is no longer streaming.
pub async fn settled(c: &Client, id: &str) -> Conversation {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let now = conversation(c, id).await;
        if now.streaming_reply().is_none() {
            return now;
        }
        assert!(Instant::now() < deadline, "the reply did not end");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Reads a reply's server-sent events until `end`; the event names in order and the text.
pub async fn follow(c: &Client, reply: &str) -> (Vec<String>, String, serde_json::Value) {
    let mut response = c.get(&format!("/live/v1/chat/replies/{reply}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let (mut names, mut text, mut buffer) = (Vec::new(), String::new(), String::new());
    while let Some(chunk) = tokio::time::timeout(Duration::from_secs(30), response.chunk())
        .await
        .expect("events keep coming")
        .expect("stream")
    {
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(at) = buffer.find("\n\n") {
            let event: String = buffer.drain(..at + 2).collect();
            let name = event
                .lines()
                .find_map(|l| l.strip_prefix("event: "))
                .unwrap_or("")
                .to_string();
            let data: String = event
                .lines()
                .filter_map(|l| l.strip_prefix("data: "))
                .collect();
            match name.as_str() {
                "reset" => text = serde_json::from_str(&data).unwrap(),
                "append" => text.push_str(&serde_json::from_str::<String>(&data).unwrap()),
                "end" => {
                    names.push(name);
                    return (names, text, serde_json::from_str(&data).unwrap());
                }
                _ => continue,
            }
            names.push(name);
        }
    }
    panic!("the stream closed before its end event: {names:?}");
}
