//! Prompt templates over real HTTP: everyone reads and tests them, only the administrator edits,
//! and the features that use a template follow its edits.

mod common;

use app::demo::DemoProviders;
use app::i18n::Locale;
use app::images::api::EnhanceImagePrompt;
use app::templates::api::{ListTemplates, SaveTemplate, TestTemplate};
use app::templates::edit::TemplateEdit;
use app::templates::labels;

both_backends!(
    templates_are_listed_tested_and_edited_by_the_admin_only,
    [],
    |app| async move {
        let admin = app.admin("admin@example.org").await;
        let member = app.member("member@example.org").await;
        let list = member.run_ok(ListTemplates {}).await;
        let enhance = list
            .iter()
            .find(|t| t.category == "images" && t.action == "enhance")
            .expect("seeded images/enhance");
        let id = enhance.id.as_str();
        assert_eq!(enhance.version, "1.0");
        // Every seed is known by name and reads in German while it carries the seed's words.
        for t in &list {
            assert_ne!(
                labels::name(Locale::de, t),
                format!("{} / {}", t.category, t.action)
            );
            assert_ne!(
                labels::description(Locale::de, t),
                t.description,
                "{}",
                t.id
            );
            assert_eq!(
                labels::description(Locale::en, t),
                t.description,
                "{}",
                t.id
            );
        }
        let seed_in_german = labels::description(Locale::de, enhance);

        let answer = member
            .run_ok(TestTemplate {
                id: id.into(),
                input: "a red door".into(),
            })
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
        // Saved as a German admin sees it, the description stays the seed.
        let mut unchanged = save("0.5");
        unchanged.edit.description = seed_in_german;
        let kept = admin.run_ok(unchanged).await;
        assert_eq!(kept.description, enhance.description);
        let saved = admin.run_ok(save("0.5")).await;
        assert_eq!(saved.version, "1.2");
        assert_eq!(saved.model, "gemma3:4b");
        assert_eq!(saved.description, "edited");
        assert_eq!(
            labels::description(Locale::de, &saved),
            "edited",
            "shown as written"
        );

        // The enhancement path now uses the edited template.
        let enhance = |prompt: &str| EnhanceImagePrompt {
            prompt: prompt.into(),
        };
        let enhanced = member.run_ok(enhance("a red door")).await;
        assert!(enhanced.contains("One sentence."), "{enhanced}");

        // An inactive template stops its feature rather than silently using old wording.
        let mut off = save("0.5");
        off.edit.active = None;
        admin.run_ok(off).await;
        assert_eq!(member.run_err(enhance("x")).await.0, 404);

        let demo = member.run_ok(DemoProviders {}).await;
        assert_eq!((demo.openai, demo.ollama), (true, true));
        app
    }
);
