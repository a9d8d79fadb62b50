//! Hostile input over real HTTP: expired, forged and foreign tokens, cross-site requests,
//! password guessing.

mod common;

use app::auth::api::CreateToken;
use app::profile::api::{GetProfile, UpdateProfile};
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
        let id = admin.run_ok(GetProfile {}).await.id;
        let c = app.client();

        let valid = token(JWT_SECRET, &id, 0, now() + 600);
        assert_eq!(
            c.with_bearer(&valid).run(GetProfile {}).await.is_ok(),
            true,
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
            let refused = c.with_bearer(&t).run_err(GetProfile {}).await;
            assert_eq!(refused, (401, "unauthorized".into()), "{what}");
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
        let admin_id = admin.run_ok(GetProfile {}).await.id;
        // Mia's session cannot be pointed at the admin: ids come from the token, never the
        // request. An `id` the functions do not take is sent by hand, as a hostile client would.
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
        assert_eq!(admin.run_ok(GetProfile {}).await.first_name, "");
        app
    }
);

both_backends!(foreign_origin_mutations_are_refused, [], |app| async move {
    let admin = app.admin("admin@example.org").await;
    let args = || UpdateProfile {
        first_name: "Hacked".into(),
        last_name: String::new(),
        artist_name: String::new(),
        language: String::new(),
    };

    let evil = admin
        .with_header("origin", "http://evil.example")
        .run_err(args())
        .await;
    assert_eq!(evil, (403, "cross_origin".into()));
    let cross = admin
        .with_header("sec-fetch-site", "cross-site")
        .run_err(args())
        .await;
    assert_eq!(cross, (403, "cross_origin".into()));
    let login = app
        .client()
        .with_header("origin", "http://evil.example")
        .login("admin@example.org", PASSWORD)
        .await;
    assert_eq!(login.status, 403, "login CSRF is refused too");
    assert_eq!(
        admin.run_ok(GetProfile {}).await.first_name,
        "",
        "nothing changed"
    );

    let own_origin = app.base.clone();
    admin
        .with_header("origin", &own_origin)
        .with_header("sec-fetch-site", "same-origin")
        .run_ok(args())
        .await;
    assert_eq!(
        admin.run_ok(GetProfile {}).await.first_name,
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
    let token = c
        .run_err(CreateToken {
            email: "admin@example.org".into(),
            password: PASSWORD.into(),
        })
        .await;
    assert_eq!(token.0, 429, "the CLI sign-in shares the limit");
    app
});
