//! Chat, part 2: a reply regenerated keeps its earlier versions a switch away; an edited
//! message archives what followed as a branch that can come back; compression on demand and
//! before a reply that would not otherwise fit summarises the older messages, keeps the
//! system context and the recent exchanges, and can be undone.

use app::chat::api::StopReply;
use app::chat::history::{
    CompressConversation, EditMessage, GetArchived, RegenerateReply, RestoreArchived,
    SwitchReplyVersion,
};
use app::chat::{ArchiveReason, ReplyState, Role};

use crate::support::{conversation, send, settled, start};
use crate::{both_backends, common};

fn regenerate(id: &str, key: &str) -> RegenerateReply {
    RegenerateReply {
        conversation_id: id.into(),
        request_key: key.into(),
    }
}

both_backends!(
    replies_are_regenerated_and_messages_edited_without_loss,
    [],
    |app| async move {
        let mia = app.admin("mia@example.org").await;
        let other = app.member("other@example.org").await;
        let id = start(&mia, "ollama:llama3.2:latest", "").await;
        mia.run_ok(send(&id, "0001 first take", "k1")).await;
        let first = settled(&mia, &id).await.messages;

        let again = mia.run_ok(regenerate(&id, "r1")).await;
        assert_eq!(mia.run_ok(regenerate(&id, "r1")).await, again, "sent once");
        let c = settled(&mia, &id).await;
        assert_eq!(c.messages.len(), 2);
        assert_eq!(c.messages[1].id, again.reply_id);
        assert_eq!(c.messages[1].state, ReplyState::Done);
        let versions: Vec<_> = c.reply_versions.iter().map(|v| &v.content).collect();
        assert_eq!(versions, [&first[1].content], "the first version is kept");

        mia.run_ok(SwitchReplyVersion {
            conversation_id: id.clone(),
            version_id: first[1].id.clone(),
        })
        .await;
        let c = conversation(&mia, &id).await;
        assert_eq!(
            c.messages[1], first[1],
            "the first version is back as it was"
        );
        assert_eq!(c.reply_versions[0].id, again.reply_id);

        let edited = mia
            .run_ok(EditMessage {
                conversation_id: id.clone(),
                message_id: first[0].id.clone(),
                content: "0001 second take".into(),
                request_key: "e1".into(),
            })
            .await;
        let c = settled(&mia, &id).await;
        assert_eq!(c.messages.len(), 2);
        assert_eq!(c.messages[0].content, "0001 second take");
        assert_eq!(c.messages[1].id, edited.reply_id);
        assert!(c.messages[1].content.contains("second take"));
        assert!(
            c.reply_versions.is_empty(),
            "the versions belong to the old message"
        );
        assert_eq!(c.archive.len(), 1);
        let branch = c.archive[0].clone();
        assert_eq!((branch.reason, branch.messages), (ArchiveReason::Edited, 2));
        let archived = mia
            .run_ok(GetArchived {
                conversation_id: id.clone(),
                batch_id: branch.id.clone(),
            })
            .await;
        assert_eq!(archived.messages, first, "archived, not changed");

        for refused in [
            other.run_err(regenerate(&id, "x1")).await,
            other
                .run_err(RestoreArchived {
                    conversation_id: id.clone(),
                    batch_id: branch.id.clone(),
                })
                .await,
            other
                .run_err(GetArchived {
                    conversation_id: id.clone(),
                    batch_id: branch.id.clone(),
                })
                .await,
        ] {
            assert_eq!(refused.0, 404, "{}", refused.1);
        }

        mia.run_ok(RestoreArchived {
            conversation_id: id.clone(),
            batch_id: branch.id.clone(),
        })
        .await;
        let c = conversation(&mia, &id).await;
        assert_eq!(c.messages, first, "the first branch is back");
        assert_eq!(c.reply_versions.len(), 1, "with its versions");
        assert_eq!(c.archive.len(), 1, "and the second branch is archived");
        assert_eq!(c.archive[0].first_words, "0001 second take");

        // Nothing changes under a reply that is still being written.
        let busy = mia.run_ok(send(&id, "long:400", "k2")).await;
        assert_eq!(mia.run_err(regenerate(&id, "r2")).await.0, 409);
        mia.run_ok(StopReply {
            reply_id: busy.reply_id,
        })
        .await;
        let c = settled(&mia, &id).await;

        // A branch comes back only after the message it followed: edit the third message,
        // then the first; the third's branch waits until the first's is back.
        let edit = |message: &str, content: &str, key: &str| EditMessage {
            conversation_id: id.clone(),
            message_id: message.into(),
            content: content.into(),
            request_key: key.into(),
        };
        mia.run_ok(edit(&c.messages[2].id, "0001 later", "e2"))
            .await;
        let later = settled(&mia, &id).await;
        let later_branch = later.archive[0].id.clone();
        mia.run_ok(edit(&later.messages[0].id, "0001 anew", "e3"))
            .await;
        let anew = settled(&mia, &id).await;
        let restore = |batch: &str| RestoreArchived {
            conversation_id: id.clone(),
            batch_id: batch.into(),
        };
        let refused = mia.run_err(restore(&later_branch)).await;
        assert_eq!(refused.0, 409, "{}", refused.1);
        assert_eq!(
            conversation(&mia, &id).await.messages,
            anew.messages,
            "nothing changed"
        );
        mia.run_ok(restore(&anew.archive[0].id)).await;
        mia.run_ok(restore(&later_branch)).await;
        let back = conversation(&mia, &id).await;
        assert_eq!(back.messages[..2], first[..], "the first exchange");
        assert_eq!(
            back.messages[2].content, c.messages[2].content,
            "then the third's branch"
        );
        assert_eq!(back.messages.len(), 4);
        app
    }
);

