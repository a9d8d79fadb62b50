//! The profile and the operator's password reset, over real HTTP.

mod common;

use app::auth::api::{GetSession, SetTimeZone};
use app::profile::api::{GetProfile, UpdateProfile};

fn update(first_name: &str, language: &str) -> UpdateProfile {
    UpdateProfile {
        first_name: first_name.into(),
        last_name: String::new(),
        artist_name: String::new(),
        language: language.into(),
    }
}

both_backends!(
    profile_updates_are_validated_and_scoped_to_the_user,
    [],
    |app| async move {
        let admin = app.admin("admin@example.org").await;
        let mia = app.member("mia@example.org").await;
        let updated = mia
            .run_ok(UpdateProfile {
                last_name: "Wallace".into(),
                artist_name: "Mia W".into(),
                ..update(" Mia ", "de")
            })
            .await;
        assert_eq!(updated.first_name, "Mia");
        assert_eq!(updated.language.as_deref(), Some("de"));
        assert_eq!(
            admin.run_ok(GetProfile {}).await.artist_name,
            "",
            "another user's profile is untouched"
        );

        let bad = mia
            .run(update(&"x".repeat(101), ""))
            .await
            .err()
            .expect("refused");
        assert_eq!(bad.status, 422);
        assert_eq!(
            (bad.body["field"].as_str(), bad.body["problem"].as_str()),
            (Some("first_name"), Some("too_long"))
        );
        let lang = mia.run(update("", "fr")).await.err().expect("refused");
        assert_eq!(lang.body["problem"], "language_unknown");
        assert_eq!(
            mia.run_ok(GetProfile {}).await.first_name,
            "Mia",
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
        assert_eq!(admin.run_err(GetProfile {}).await.0, 401);
        app.client().login_ok("admin@example.org", &generated).await;
        let err = server::commands::reset_password(&app.db, "nobody@example.org", None)
            .await
            .unwrap_err();
        assert!(err.contains("no account"), "{err}");
        app
    }
);

both_backends!(
    the_time_zone_is_a_known_zone_and_follows_the_user,
    [],
    |app| async move {
        let mia = app.member("mia@example.org").await;
        assert_eq!(
            mia.run_ok(GetProfile {}).await.time_zone,
            None,
            "unset until reported"
        );
        let set = |zone: &str| SetTimeZone {
            time_zone: zone.into(),
        };
        mia.run_ok(set(" America/Sao_Paulo ")).await;
        let session = mia.run_ok(GetSession {}).await;
        assert_eq!(
            session.user.unwrap().time_zone.as_deref(),
            Some("America/Sao_Paulo")
        );
        for bad in ["Mars/Olympus_Mons", "", "Europe/../etc/passwd"] {
            let refused = mia.run(set(bad)).await.err().expect("refused");
            assert_eq!(
                (refused.status, refused.body["field"].as_str()),
                (422, Some("time_zone")),
                "{bad:?}"
            );
        }
        assert_eq!(
            mia.run_ok(GetProfile {}).await.time_zone.as_deref(),
            Some("America/Sao_Paulo"),
            "a refused zone changes nothing"
        );
        app
    }
);
