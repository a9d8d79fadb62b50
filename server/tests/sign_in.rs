//! Signing in under attack: where `next` may lead, and the throttle on guessing passwords (per
//! client address and per account, atomic, shared by every server process).

mod common;

use common::{Client, PASSWORD};
use serde_json::Value;

/// Signs in with `next` and returns where the server sends the browser (`Location`) and the
/// status; `html` posts like a form without JavaScript.
async fn login_next(c: &Client, next: &str, html: bool) -> (u16, String) {
    let http = common::http_client()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut req = http.post(format!("{}/api/login", c.base)).form(&[
        ("email", "admin@example.org"),
        ("password", PASSWORD),
        ("next", next),
    ]);
    if html {
        req = req
            .header("accept", "text/html")
            .header("referer", format!("{}/login", c.base));
    }
    let res = req
        .send()
        .await
        .expect("an answer, not a dropped connection");
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (res.status().as_u16(), location)
}

both_backends!(sign_in_only_follows_same_site_paths, [], |app| async move {
    app.admin("admin@example.org").await;
    let c = app.client();
    for (next, expected) in [
        ("/songs?id=3", "/songs?id=3"),
        ("/images/new", "/images/new"),
        ("/a\nb", "/"),
        ("/a\r\nSet-Cookie: evil=1", "/"),
        ("/a\u{0}b", "/"),
        ("/\t/evil.example", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
    ] {
        let (status, location) = login_next(&c, next, false).await;
        assert_eq!(
            (status, location.as_str()),
            (200, expected),
            "next = {next:?}"
        );
        let (status, location) = login_next(&c, next, true).await;
        assert_eq!(
            (status, location.as_str()),
            (302, expected),
            "form post, next = {next:?}"
        );
    }
    app
});

both_backends!(
    signing_in_to_ones_own_account_forgives_no_guesses,
    ["LOGIN_MAX_FAILURES" => "3", "LOGIN_WINDOW_SECS" => "60"],
    |app| async move {
        app.admin("victim@example.org").await;
        app.member("attacker@example.org").await;
        let c = app.client();
        for round in 0..2 {
            let guess = c.login("victim@example.org", "guess guess").await;
            assert_eq!(guess.status, 401, "round {round}");
            c.login_ok("attacker@example.org", PASSWORD).await;
        }
        assert_eq!(c.login("victim@example.org", "guess guess").await.status, 401);
        let blocked = c.login("victim@example.org", "guess guess").await;
        assert_eq!((blocked.status, blocked.error_kind()), (429, "rate_limited"));
        app
    }
);

both_backends!(
    concurrent_guesses_cannot_overshoot_the_limit,
    ["LOGIN_MAX_FAILURES" => "3", "LOGIN_WINDOW_SECS" => "60"],
    |app| async move {
        app.admin("victim@example.org").await;
        let c = app.client();
        let tries: Vec<_> = (0..12)
            .map(|_| {
                let c = c.clone();
                tokio::spawn(async move { c.login("victim@example.org", "guess guess").await.status })
            })
            .collect();
        let mut statuses = Vec::new();
        for t in tries {
            statuses.push(t.await.unwrap());
        }
        let verified = statuses.iter().filter(|s| **s == 401).count();
        let limited = statuses.iter().filter(|s| **s == 429).count();
        assert_eq!((verified, limited), (3, 9), "{statuses:?}");
        app
    }
);

both_backends!(
    guessing_one_account_from_many_addresses_slows_down_without_locking_the_owner_out,
    ["TRUST_FORWARDED_FOR" => "true", "LOGIN_MAX_FAILURES" => "100"],
    |app| async move {
        app.admin("victim@example.org").await;
        let from = |i: usize| app.client().with_header("x-forwarded-for", &format!("203.0.113.{i}"));
        let guesses = |first: usize, n: usize| {
            let from = &from;
            async move {
                for i in first..first + n {
                    assert_eq!(from(i).login("victim@example.org", "guess guess").await.status, 401);
                }
            }
        };
        // The owner's usual address.
        from(50).login_ok("victim@example.org", PASSWORD).await;
        guesses(0, 5).await;
        let res = app
            .client()
            .http
            .post(format!("{}/api/login", app.base))
            .header("x-forwarded-for", "203.0.113.9")
            .form(&[("email", "victim@example.org"), ("password", "guess guess"), ("next", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 429, "the sixth guess in a row waits, whatever its address");
        let retry: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["retry_after_secs"], retry);
        assert!((1..=2).contains(&retry), "the first delay is short: {retry}");
        // Another account is not slowed down by it.
        app.member("other@example.org").await;
        from(10).login_ok("other@example.org", PASSWORD).await;
        // The owner's known address is not held back; success clears the count.
        from(50).login_ok("victim@example.org", PASSWORD).await;
        assert_eq!(from(11).login("victim@example.org", "typo typo").await.status, 401);
        // From an address never used before, the owner waits the delay, not a lockout.
        guesses(20, 4).await;
        let new_address = from(60).login("victim@example.org", PASSWORD).await;
        assert_eq!(new_address.status, 429);
        let retry = new_address.body["retry_after_secs"].as_u64().unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(retry * 1000 + 100)).await;
        from(60).login_ok("victim@example.org", PASSWORD).await;
        app
    }
);

both_backends!(
    the_counts_hold_across_server_processes,
    ["LOGIN_MAX_FAILURES" => "2", "LOGIN_WINDOW_SECS" => "60"],
    |app| async move {
        app.admin("victim@example.org").await;
        let second = app
            .sibling(&[("LOGIN_MAX_FAILURES", "2"), ("LOGIN_WINDOW_SECS", "60")])
            .await;
        assert_eq!(app.client().login("victim@example.org", "guess one").await.status, 401);
        assert_eq!(second.client().login("victim@example.org", "guess two").await.status, 401);
        let blocked = app.client().login("victim@example.org", PASSWORD).await;
        assert_eq!(blocked.status, 429, "the other process's failure counts here too");
        second.stop().await;
        app
    }
);
