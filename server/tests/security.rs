//! Hostile input over real HTTP: expired, forged and foreign tokens, cross-site requests,
//! password guessing.

mod common;

use common::{JWT_SECRET, PASSWORD};
use jsonwebtoken::{encode, EncodingKey, Header};
use serde_json::{json, Value};

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn token(secret: &str, sub: &str, ver: i64, exp: u64) -> String {
    let claims = json!({ "sub": sub, "ver": ver, "iat": now() - 10, "exp": exp });
    encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

both_backends!(
    expired_forged_and_stale_tokens_are_refused,
    [],
    |app| async move {
        let admin = app.admin("admin@example.org").await;
        let id = admin.call_ok::<Value>("get_profile", &[]).await["id"]
            .as_str()
            .unwrap()
            .to_string();
        let c = app.client();

        let valid = token(JWT_SECRET, &id, 0, now() + 600);
        assert_eq!(
            c.with_bearer(&valid).call("get_profile", &[]).await.status,
            200,
            "control: a fresh token works"
        );

        let expired = token(JWT_SECRET, &id, 0, now() - 1);
        let forged = token(
            "some-other-secret-that-is-long-enough!!",
            &id,
            0,
            now() + 600,
        );
        let stale = token(JWT_SECRET, &id, -1, now() + 600);
        let nobody = token(
            JWT_SECRET,
            "00000000-0000-0000-0000-000000000000",
            0,
            now() + 600,
        );
        for (what, t) in [
            ("expired", expired),
            ("forged", forged),
            ("stale version", stale),
            ("unknown user", nobody),
            ("garbage", "a.b.c".into()),
        ] {
            let a = c.with_bearer(&t).call("get_profile", &[]).await;
            assert_eq!((a.status, a.error_kind()), (401, "unauthorized"), "{what}");
        }
        app
    }
);

both_backends!(
    a_token_only_ever_reaches_its_own_user,
    [],
    |app| async move {
        let admin = app.admin("admin@example.org").await;
        let mia = app.member("mia@example.org").await;
        let admin_id = admin.call_ok::<Value>("get_profile", &[]).await["id"]
            .as_str()
            .unwrap()
            .to_string();
        // Mia's session cannot be pointed at the admin: ids come from the token, never the request.
        let profile: Value = mia
            .call_ok("get_profile", &[("id", admin_id.as_str())])
            .await;
        assert_eq!(profile["email"], "mia@example.org");
        mia.call_ok::<Value>(
            "update_profile",
            &[
                ("first_name", "Mia"),
                ("last_name", ""),
                ("artist_name", ""),
                ("language", ""),
                ("id", admin_id.as_str()),
            ],
        )
        .await;
        assert_eq!(
            admin.call_ok::<Value>("get_profile", &[]).await["first_name"],
            ""
        );
        app
    }
);

both_backends!(foreign_origin_mutations_are_refused, [], |app| async move {
    let admin = app.admin("admin@example.org").await;
    let args = [
        ("first_name", "Hacked"),
        ("last_name", ""),
        ("artist_name", ""),
        ("language", ""),
    ];

    let evil = admin
        .with_header("origin", "http://evil.example")
        .call("update_profile", &args)
        .await;
    assert_eq!((evil.status, evil.error_kind()), (403, "cross_origin"));
    let cross = admin
        .with_header("sec-fetch-site", "cross-site")
        .call("update_profile", &args)
        .await;
    assert_eq!((cross.status, cross.error_kind()), (403, "cross_origin"));
    let login = app
        .client()
        .with_header("origin", "http://evil.example")
        .login("admin@example.org", PASSWORD)
        .await;
    assert_eq!(login.status, 403, "login CSRF is refused too");
    assert_eq!(
        admin.call_ok::<Value>("get_profile", &[]).await["first_name"],
        "",
        "nothing changed"
    );

    let own_origin = app.base.clone();
    admin
        .with_header("origin", &own_origin)
        .with_header("sec-fetch-site", "same-origin")
        .call_ok::<Value>("update_profile", &args)
        .await;
    assert_eq!(
        admin.call_ok::<Value>("get_profile", &[]).await["first_name"],
        "Hacked",
        "same origin passes"
    );
    app
});

both_backends!(sign_in_attempts_are_rate_limited, ["LOGIN_MAX_FAILURES" => "3", "LOGIN_WINDOW_SECS" => "60"], |app| async move {
    app.admin("admin@example.org").await;
    let c = app.client();
    for _ in 0..3 {
        let a = c.login("admin@example.org", "guess guess").await;
        assert_eq!(a.status, 401);
    }
    let blocked = c.login("admin@example.org", PASSWORD).await;
    assert_eq!((blocked.status, blocked.error_kind()), (429, "rate_limited"));
    assert!(blocked.body["retry_after_secs"].as_u64().unwrap() > 0);
    let token = c.call("create_token", &[("email", "admin@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(token.status, 429, "the CLI sign-in shares the limit");
    app
});
