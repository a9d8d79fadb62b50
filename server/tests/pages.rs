//! Server-rendered pages over real HTTP: health, language precedence, redirects.

mod common;

use app::auth::api::{CreateToken, SetLanguage};
use app::profile::api::GetProfile;
use common::PASSWORD;
use serde_json::Value;

/// Browsers ask for HTML when they navigate or post a plain form.
fn html() -> reqwest::header::HeaderMap {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert("accept", "text/html".parse().unwrap());
    h
}

both_backends!(health_reports_database_and_version, [], |app| async move {
    let res = app.client().get("/health").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"]["reachable"], true);
    let backend = match app.backend {
        common::Backend::Sqlite => "sqlite",
        common::Backend::Postgres => "postgres",
    };
    assert_eq!(body["database"]["backend"], backend);
    assert!(body["database"]["version"].as_str().unwrap().len() > 3);
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    app
});

#[tokio::test]
async fn static_assets_are_cached_and_pages_are_not() {
    let app = common::TestApp::spawn(common::Backend::Sqlite, &[])
        .await
        .unwrap();
    let c = app.client();
    let font = c.get("/fonts/Anton-Regular.ttf").await;
    assert_eq!(font.status(), 200);
    assert_eq!(font.headers()["cache-control"], "public, max-age=604800");
    assert!(font.bytes().await.unwrap().len() > 100_000);
    let page = c.get("/login").await;
    assert_eq!(page.headers()["cache-control"], "private, no-cache");
    let missing = c.get("/pkg/aitoolbox.AAAAAAAAAAAAAAAAAAAAAA.wasm").await;
    assert_eq!(missing.status(), 404);
    assert!(missing.headers().get("cache-control").is_none());
    assert_eq!(page.headers()["x-frame-options"], "DENY");
    app.stop().await;
}

