//! Chat over real HTTP against the mock's Ollama and OpenAI: conversations scoped to their
//! owner, replies streamed over server-sent events and kept whether or not anyone watches,
//! stopped and failed replies kept as far as they got, the context window respected before
//! sending and truncation flagged after, and a reply cut by a killed process marked interrupted.

#[path = "../common/mod.rs"]
mod common;
mod history;
mod support;
mod transfer;

use std::time::{Duration, Instant};

use app::chat::api::{
    CreateConversation, DeleteConversation, GetConversation, ListConversations, MarkConversation,
    RenameConversation, Sent, StopReply,
};
use app::chat::{ConversationQuery, ReplyState, Role};
use common::Backend;
use support::{conversation, follow, form, send, settled, start};

both_backends!(
    conversations_are_kept_listed_searched_and_owned,
    [],
    |app| async move {
        let mia = app.admin("mia@example.org").await;
        let other = app.member("other@example.org").await;

        let bad = mia
            .run_err(CreateConversation {
                form: form("ollama:no-such-model", ""),
            })
            .await;
        assert_eq!(bad.0, 422, "a model the provider does not have: {}", bad.1);
        let local = start(&mia, "ollama:llama3.2:latest", "Answer in one line.").await;
        let hosted = start(&mia, "openai:gpt-4o-mini", "").await;
        let c = conversation(&mia, &local).await;
        assert_eq!(
            (c.window, c.system_context.as_str()),
            (32_768, "Answer in one line."),
            "the model's 131072 capped"
        );
        assert_eq!(conversation(&mia, &hosted).await.window, 32_768);

        let sent = mia.run_ok(send(&local, "0001 harbour lights", "k1")).await;
        settled(&mia, &local).await;
        mia.run_ok(RenameConversation {
            id: hosted.clone(),
            title: "Bridge ideas".into(),
        })
        .await;
        mia.run_ok(MarkConversation {
            id: hosted.clone(),
            pinned: Some(true),
            archived: None,
        })
        .await;

        let list = |search: &str, show: &str| ListConversations {
            query: ConversationQuery {
                search: search.into(),
                show: show.into(),
                ..Default::default()
            },
        };
        let all = mia.run_ok(list("", "")).await;
        assert_eq!(
            all.items.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            [hosted.as_str(), local.as_str()],
            "pinned first"
        );
        let by_message = mia.run_ok(list("harbour", "")).await;
        assert_eq!(by_message.items.len(), 1, "found by message text");
        assert_eq!(by_message.items[0].id, local);
        assert_eq!(
            mia.run_ok(list("bridge", "")).await.items[0].id,
            hosted,
            "found by title"
        );
        assert_eq!(
            mia.run_ok(list("ha", "")).await.items.len(),
            1,
            "short searches too"
        );
        // A reply still growing is found once it has finished, by long and short searches alike.
        let growing = |state: &'static str| {
            sqlx::query(
                "UPDATE messages SET state = $1, content = 'qzx nebula', heartbeat_at = $2 \
                 WHERE id = $3",
            )
            .bind(state)
            .bind(app::infra::db::now_ms())
            .bind(&sent.reply_id)
            .execute(&app.db.pool)
        };
        growing("streaming").await.unwrap();
        assert!(mia.run_ok(list("nebula", "")).await.items.is_empty());
        assert!(mia.run_ok(list("qz", "")).await.items.is_empty());
        growing("done").await.unwrap();
        assert_eq!(mia.run_ok(list("nebula", "")).await.items.len(), 1);
        assert_eq!(mia.run_ok(list("qz", "")).await.items.len(), 1);

        mia.run_ok(MarkConversation {
            id: local.clone(),
            pinned: None,
            archived: Some(true),
        })
        .await;
        assert_eq!(mia.run_ok(list("", "")).await.items.len(), 1);
        assert_eq!(mia.run_ok(list("", "archived")).await.items[0].id, local);

        assert!(
            other.run_ok(list("", "")).await.items.is_empty(),
            "another user sees none"
        );
        for refused in [
            other.run_err(GetConversation { id: local.clone() }).await,
            other.run_err(send(&local, "mine now", "k9")).await,
            other
                .run_err(DeleteConversation { id: local.clone() })
                .await,
            other
                .run_err(RenameConversation {
                    id: local.clone(),
                    title: "x".into(),
                })
                .await,
        ] {
            assert_eq!(refused.0, 404, "{}", refused.1);
        }
        let events = other
            .get(&format!("/live/v1/chat/replies/{}", sent.reply_id))
            .await;
        assert_eq!(events.status(), 404, "another user's reply is not followed");
        assert_eq!(
            conversation(&mia, &local).await.messages.len(),
            2,
            "nothing changed"
        );

        mia.run_ok(DeleteConversation { id: local.clone() }).await;
        assert_eq!(mia.run_err(GetConversation { id: local }).await.0, 404);
        app
    }
);

