//! Hostile input, one class at a time, over real HTTP on SQLite and PostgreSQL: each is
//! answered with a 4xx of the right kind and changes nothing.

mod common;
#[path = "songs/fixtures.rs"]
mod song_fixtures;

use app::sketches::api::SaveSketch;
use app::sketches::SketchForm;
#[path = "images/fixtures.rs"]
mod image_fixtures;

use common::raw_http::{post, read_response, send};
use common::PASSWORD;
use serde_json::Value;
use tokio::io::AsyncWriteExt;

both_backends!(
    undecodable_arguments_are_bad_requests,
    [],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let id = c.generate_image("Lake").await;
        let with_body = |content_type: &'static str, body: &'static str| {
            let c = c.clone();
            async move {
                let res = c
                    .http
                    .post(format!("{}/api/update_image", c.base))
                    .header("content-type", content_type)
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                let body: Value = res.json().await.unwrap_or(Value::Null);
                (status, body["kind"].as_str().unwrap_or("").to_string())
            }
        };
        let bad = |a: common::Answer| (a.status, a.error_kind().to_string());
        let expected = (400, "bad_request".to_string());
        // A missing argument, a duplicated one, a number out of range, a boolean that is not one.
        assert_eq!(
            bad(c.call("update_image", &[("id", &id), ("title", "x")]).await),
            expected
        );
        assert_eq!(
            bad(c
                .call(
                    "update_image",
                    &[("id", &id), ("title", "a"), ("title", "b"), ("tags", "")]
                )
                .await),
            expected
        );
        assert_eq!(
            bad(c
                .call(
                    "apply_overlay",
                    &[("id", &id), ("spec", "{}"), ("export_side", "99999999999")]
                )
                .await),
            expected
        );
        assert_eq!(
            bad(c
                .call(
                    "rate_choice",
                    &[("choice_id", &id), ("rating", "99999999999999999999")]
                )
                .await),
            expected
        );
        let mut song = song_fixtures::song_args("[Verse]\nla", "pop", "key-0123456789");
        song.retain(|(k, _)| *k != "request[instrumental]");
        song.push(("request[instrumental]", "maybe"));
        assert_eq!(bad(c.call("create_song", &song).await), expected);
        // Deeply nested keys, and a body in an encoding no server function reads.
        assert_eq!(
            bad(c
                .call("list_images", &[("query[a][b][c][d][e][f]", "1")])
                .await),
            expected
        );
        assert_eq!(
            with_body("application/json", r#"{"id":"x","title":"t","tags":""}"#).await,
            expected
        );
        let gz = c
            .with_header("content-encoding", "gzip")
            .call("update_image", &[("id", &id), ("title", "t"), ("tags", "")])
            .await;
        assert_eq!(bad(gz), expected);
        let image: Value = c.call_ok("get_image", &[("id", &id)]).await;
        assert_eq!(image["title"], "Lake", "nothing changed");
        app
    }
);