both_backends!(
    pages_render_in_the_negotiated_language,
    [],
    |app| async move {
        app.admin("admin@example.org").await;
        let german = app
            .client()
            .with_header("accept-language", "de-DE,de;q=0.9,en;q=0.5")
            .get("/login")
            .await;
        let html = german.text().await.unwrap();
        assert!(
            html.contains(r#"lang="de""#),
            "html lang follows Accept-Language"
        );
        assert!(html.contains("Willkommen zurück"));

        let english = app
            .client()
            .with_header("cookie", "i18n_pref_locale=en")
            .with_header("accept-language", "de")
            .get("/login")
            .await;
        assert!(
            english.text().await.unwrap().contains("Welcome back"),
            "the cookie beats Accept-Language"
        );
        app
    }
);

both_backends!(the_users_language_beats_the_cookie, [], |app| async move {
    let admin = app.admin("admin@example.org").await;
    admin
        .run_ok(SetLanguage {
            language: "de".into(),
        })
        .await;
    // A browser whose cookie says English (e.g. another device) still gets German pages.
    let token = app.client().run_ok(admin_token()).await.token;
    let cookie = format!("aitb_session={token}; i18n_pref_locale=en");
    let res = app
        .client()
        .with_header("cookie", &cookie)
        .get("/profile")
        .await;
    let set_cookie: Vec<_> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let html = res.text().await.unwrap();
    assert!(
        html.contains(r#"lang="de""#),
        "rendered in the user's language"
    );
    assert!(html.contains("Persönliche Angaben"));
    assert!(
        set_cookie
            .iter()
            .any(|c| c.starts_with("i18n_pref_locale=de")),
        "{set_cookie:?}"
    );
    let bad = admin
        .run(SetLanguage {
            language: "xx".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (bad.status, bad.body["problem"].as_str()),
        (422, Some("language_unknown"))
    );
    app
});

both_backends!(
    anonymous_visitors_are_sent_to_setup_then_sign_in,
    [],
    |app| async move {
        let c = common::http_client()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(html())
            .build()
            .unwrap();
        let first = c.get(format!("{}/profile", app.base)).send().await.unwrap();
        assert_eq!(first.status(), 302);
        assert_eq!(first.headers()["location"], "/setup");
        app.admin("admin@example.org").await;
        let later = c.get(format!("{}/profile", app.base)).send().await.unwrap();
        assert_eq!(later.status(), 302);
        assert_eq!(later.headers()["location"], "/login?next=/profile");
        let missing = c
            .get(format!("{}/no/such/page", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);
        app
    }
);

both_backends!(sign_in_works_as_a_plain_html_form, [], |app| async move {
    app.admin("admin@example.org").await;
    // What a browser without WASM sends: a form post accepting HTML, with a Referer.
    let c = common::http_client()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(html())
        .cookie_store(true)
        .build()
        .unwrap();
    let login_page = format!("{}/login", app.base);
    let wrong = c
        .post(format!("{}/api/login", app.base))
        .header("referer", &login_page)
        .form(&[
            ("email", "admin@example.org"),
            ("password", "nope nope"),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 302);
    let back = wrong.headers()["location"].to_str().unwrap().to_string();
    assert!(
        back.contains("__err="),
        "the error travels back in the URL: {back}"
    );
    let page = c.get(&back).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("Wrong email or password."),
        "the server renders the error"
    );

    let ok = c
        .post(format!("{}/api/login", app.base))
        .header("referer", &login_page)
        .form(&[
            ("email", "admin@example.org"),
            ("password", PASSWORD),
            ("next", "/profile"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 302);
    assert_eq!(ok.headers()["location"], "/profile");
    let profile = c.get(format!("{}/profile", app.base)).send().await.unwrap();
    assert_eq!(profile.status(), 200);
    app
});

both_backends!(servers_on_one_database_share_the_generated_secret, ["JWT_SECRET" => ""], |app| async move {
    let admin = app.admin("admin@example.org").await;
    let token = admin.run_ok(admin_token()).await.token;
    let other = app.sibling(&[("JWT_SECRET", "")]).await;
    let profile = other.client().with_bearer(&token).run_ok(GetProfile {}).await;
    assert_eq!(profile.email, "admin@example.org", "a token from one process is valid on the other");
    other.stop().await;
    app
});

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_foreign_keys() {
    let app = common::TestApp::spawn(common::Backend::Sqlite, &[])
        .await
        .unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!((mode.as_str(), fk), ("wal", 1));
    assert!(busy >= 1000, "busy timeout {busy}");
    app.stop().await;
}

both_backends!(
    pages_and_answers_are_compressed_media_is_not,
    [],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let with = |encoding: &'static str| c.with_header("accept-encoding", encoding);
        for (encoding, expected) in [("br, gzip", "br"), ("gzip", "gzip")] {
            let page = with(encoding).get("/images/new").await;
            assert_eq!(page.status(), 200);
            assert_eq!(
                page.headers()["content-encoding"],
                expected,
                "page, {encoding}"
            );
            let font = with(encoding).get("/fonts/Anton-Regular.ttf").await;
            assert_eq!(
                font.headers()
                    .get("content-encoding")
                    .map(|v| v.to_str().unwrap()),
                Some(expected),
                "font"
            );
        }
        let plain = c.get("/images/new").await;
        assert!(
            plain.headers().get("content-encoding").is_none(),
            "only when asked for"
        );
        // Images are compressed already; ranged answers must stay byte ranges.
        let id = c.generate_image("").await;
        let file = with("br, gzip").get(&format!("/media/images/{id}")).await;
        assert!(file.headers().get("content-encoding").is_none());
        let range = with("br, gzip")
            .with_header("range", "bytes=0-99")
            .get(&format!("/media/images/{id}"))
            .await;
        assert_eq!(range.status(), 206);
        assert!(range.headers().get("content-encoding").is_none());
        app
    }
);

fn admin_token() -> CreateToken {
    CreateToken {
        email: "admin@example.org".into(),
        password: PASSWORD.into(),
    }
}
