//! Prompt templates over real HTTP: everyone reads and tests them, only the administrator edits,
//! and the features that use a template follow its edits.

mod common;

use app::templates::api::SaveTemplate;
use app::templates::edit::TemplateEdit;
use serde_json::Value;

both_backends!(
    templates_are_listed_tested_and_edited_by_the_admin_only,
    [],
    |app| async move {
        let admin = app.admin("admin@example.org").await;
        let member = app.member("member@example.org").await;
        let list: Vec<Value> = member.call_ok("list_templates", &[]).await;
        let enhance = list
            .iter()
            .find(|t| t["category"] == "images" && t["action"] == "enhance")
            .expect("seeded images/enhance");
        let id = enhance["id"].as_str().unwrap();
        assert_eq!(enhance["version"], "1.0");

        let answer: String = member
            .call_ok("test_template", &[("id", id), ("input", "a red door")])
            .await;
        assert!(answer.contains("a red door"), "{answer}");

        let save = |temperature: &str| SaveTemplate {
            edit: TemplateEdit {
                id: id.to_string(),
                pre_condition: "Describe the picture.".into(),
                post_condition: "One sentence.".into(),
                description: "edited".into(),
                model: "gemma3:4b".into(),
                temperature: temperature.into(),
                max_tokens: "200".into(),
                active: Some("true".into()),
            },
        };
        assert_eq!(member.run_err(save("0.5")).await, (403, "forbidden".into()));
        let bad = admin.run(save("3.5")).await.err().expect("refused");
        assert_eq!(bad.status, 422);
        assert_eq!(bad.body["field"], "temperature");
        let saved = admin.run_ok(save("0.5")).await;
        assert_eq!(saved.version, "1.1");
        assert_eq!(saved.model, "gemma3:4b");
        assert_eq!(saved.description, "edited");

        // The enhancement path now uses the edited template.
        let enhanced: String = member
            .call_ok("enhance_image_prompt", &[("prompt", "a red door")])
            .await;
        assert!(enhanced.contains("One sentence."), "{enhanced}");

        // An inactive template stops its feature rather than silently using old wording.
        let mut off = save("0.5");
        off.edit.active = None;
        admin.run_ok(off).await;
        assert_eq!(
            member
                .call("enhance_image_prompt", &[("prompt", "x")])
                .await
                .status,
            404
        );

        let demo: Value = member.call_ok("demo_providers", &[]).await;
        assert_eq!(
            (demo["openai"].as_bool(), demo["ollama"].as_bool()),
            (Some(true), Some(true))
        );
        app
    }
);