both_backends!(
    unreadable_bodies_are_refused_before_any_function_runs,
    [],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let id = c.generate_image("Lake").await;
        let token = c
            .call_ok::<Value>(
                "create_token",
                &[("email", "admin@example.org"), ("password", PASSWORD)],
            )
            .await["token"]
            .as_str()
            .unwrap()
            .to_string();
        let auth = format!("Authorization: Bearer {token}\r\n");
        // Over the size limit, declared or streamed.
        let huge = format!("id={id}&tags=&title={}", "a".repeat(2 * 1024 * 1024));
        let (status, text) = send(
            &app.base,
            &post("/api/update_image", &auth, huge.as_bytes()),
            false,
        )
        .await;
        assert_eq!(status, 413, "{text}");
        assert!(text.contains("payload_too_large"), "{text}");
        let chunked = format!("{auth}Transfer-Encoding: chunked\r\n");
        let mut body = Vec::new();
        for _ in 0..40 {
            body.extend_from_slice(format!("{:x}\r\n{}\r\n", 65536, "a".repeat(65536)).as_bytes());
        }
        body.extend_from_slice(b"0\r\n\r\n");
        let (status, _) = send(
            &app.base,
            &post("/api/update_image", &chunked, &body),
            false,
        )
        .await;
        assert_eq!(status, 413);
        // Broken off before its declared length, and broken chunked framing.
        let cut = format!("{auth}Content-Length: 500\r\n");
        let (status, _) = send(
            &app.base,
            &post(
                "/api/update_image",
                &cut,
                format!("id={id}&title=x").as_bytes(),
            ),
            true,
        )
        .await;
        assert_eq!(status, 400);
        let (status, _) = send(
            &app.base,
            &post("/api/update_image", &chunked, b"zz\r\nnot a chunk\r\n"),
            true,
        )
        .await;
        assert_eq!(status, 400);
        // Bytes that are not UTF-8, percent-encoded or raw, in a text field: 422 naming it.
        let bad_text = c.call("update_image", &[("id", &id), ("tags", "")]).await; // control: missing title
        assert_eq!(bad_text.status, 400);
        let (status, text) = send(
            &app.base,
            &post(
                "/api/update_image",
                &auth,
                format!("id={id}&tags=&title=%FF%FEx").as_bytes(),
            ),
            false,
        )
        .await;
        assert_eq!(status, 422, "{text}");
        assert!(
            text.contains(r#""field":"title""#) && text.contains("invalid_characters"),
            "{text}"
        );
        let mut raw_bytes = format!("id={id}&tags=&title=").into_bytes();
        raw_bytes.extend_from_slice(&[0xC3, 0x28]);
        let (status, text) = send(
            &app.base,
            &post("/api/update_image", &auth, &raw_bytes),
            false,
        )
        .await;
        assert_eq!(status, 422, "{text}");
        let image: Value = c.call_ok("get_image", &[("id", &id)]).await;
        assert_eq!(image["title"], "Lake", "nothing changed");
        app
    }
);

both_backends!(text_input_follows_one_policy, [], |app| async move {
    let c = app.admin("admin@example.org").await;
    let id = c.generate_image("Lake").await;
    for bad in ["Lake\u{0}", "Lake\u{1b}[31m", "Lake\u{7}", "Lake\rLake"] {
        let a = c
            .call("update_image", &[("id", &id), ("title", bad), ("tags", "")])
            .await;
        assert_eq!(
            (a.status, a.error_kind()),
            (422, "validation"),
            "{bad:?}: {}",
            a.body
        );
        assert_eq!(
            (a.body["field"].as_str(), a.body["problem"].as_str()),
            (Some("title"), Some("invalid_characters"))
        );
        let form = SketchForm {
            title: bad.into(),
            prompt: "pop".into(),
            ..Default::default()
        };
        let (status, _) = c.run_err(SaveSketch { sketch: form }).await;
        assert_eq!(status, 422, "{bad:?}");
    }
    let image: Value = c.call_ok("get_image", &[("id", &id)]).await;
    assert_eq!(image["title"], "Lake");
    let sketches: Vec<Value> = c.call_ok("list_sketches", &[]).await;
    assert!(sketches.is_empty(), "nothing stored");
    // Multi-line text keeps newlines and tabs, with Windows line ends normalised.
    let form = SketchForm {
        title: "Grüße".into(),
        lyrics: "[Verse]\r\n\tone\r\ntwo\r\n".into(),
        prompt: "pop".into(),
        ..Default::default()
    };
    let sketch = c.run_ok(SaveSketch { sketch: form }).await;
    assert_eq!(sketch.lyrics, "[Verse]\n\tone\ntwo");
    // A NUL in a media path is "not found", not a database error.
    for path in [
        format!("/media/images/{id}%00"),
        "/media/images/%00/thumb".into(),
        "/media/songs/%00/mp3".into(),
    ] {
        let res = c.get(&path).await;
        assert_eq!(res.status(), 404, "{path}");
    }
    // Pages call server functions directly, past the body checks: ids from their URL are
    // checked where every function checks them.
    for path in [
        "/sketches?id=%00",
        "/images?id=%00x",
        "/songs?id=a%00",
        "/images?composition=%00&style=a%00",
        "/equipment?id=%00",
        "/equipment?kind=%00&tag=a%00&sort=%00&page=99999999999999999999",
    ] {
        let res = c.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        let html = res.text().await.unwrap();
        assert!(
            !html.contains("Something went wrong on the server"),
            "{path}"
        );
    }
    app
});

