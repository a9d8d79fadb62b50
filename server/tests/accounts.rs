//! Accounts over real HTTP: first run, sign-up, sign-in, sign-out, password change, profile.

mod common;

use common::{Client, PASSWORD};
use serde_json::Value;

async fn session(c: &Client) -> Value {
    c.call_ok::<Value>("get_session", &[]).await
}

both_backends!(
    first_account_is_admin_and_setup_then_closes,
    [],
    |app| async move {
        let anon = app.client();
        let s = session(&anon).await;
        assert_eq!(s["needs_setup"], true);
        assert!(s["user"].is_null());

        let admin = app.admin("Owner@Example.org").await;
        let s = session(&admin).await;
        assert_eq!(
            s["user"]["email"], "owner@example.org",
            "emails are normalised"
        );
        assert_eq!(s["user"]["is_admin"], true);
        assert_eq!(s["needs_setup"], false);

        let again = app
            .client()
            .call(
                "setup",
                &[
                    ("email", "x@example.org"),
                    ("password", PASSWORD),
                    ("confirm_password", PASSWORD),
                    ("artist_name", ""),
                ],
            )
            .await;
        assert_eq!((again.status, again.error_kind()), (409, "already_set_up"));

        let member = app.member("member@example.org").await;
        assert_eq!(session(&member).await["user"]["is_admin"], false);
        app
    }
);

both_backends!(
    simultaneous_first_sign_ups_make_one_admin,
    [],
    |app| async move {
        let attempts = (0..6).map(|i| {
            let c = app.client();
            async move {
                let email = format!("racer{i}@example.org");
                c.call(
                    "setup",
                    &[
                        ("email", &email),
                        ("password", PASSWORD),
                        ("confirm_password", PASSWORD),
                        ("artist_name", ""),
                    ],
                )
                .await
                .status
            }
        });
        let statuses = futures_join(attempts).await;
        assert_eq!(
            statuses.iter().filter(|s| **s == 200).count(),
            1,
            "{statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 200 || *s == 409),
            "{statuses:?}"
        );
        app
    }
);

async fn futures_join<F: std::future::Future<Output = u16> + Send + 'static>(
    futs: impl Iterator<Item = F>,
) -> Vec<u16> {
    let handles: Vec<_> = futs.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

both_backends!(sign_in_and_sign_out_revokes_tokens, [], |app| async move {
    app.admin("admin@example.org").await;
    app.member("mia@example.org").await;

    let browser = app.client();
    browser.login_ok("MIA@example.org", PASSWORD).await;
    let profile: Value = browser.call_ok("get_profile", &[]).await;
    assert_eq!(profile["email"], "mia@example.org");

    let token: Value = app
        .client()
        .call_ok(
            "create_token",
            &[("email", "mia@example.org"), ("password", PASSWORD)],
        )
        .await;
    let cli = app.client().with_bearer(token["token"].as_str().unwrap());
    assert_eq!(
        cli.call_ok::<Value>("get_profile", &[]).await["email"],
        "mia@example.org"
    );

    browser.call_ok::<()>("logout", &[]).await;
    let after = browser.call("get_profile", &[]).await;
    assert_eq!((after.status, after.error_kind()), (401, "unauthorized"));
    let revoked = cli.call("get_profile", &[]).await;
    assert_eq!(
        revoked.status, 401,
        "signing out revokes every token of the user"
    );
    app
});

both_backends!(
    wrong_password_and_unknown_email_get_the_same_answer,
    [],
    |app| async move {
        app.admin("admin@example.org").await;
        let c = app.client();
        let wrong = c.login("admin@example.org", "wrong password").await;
        let unknown = c.login("nobody@example.org", PASSWORD).await;
        assert_eq!(
            (wrong.status, wrong.error_kind()),
            (401, "invalid_credentials")
        );
        assert_eq!(
            (unknown.status, unknown.error_kind()),
            (401, "invalid_credentials")
        );
        assert!(session(&c).await["user"].is_null());
        app
    }
);

both_backends!(
    change_password_checks_current_and_revokes_other_sessions,
    [],
    |app| async move {
        let here = app.admin("admin@example.org").await;
        let elsewhere = app.client();
        elsewhere.login_ok("admin@example.org", PASSWORD).await;

        let wrong = here
            .call(
                "change_password",
                &[
                    ("current_password", "not it at all"),
                    ("new_password", "new secret 123"),
                    ("confirm_password", "new secret 123"),
                ],
            )
            .await;
        assert_eq!((wrong.status, wrong.error_kind()), (403, "wrong_password"));
        let differ = here
            .call(
                "change_password",
                &[
                    ("current_password", PASSWORD),
                    ("new_password", "new secret 123"),
                    ("confirm_password", "other"),
                ],
            )
            .await;
        assert_eq!(differ.status, 422);
        assert_eq!(differ.body["problem"], "passwords_differ");

        here.call_ok::<()>(
            "change_password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "new secret 123"),
                ("confirm_password", "new secret 123"),
            ],
        )
        .await;
        assert_eq!(
            here.call("get_profile", &[]).await.status,
            200,
            "this session stays signed in"
        );
        assert_eq!(
            elsewhere.call("get_profile", &[]).await.status,
            401,
            "other sessions are revoked"
        );
        let old = app.client().login("admin@example.org", PASSWORD).await;
        assert_eq!(old.status, 401);
        app.client()
            .login_ok("admin@example.org", "new secret 123")
            .await;
        app
    }
);

both_backends!(registration_validates_input, [], |app| async move {
    app.admin("admin@example.org").await;
    let c = app.client();
    let cases = [
        ("not-an-email", PASSWORD, PASSWORD, "email", "email_invalid"),
        (
            "a@example.org",
            "short",
            "short",
            "password",
            "password_too_short",
        ),
        (
            "a@example.org",
            PASSWORD,
            "different!",
            "confirm_password",
            "passwords_differ",
        ),
    ];
    for (email, pw, confirm, field, problem) in cases {
        let a = c
            .call(
                "register",
                &[
                    ("email", email),
                    ("password", pw),
                    ("confirm_password", confirm),
                ],
            )
            .await;
        assert_eq!(a.status, 422, "{email}");
        assert_eq!(
            (a.body["field"].as_str(), a.body["problem"].as_str()),
            (Some(field), Some(problem))
        );
    }
    let dup = c
        .call(
            "register",
            &[
                ("email", "ADMIN@example.org"),
                ("password", PASSWORD),
                ("confirm_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!((dup.status, dup.error_kind()), (409, "email_taken"));
    app
});

both_backends!(sign_ups_can_be_closed, ["ALLOW_REGISTRATION" => "false"], |app| async move {
    app.admin("admin@example.org").await;
    let s = session(&app.client()).await;
    assert_eq!(s["registration_open"], false);
    let refused = app.client().call("register", &[("email", "b@example.org"), ("password", PASSWORD), ("confirm_password", PASSWORD)]).await;
    assert_eq!((refused.status, refused.error_kind()), (403, "registration_closed"));
    app
});
