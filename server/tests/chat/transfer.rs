//! Chat export and import: Markdown to read, JSON that imports as an equal conversation of the
//! importer's (archive included); a file that is malformed, not an export or too large is
//! refused, names what is wrong, and creates nothing.

use app::chat::api::ListConversations;
use app::chat::history::{CompressConversation, EditMessage, RegenerateReply};
use app::chat::transfer::ImportConversation;
use serde_json::Value;

use crate::both_backends;
use crate::common::{self, Client};
use crate::support::{conversation, send, settled, start};

async fn export(c: &Client, id: &str, extension: &str) -> (String, String) {
    let response = c
        .get(&format!("/export/v1/chat/{id}.{extension}?lang=de"))
        .await;
    assert_eq!(response.status(), 200, "{id}.{extension}");
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    (disposition, response.text().await.unwrap())
}

/// The export with every id replaced by its first appearance's number, so two exports of
/// equal conversations compare equal whatever their ids.
fn normalised(json: &str) -> Value {
    fn walk(v: &mut Value, ids: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    let is_id = key == "id" || key.ends_with("_id");
                    match value {
                        Value::String(s) if is_id => {
                            let n = ids.iter().position(|i| i == s).unwrap_or_else(|| {
                                ids.push(s.clone());
                                ids.len() - 1
                            });
                            *value = Value::from(n);
                        }
                        _ => walk(value, ids),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, ids)),
            _ => {}
        }
    }
    let mut v: Value = serde_json::from_str(json).unwrap();
    walk(&mut v, &mut Vec::new());
    v
}

both_backends!(
    a_conversation_exports_and_imports_whole,
    [],
    |app| async move {
        let mia = app.admin("mia@example.org").await;
        let other = app.member("other@example.org").await;
        let id = start(&mia, "ollama:llama3.2:latest", "Rhyme **everything**.").await;
        for (i, text) in ["0001 one", "0001 two", "0001 three"].iter().enumerate() {
            mia.run_ok(send(&id, text, &format!("k{i}"))).await;
            settled(&mia, &id).await;
        }
        mia.run_ok(RegenerateReply {
            conversation_id: id.clone(),
            request_key: "r1".into(),
        })
        .await;
        let c = settled(&mia, &id).await;
        mia.run_ok(EditMessage {
            conversation_id: id.clone(),
            message_id: c.messages[4].id.clone(),
            content: "0001 three, again".into(),
            request_key: "e1".into(),
        })
        .await;
        settled(&mia, &id).await;
        mia.run_ok(CompressConversation {
            conversation_id: id.clone(),
        })
        .await;
        let original = conversation(&mia, &id).await;

        let (disposition, markdown) = export(&mia, &id, "md").await;
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(markdown.contains("> Rhyme **everything**."), "{markdown}");
        assert!(markdown.contains("## Du ·"), "German headings: {markdown}");
        assert!(markdown.contains("0001 three, again"));
        assert!(markdown.contains("## Frühere Fassungen"), "{markdown}");
        let (_, json) = export(&mia, &id, "json").await;
        assert_eq!(
            other
                .get(&format!("/export/v1/chat/{id}.json"))
                .await
                .status(),
            404
        );

        let imported = other
            .run_ok(ImportConversation { file: json.clone() })
            .await;
        assert_ne!(imported, id);
        let (_, again) = export(&other, &imported, "json").await;
        assert_eq!(
            normalised(&again),
            normalised(&json),
            "the round trip is equal"
        );
        let copy = conversation(&other, &imported).await;
        assert_eq!(copy.messages.len(), original.messages.len());
        assert_eq!(copy.archive.len(), original.archive.len());
        assert_eq!(
            other
                .run_ok(ImportConversation { file: json.clone() })
                .await
                .len(),
            36,
            "the same file imports twice"
        );

        let count = |c: &Client| {
            let c = c.clone();
            async move {
                c.run_ok(ListConversations {
                    query: Default::default(),
                })
                .await
                .total
            }
        };
        let before = count(&other).await;
        let mut wrong_role: Value = serde_json::from_str(&json).unwrap();
        wrong_role["conversation"]["messages"][1]["role"] = "wizard".into();
        let mut dangling: Value = serde_json::from_str(&json).unwrap();
        dangling["conversation"]["archive"][0]["anchor_id"] = "nowhere".into();
        for (file, at) in [
            ("{ not json".to_string(), None),
            (
                "{\"format\":\"something else\"}".to_string(),
                Some("version"),
            ),
            (
                wrong_role.to_string(),
                Some("conversation.messages[1].role"),
            ),
            (
                dangling.to_string(),
                Some("conversation.archive[0].anchor_id"),
            ),
        ] {
            let refused = other
                .run(ImportConversation { file })
                .await
                .err()
                .expect("refused");
            assert_eq!(refused.status, 422, "{}", refused.body);
            assert_eq!(refused.body["kind"], "invalid_import");
            if let Some(at) = at {
                assert_eq!(refused.body["at"], at);
            }
        }
        let huge = format!("{{\"pad\":\"{}\"}}", "x".repeat(2 * 1024 * 1024 + 10));
        let refused = other.run_err(ImportConversation { file: huge }).await;
        assert_eq!(refused.0, 413, "{}", refused.1);
        assert_eq!(count(&other).await, before, "nothing was created");
        app
    }
);