both_backends!(page_numbers_cannot_overflow, [], |app| async move {
    let c = app.admin("admin@example.org").await;
    let user: Value = c.call_ok("get_profile", &[]).await;
    image_fixtures::seed_rows(&app, user["id"].as_str().unwrap(), 60).await;
    for huge in [
        "9223372036854775807",
        "9223372036854775808",
        "99999999999999999999",
    ] {
        let page: Value = c.call_ok("list_images", &[("query[page]", huge)]).await;
        assert_eq!(
            page["items"].as_array().unwrap().len(),
            0,
            "page {huge} is past the end, not the first page"
        );
        assert_eq!(page["total"], 60);
    }
    let first: Value = c.call_ok("list_images", &[("query[page]", "-3")]).await;
    assert_eq!(first["page"], 1);
    assert_eq!(first["items"].as_array().unwrap().len(), 48);
    let res = c.get("/images?page=9223372036854775807").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("past the end of the gallery"),
        "leads back to the first page"
    );
    let sketches = c
        .call("list_sketches", &[("query[page]", "9223372036854775807")])
        .await;
    assert_eq!(sketches.status, 200);
    let songs = c
        .call("list_songs", &[("page", "9223372036854775807")])
        .await;
    assert_eq!(songs.status, 200);
    app
});

both_backends!(
    one_idempotency_key_makes_one_song_under_concurrency,
    [],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let calls = (0..8).map(|_| {
            let c = c.clone();
            async move {
                let args = song_fixtures::song_args("[Verse]\nla la", "pop", "same-key-0123456789");
                c.call("create_song", &args).await
            }
        });
        let answers = spawn_all(calls).await;
        let ids: std::collections::BTreeSet<String> = answers
            .iter()
            .map(|a| {
                assert_eq!(a.status, 200, "{}", a.body);
                a.body["song"]["id"].as_str().unwrap().to_string()
            })
            .collect();
        assert_eq!(ids.len(), 1, "every answer names the one song");
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM songs")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(rows, 1);
        let jobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(jobs, 1);
        app
    }
);

both_backends!(
    a_refused_request_leaves_the_connection_usable_or_says_it_closes,
    [],
    |app| async move {
        app.admin("admin@example.org").await;
        let addr = app.base.trim_start_matches("http://").to_string();
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let body = "first_name=x&".repeat(100);
        let refused = format!(
            "POST /api/update_profile HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://evil.example\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(refused.as_bytes()).await.unwrap();
        let first = read_response(&mut stream).await;
        assert!(first.starts_with("HTTP/1.1 403"), "{first}");
        let closes = first.to_ascii_lowercase().contains("connection: close");
        let next = format!("GET /health HTTP/1.1\r\nHost: {addr}\r\n\r\n");
        let sent = stream.write_all(next.as_bytes()).await;
        let second = if sent.is_ok() {
            read_response(&mut stream).await
        } else {
            String::new()
        };
        assert!(
            !closes && second.starts_with("HTTP/1.1 200"),
            "a small unread body is drained and the connection reused: {first:?} {second:?}"
        );
        // A large body refused unread (signed out, by an extractor) must say the connection closes.
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let big = "x".repeat(512 * 1024);
        let refused = format!(
            "GET /media/images/some-id HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\n\r\n{big}",
            big.len()
        );
        let _ = stream.write_all(refused.as_bytes()).await;
        let answer = read_response(&mut stream).await.to_ascii_lowercase();
        assert!(answer.starts_with("http/1.1 4"), "{answer}");
        assert!(answer.contains("connection: close"), "{answer}");
        app
    }
);

/// Runs futures concurrently, each as its own task, and collects their results in order.
async fn spawn_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}