both_backends!(
    a_reply_streams_is_measured_and_names_the_conversation,
    [],
    |app| async move {
        let mia = app.admin("mia@example.org").await;
        let id = start(&mia, "ollama:llama3.2:latest", "Be brief.").await;
        let sent: Sent = mia
            .run_ok(send(&id, "0001 hello <script>alert(1)</script>", "k1"))
            .await;
        let again: Sent = mia
            .run_ok(send(&id, "0001 hello <script>alert(1)</script>", "k1"))
            .await;
        assert_eq!(again, sent, "a repeated submit sends once");
        let (names, text, end) = follow(&mia, &sent.reply_id).await;
        assert_eq!(names.first().map(String::as_str), Some("reset"));
        assert!(
            names.iter().any(|n| n == "append") || text.len() > 0,
            "{names:?}"
        );
        assert_eq!(end["state"], "done");
        assert!(text.starts_with("Mock reply: 0001 hello"), "{text}");
        let c = settled(&mia, &id).await;
        let reply = &c.messages[1];
        assert_eq!(
            (reply.role, reply.state),
            (Role::Assistant, ReplyState::Done)
        );
        assert_eq!(reply.content, text);
        assert!(
            reply.prompt_tokens.unwrap() > 0 && reply.token_count.unwrap() > 0,
            "{reply:?}"
        );
        assert!(!reply.truncated);
        assert!(
            c.last_measured().is_some(),
            "the meter counts from the provider's numbers"
        );
        // The title template answers through the mock, after the first exchange.
        let deadline = Instant::now() + Duration::from_secs(10);
        while conversation(&mia, &id).await.title.is_empty() {
            assert!(Instant::now() < deadline, "no title");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // A finished reply is followed too: its whole text, then the end.
        let (names, again, _) = follow(&mia, &sent.reply_id).await;
        assert_eq!(
            (names, again),
            (vec!["reset".to_string(), "end".to_string()], text)
        );
        app
    }
);

both_backends!(
    stopped_failed_and_unwatched_replies_keep_their_text,
    [],
    |app| async move {
        let mia = app.admin("mia@example.org").await;
        let id = start(&mia, "ollama:llama3.2:latest", "").await;
        // Nobody follows this one: the server writes it to the end all the same.
        mia.run_ok(send(&id, "long:20", "k1")).await;
        let c = settled(&mia, &id).await;
        assert_eq!(c.messages[1].state, ReplyState::Done);
        assert!(
            c.messages[1].content.ends_with("word20"),
            "{}",
            c.messages[1].content
        );

        let busy = mia.run_ok(send(&id, "long:400", "k2")).await;
        let refused = mia.run_err(send(&id, "and another", "k3")).await;
        assert_eq!(refused.0, 409, "one reply at a time: {}", refused.1);
        let deadline = Instant::now() + Duration::from_secs(10);
        while conversation(&mia, &id).await.messages[3].content.is_empty() {
            assert!(Instant::now() < deadline, "no text saved while streaming");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        mia.run_ok(StopReply {
            reply_id: busy.reply_id.clone(),
        })
        .await;
        let c = settled(&mia, &id).await;
        let stopped = &c.messages[3];
        assert_eq!(stopped.state, ReplyState::Stopped);
        assert!(
            stopped.content.starts_with("word1 ") && !stopped.content.contains("word400"),
            "{}",
            stopped.content
        );

        mia.run_ok(send(&id, "0003 fail halfway please", "k4"))
            .await;
        let c = settled(&mia, &id).await;
        let failed = &c.messages[5];
        assert_eq!(failed.state, ReplyState::Failed);
        assert!(
            failed.content.starts_with("Mock reply:"),
            "what arrived is kept: {:?}",
            failed.content
        );
        assert!(
            matches!(failed.error, Some(app::error::AppError::Provider { .. })),
            "{:?}",
            failed.error
        );
        app
    }
);

both_backends!(
    the_window_is_respected_before_sending_and_checked_after,
    [],
    |app| async move {
        let mia = app.admin("mia@example.org").await;
        let tiny = start(
            &mia,
            "ollama:tinyllama:latest",
            "Never forget: answer in German.",
        )
        .await;
        assert_eq!(conversation(&mia, &tiny).await.window, 2048);
        let too_long = "lyrics ".repeat(2100);
        let refused = mia
            .run(send(&tiny, &too_long, "k1"))
            .await
            .err()
            .expect("refused");
        assert_eq!(refused.status, 422);
        assert_eq!(refused.body["kind"], "context_full", "{}", refused.body);
        assert!(
            conversation(&mia, &tiny).await.messages.is_empty(),
            "a refused message changes nothing"
        );

        // Long words: the app's estimate fits, the model's own count does not, and the provider
        // cuts the prompt without an error, as Ollama does. The count gives it away.
        let dense = "abcdefg ".repeat(700);
        let sent = mia.run_ok(send(&tiny, &dense, "k2")).await;
        let c = settled(&mia, &tiny).await;
        let reply = c.messages.iter().find(|m| m.id == sent.reply_id).unwrap();
        assert_eq!(reply.state, ReplyState::Done);
        assert!(reply.truncated, "{reply:?}");
        assert_eq!(reply.prompt_tokens, Some(2048));
        app
    }
);

/// A reply whose server is killed mid-stream is kept as far as it got and marked interrupted
/// by the next process once the heartbeat has gone stale.
async fn a_killed_server_leaves_an_interrupted_reply(backend: Backend) {
    use common::processes::{admin_token, client, database, Server};
    let dir = tempfile::tempdir().unwrap();
    let Some(db_url) = database(backend, dir.path()).await else {
        return;
    };
    let mock = mock::start("127.0.0.1:0".parse().unwrap(), Default::default())
        .await
        .unwrap();
    let server = Server::start(&db_url, dir.path(), &mock);
    server.ready().await;
    let c = client(&server.base, &admin_token(&server.base).await);
    let id = start(&c, "ollama:llama3.2:latest", "").await;
    let sent = c.run_ok(send(&id, "long:3000", "k1")).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while conversation(&c, &id).await.messages[1].content.len() < 20 {
        assert!(Instant::now() < deadline, "no text saved while streaming");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    server.kill();
    let server = Server::start(&db_url, dir.path(), &mock);
    server.ready().await;
    let c = client(&server.base, &c.bearer.clone().unwrap());
    let c2 = settled(&c, &id).await;
    let reply = c2.messages.iter().find(|m| m.id == sent.reply_id).unwrap();
    assert_eq!(reply.state, ReplyState::Interrupted);
    assert!(
        reply.content.starts_with("word1 word2"),
        "kept as far as it got: {}",
        reply.content
    );
    server.kill();
}

both_backends!(a_killed_server_leaves_an_interrupted_reply, fn a_killed_server_leaves_an_interrupted_reply, multi_thread);
