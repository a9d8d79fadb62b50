//! The profile and the operator's password reset, over real HTTP.

mod common;

use serde_json::Value;

both_backends!(
    profile_updates_are_validated_and_scoped_to_the_user,
    [],
    |app| async move {
        let admin = app.admin("admin@example.org").await;
        let mia = app.member("mia@example.org").await;
        let updated: Value = mia
            .call_ok(
                "update_profile",
                &[
                    ("first_name", " Mia "),
                    ("last_name", "Wallace"),
                    ("artist_name", "Mia W"),
                    ("language", "de"),
                ],
            )
            .await;
        assert_eq!(updated["first_name"], "Mia");
        assert_eq!(updated["language"], "de");
        let admin_profile: Value = admin.call_ok("get_profile", &[]).await;
        assert_eq!(
            admin_profile["artist_name"], "",
            "another user's profile is untouched"
        );

        let long = "x".repeat(101);
        let bad = mia
            .call(
                "update_profile",
                &[
                    ("first_name", &long),
                    ("last_name", ""),
                    ("artist_name", ""),
                    ("language", ""),
                ],
            )
            .await;
        assert_eq!(bad.status, 422);
        assert_eq!(
            (bad.body["field"].as_str(), bad.body["problem"].as_str()),
            (Some("first_name"), Some("too_long"))
        );
        let lang = mia
            .call(
                "update_profile",
                &[
                    ("first_name", ""),
                    ("last_name", ""),
                    ("artist_name", ""),
                    ("language", "fr"),
                ],
            )
            .await;
        assert_eq!(lang.body["problem"], "language_unknown");
        let unchanged: Value = mia.call_ok("get_profile", &[]).await;
        assert_eq!(
            unchanged["first_name"], "Mia",
            "a refused update changes nothing"
        );
        app
    }
);

both_backends!(
    reset_password_command_sets_password_and_revokes_sessions,
    [],
    |app| async move {
        let admin = app.admin("admin@example.org").await;
        let generated = server::commands::reset_password(&app.db, "Admin@example.org", None)
            .await
            .unwrap();
        assert_eq!(generated.len(), 20);
        assert_eq!(admin.call("get_profile", &[]).await.status, 401);
        app.client().login_ok("admin@example.org", &generated).await;
        let err = server::commands::reset_password(&app.db, "nobody@example.org", None)
            .await
            .unwrap_err();
        assert!(err.contains("no account"), "{err}");
        app
    }
);