both_backends!(
    compression_keeps_the_system_context_and_can_be_undone,
    [],
    |app| async move {
        let mia = app.admin("mia@example.org").await;
        let system = "Never forget: answer in German.";
        // On demand, in a large window.
        let id = start(&mia, "ollama:llama3.2:latest", system).await;
        mia.run_ok(send(&id, "0001 one", "k1")).await;
        settled(&mia, &id).await;
        let refused = mia
            .run_err(CompressConversation {
                conversation_id: id.clone(),
            })
            .await;
        assert_eq!(refused.0, 409, "too little to compress: {}", refused.1);
        for (i, text) in ["0001 two", "0001 three", "0001 four"].iter().enumerate() {
            mia.run_ok(send(&id, text, &format!("k{}", i + 2))).await;
            settled(&mia, &id).await;
        }
        let before = conversation(&mia, &id).await;
        mia.run_ok(CompressConversation {
            conversation_id: id.clone(),
        })
        .await;
        let c = conversation(&mia, &id).await;
        assert_eq!(c.messages.len(), 5, "a summary and the last exchanges");
        assert_eq!(c.messages[0].role, Role::Summary);
        assert!(
            c.messages[0].token_count.unwrap() > 0,
            "its tokens are counted"
        );
        assert_eq!(c.messages[1..], before.messages[4..]);
        assert_eq!(c.system_context, system);
        let batch = &c.archive[0];
        assert_eq!(
            (batch.reason, batch.messages),
            (ArchiveReason::Compressed, 4)
        );
        assert_eq!(
            batch.summary_message_id.as_deref(),
            Some(c.messages[0].id.as_str())
        );

        mia.run_ok(send(&id, "recall:system", "k9")).await;
        let recalled = settled(&mia, &id).await;
        let answer = &recalled.messages.last().unwrap().content;
        assert!(
            answer.contains(system),
            "the model saw the system context: {answer}"
        );
        assert!(
            answer.contains("Summary of the earlier conversation"),
            "{answer}"
        );

        mia.run_ok(RestoreArchived {
            conversation_id: id.clone(),
            batch_id: c.messages[0].id.clone(),
        })
        .await;
        let restored = conversation(&mia, &id).await;
        assert_eq!(restored.messages[..8], before.messages[..], "undone");
        assert!(restored.archive.is_empty());

        // Before a reply, in a small window: a message that would not fit is accepted because
        // compressing makes room; the model then sees all it is sent.
        let tiny = start(&mia, "ollama:tinyllama:latest", system).await;
        let verse = "lyrics ".repeat(150);
        for i in 0..4 {
            mia.run_ok(send(&tiny, &format!("{i} {verse}"), &format!("t{i}")))
                .await;
            let c = settled(&mia, &tiny).await;
            assert!(
                c.messages.iter().all(|m| m.role != Role::Summary),
                "not yet"
            );
        }
        let sent = mia.run_ok(send(&tiny, &format!("4 {verse}"), "t4")).await;
        let c = settled(&mia, &tiny).await;
        assert_eq!(c.messages[0].role, Role::Summary, "compressed first");
        let reply = c.messages.iter().find(|m| m.id == sent.reply_id).unwrap();
        assert_eq!(reply.state, ReplyState::Done, "{:?}", reply.error);
        assert!(!reply.truncated, "{reply:?}");
        assert!(reply.prompt_tokens.unwrap() + reply.token_count.unwrap() < c.window);
        assert_eq!(c.system_context, system);
        app
    }
);
