//! Accounts over real HTTP: first run, sign-up, sign-in, sign-out, password change, profile.

mod common;

use app::auth::api::{ChangePassword, CreateToken, GetSession, Logout, Register, Setup};
use app::auth::SessionInfo;
use app::profile::api::GetProfile;
use common::{Client, PASSWORD};

async fn session(c: &Client) -> SessionInfo {
    c.run_ok(GetSession {}).await
}

fn setup(email: &str) -> Setup {
    Setup {
        email: email.into(),
        password: PASSWORD.into(),
        confirm_password: PASSWORD.into(),
        artist_name: String::new(),
    }
}

fn register(email: &str, password: &str, confirm: &str) -> Register {
    Register {
        email: email.into(),
        password: password.into(),
        confirm_password: confirm.into(),
    }
}

fn change(current: &str, new: &str, confirm: &str) -> ChangePassword {
    ChangePassword {
        current_password: current.into(),
        new_password: new.into(),
        confirm_password: confirm.into(),
    }
}

both_backends!(
    first_account_is_admin_and_setup_then_closes,
    [],
    |app| async move {
        let anon = app.client();
        let s = session(&anon).await;
        assert!(s.needs_setup);
        assert!(s.user.is_none());

        let admin = app.admin("Owner@Example.org").await;
        let s = session(&admin).await;
        let user = s.user.expect("signed in");
        assert_eq!(user.email, "owner@example.org", "emails are normalised");
        assert!(user.is_admin);
        assert!(!s.needs_setup);

        let again = app.client().run_err(setup("x@example.org")).await;
        assert_eq!(again, (409, "already_set_up".into()));

        let member = app.member("member@example.org").await;
        assert!(!session(&member).await.user.expect("signed in").is_admin);
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
                match c.run(setup(&email)).await {
                    Ok(()) => 200,
                    Err(refused) => refused.status,
                }
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
    assert_eq!(browser.run_ok(GetProfile {}).await.email, "mia@example.org");

    let token = app
        .client()
        .run_ok(CreateToken {
            email: "mia@example.org".into(),
            password: PASSWORD.into(),
        })
        .await;
    let cli = app.client().with_bearer(&token.token);
    assert_eq!(cli.run_ok(GetProfile {}).await.email, "mia@example.org");

    browser.run_ok(Logout {}).await;
    assert_eq!(
        browser.run_err(GetProfile {}).await,
        (401, "unauthorized".into())
    );
    assert_eq!(
        cli.run_err(GetProfile {}).await.0,
        401,
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
        assert!(session(&c).await.user.is_none());
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

        let new = "new secret 123";
        let wrong = here.run_err(change("not it at all", new, new)).await;
        assert_eq!(wrong, (403, "wrong_password".into()));
        let differ = here
            .run(change(PASSWORD, new, "other"))
            .await
            .err()
            .expect("refused");
        assert_eq!(differ.status, 422);
        assert_eq!(differ.body["problem"], "passwords_differ");

        here.run_ok(change(PASSWORD, new, new)).await;
        here.run_ok(GetProfile {}).await; // this session stays signed in
        assert_eq!(
            elsewhere.run_err(GetProfile {}).await.0,
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
            .run(register(email, pw, confirm))
            .await
            .err()
            .expect("refused");
        assert_eq!(a.status, 422, "{email}");
        assert_eq!(
            (a.body["field"].as_str(), a.body["problem"].as_str()),
            (Some(field), Some(problem))
        );
    }
    let dup = c
        .run_err(register("ADMIN@example.org", PASSWORD, PASSWORD))
        .await;
    assert_eq!(dup, (409, "email_taken".into()));
    app
});

both_backends!(sign_ups_can_be_closed, ["ALLOW_REGISTRATION" => "false"], |app| async move {
    app.admin("admin@example.org").await;
    let s = session(&app.client()).await;
    assert!(!s.registration_open);
    let refused = app.client().run_err(register("b@example.org", PASSWORD, PASSWORD)).await;
    assert_eq!(refused, (403, "registration_closed".into()));
    app
});
