//! Image generation, gallery and media serving over real HTTP, against the in-process demo
//! providers (the server starts the mock because no OpenAI key or Ollama URL is configured).

mod common;

use common::Client;
use serde_json::Value;

async fn generate(c: &Client, prompt: &str, title: &str, composition: &str) -> Value {
    c.call_ok(
        "generate_image",
        &[
            ("prompt", prompt),
            ("composition", composition),
            ("artistic_style", "oil-painting"),
            ("size", "1024x1024"),
            ("quality", "low"),
            ("title", title),
            ("tags", "Night, sea, night"),
        ],
    )
    .await
}

async fn get_media(c: &Client, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = c.http.get(format!("{}{path}", c.base));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.expect("request")
}

both_backends!(
    generated_images_are_stored_served_and_owned,
    [],
    |app| async move {
        let admin = app.admin("admin@example.org").await;
        let other = app.member("other@example.org").await;

        let image = generate(
            &admin,
            "0001 a lighthouse in a storm",
            "Storm / Light",
            "album-cover",
        )
        .await;
        let id = image["id"].as_str().unwrap().to_string();
        assert_eq!(image["user_prompt"], "0001 a lighthouse in a storm");
        assert_eq!(image["tags"], "night, sea");
        assert_eq!(image["composition"], "album-cover");
        assert_eq!(
            (image["width"].as_i64(), image["height"].as_i64()),
            (Some(1024), Some(1024))
        );
        let final_prompt = image["final_prompt"].as_str().unwrap();
        assert!(
            final_prompt.starts_with("0001 a lighthouse in a storm\n\nStyle: oil painting"),
            "{final_prompt}"
        );
        assert!(image["model"].as_str().unwrap().starts_with("gpt-image"));

        // The full file: a PNG the server decoded once already, with validators and caching.
        let full = get_media(&admin, &format!("/media/images/{id}"), &[]).await;
        assert_eq!(full.status(), 200);
        assert_eq!(full.headers()["content-type"], "image/png");
        assert_eq!(full.headers()["accept-ranges"], "bytes");
        assert!(full.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("private"));
        let etag = full.headers()["etag"].to_str().unwrap().to_string();
        let bytes = full.bytes().await.unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(bytes.len() as i64, image["byte_size"].as_i64().unwrap());

        // Range, suffix range, unsatisfiable range, conditional request.
        let part = get_media(
            &admin,
            &format!("/media/images/{id}"),
            &[("range", "bytes=0-99")],
        )
        .await;
        assert_eq!(part.status(), 206);
        assert_eq!(
            part.headers()["content-range"],
            format!("bytes 0-99/{}", bytes.len())
        );
        assert_eq!(part.bytes().await.unwrap(), bytes.slice(0..100));
        let tail = get_media(
            &admin,
            &format!("/media/images/{id}"),
            &[("range", "bytes=-10")],
        )
        .await;
        assert_eq!(tail.status(), 206);
        assert_eq!(tail.bytes().await.unwrap(), bytes.slice(bytes.len() - 10..));
        let beyond = get_media(
            &admin,
            &format!("/media/images/{id}"),
            &[("range", &format!("bytes={}-", bytes.len()))],
        )
        .await;
        assert_eq!(beyond.status(), 416);
        assert_eq!(
            beyond.headers()["content-range"],
            format!("bytes */{}", bytes.len())
        );
        let cached = get_media(
            &admin,
            &format!("/media/images/{id}"),
            &[("if-none-match", &etag)],
        )
        .await;
        assert_eq!(cached.status(), 304);

        // The thumbnail is a small JPEG made on the server.
        let thumb = get_media(&admin, &format!("/media/images/{id}/thumb"), &[]).await;
        assert_eq!(thumb.status(), 200);
        assert_eq!(thumb.headers()["content-type"], "image/jpeg");
        let thumb = thumb.bytes().await.unwrap();
        let small = shared::overlay::decode(&thumb).expect("thumbnail decodes");
        assert_eq!(
            small.dimensions(),
            (384, 384),
            "thumbnails are made on the server, not scaled by the browser"
        );

        // Downloads are named after the title.
        let download = get_media(&admin, &format!("/media/images/{id}?download=1"), &[]).await;
        let disposition = download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            disposition.contains("filename=\"Storm Light.png\""),
            "{disposition}"
        );

        // Another user sees nothing of it: not the record, not the file, not the thumbnail.
        for (name, args) in [
            ("get_image", vec![("id", id.as_str())]),
            (
                "update_image",
                vec![("id", id.as_str()), ("title", "mine"), ("tags", "")],
            ),
            ("delete_image", vec![("id", id.as_str())]),
        ] {
            let answer = other.call(name, &args).await;
            assert_eq!(answer.status, 404, "{name}: {}", answer.body);
        }
        for path in [
            format!("/media/images/{id}"),
            format!("/media/images/{id}/thumb"),
        ] {
            assert_eq!(get_media(&other, &path, &[]).await.status(), 404, "{path}");
            assert_eq!(
                get_media(&app.client(), &path, &[]).await.status(),
                401,
                "{path}"
            );
        }
        let still: Value = admin.call_ok("get_image", &[("id", &id)]).await;
        assert_eq!(
            still["title"], "Storm / Light",
            "the other user's update changed nothing"
        );

        // Edit title and tags.
        let edited: Value = admin
            .call_ok(
                "update_image",
                &[("id", &id), ("title", "  Storm  "), ("tags", "Sea, Cover")],
            )
            .await;
        assert_eq!(
            (edited["title"].as_str(), edited["tags"].as_str()),
            (Some("Storm"), Some("sea, cover"))
        );

        // Delete removes the record and both files.
        let storage = app.config.storage_dir.clone();
        let user_dir = std::fs::read_dir(storage.join("images"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        assert_eq!(
            std::fs::read_dir(&user_dir).unwrap().count(),
            2,
            "image and thumbnail on disk"
        );
        admin.call_ok::<()>("delete_image", &[("id", &id)]).await;
        assert_eq!(
            std::fs::read_dir(&user_dir).unwrap().count(),
            0,
            "files removed"
        );
        assert_eq!(admin.call("get_image", &[("id", &id)]).await.status, 404);
        assert_eq!(
            get_media(&admin, &format!("/media/images/{id}"), &[])
                .await
                .status(),
            404
        );
        app
    }
);

/// Arguments overriding the defaults, expected status, expected error kind.
type Case<'a> = (Vec<(&'a str, &'a str)>, u16, &'a str);

both_backends!(
    bad_generation_input_and_provider_failures_change_nothing,
    [],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let base = [("size", "1024x1024"), ("quality", "low")];
        let cases: Vec<Case> = vec![
            (vec![("prompt", "   ")], 422, "validation"),
            (
                vec![("prompt", "x"), ("composition", "poster")],
                422,
                "validation",
            ),
            (
                vec![("prompt", "x"), ("size", "999x999")],
                422,
                "validation",
            ),
            (
                vec![("prompt", "x"), ("quality", "ultra")],
                422,
                "validation",
            ),
            (vec![("prompt", "0002 a cat")], 502, "provider"),
            (vec![("prompt", "0003 a cat")], 502, "provider"),
        ];
        for (args, status, kind) in cases {
            let mut all: Vec<(&str, &str)> = base.to_vec();
            for (k, v) in &args {
                all.retain(|(key, _)| key != k);
                all.push((k, v));
            }
            let answer = c.call("generate_image", &all).await;
            assert_eq!(answer.status, status, "{args:?}: {}", answer.body);
            assert_eq!(answer.error_kind(), kind, "{args:?}");
            if args[0].1.starts_with("0002") {
                assert_eq!(answer.body["problem"], "invalid_key");
            }
            if args[0].1.starts_with("0003") {
                assert_eq!(answer.body["problem"], "rejected");
                assert!(
                    answer.body["detail"].as_str().unwrap().contains("safety"),
                    "{}",
                    answer.body
                );
            }
        }
        let page: Value = c.call_ok("list_images", &[("query[page]", "1")]).await;
        assert_eq!(page["total"], 0, "nothing was stored");
        assert!(
            !app.config.storage_dir.join("images").exists(),
            "no files written"
        );
        app
    }
);

both_backends!(
    prompt_enhancement_runs_through_the_template,
    [],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let enhanced: String = c
            .call_ok("enhance_image_prompt", &[("prompt", "a fox in snow")])
            .await;
        // The mock echoes the user turn: the input followed by the template's closing instruction.
        assert!(
            enhanced.starts_with("Mock reply: a fox in snow"),
            "{enhanced}"
        );
        let refused = c
            .call("enhance_image_prompt", &[("prompt", "0002 fox")])
            .await;
        assert_eq!(refused.status, 502);
        assert_eq!(refused.body["provider"], "ollama");
        let empty = c.call("enhance_image_prompt", &[("prompt", "")]).await;
        assert_eq!(empty.status, 422);
        app
    }
);

both_backends!(
    gallery_searches_filters_sorts_and_pages,
    [],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let me: Value = c.call_ok("get_profile", &[]).await;
        common::seed_rows(&app, me["id"].as_str().unwrap(), 100).await;
        let other = app.member("other@example.org").await;

        let first: Value = c.call_ok("list_images", &[("query[page]", "1")]).await;
        assert_eq!(first["total"], 100);
        assert_eq!(first["pages"], 3);
        assert_eq!(first["items"].as_array().unwrap().len(), 48);
        assert_eq!(first["items"][0]["id"], "seed-0099", "newest first");
        let last: Value = c.call_ok("list_images", &[("query[page]", "3")]).await;
        assert_eq!(last["items"].as_array().unwrap().len(), 4);

        let oldest: Value = c
            .call_ok(
                "list_images",
                &[("query[sort]", "oldest"), ("query[page]", "1")],
            )
            .await;
        assert_eq!(oldest["items"][0]["id"], "seed-0000");
        let by_title: Value = c
            .call_ok(
                "list_images",
                &[("query[sort]", "title"), ("query[page]", "1")],
            )
            .await;
        assert_eq!(by_title["items"][0]["title"], "Title 0001");

        let covers: Value = c
            .call_ok(
                "list_images",
                &[("query[composition]", "album-cover"), ("query[page]", "1")],
            )
            .await;
        assert_eq!(covers["total"], 34);

        // LIKE wildcards in the search are literal characters.
        let fox: Value = c
            .call_ok(
                "list_images",
                &[("query[search]", "100% RED_"), ("query[page]", "1")],
            )
            .await;
        assert_eq!(fox["total"], 1);
        let none: Value = c
            .call_ok(
                "list_images",
                &[("query[search]", "%"), ("query[page]", "1")],
            )
            .await;
        assert_eq!(
            none["total"], 1,
            "only the row that really contains a percent sign"
        );

        let theirs: Value = other.call_ok("list_images", &[("query[page]", "1")]).await;
        assert_eq!(theirs["total"], 0, "galleries are per user");
        app
    }
);

both_backends!(
    a_provider_that_does_not_answer_in_time_is_a_timeout,
    ["PROVIDER_TIMEOUT_SECS" => "1"],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let args = [("prompt", "30s slow harbour"), ("size", "1024x1024"), ("quality", "low")];
        let answer = c.call("generate_image", &args).await;
        assert_eq!(answer.status, 504, "{}", answer.body);
        assert_eq!(answer.body["problem"], "timeout");
        let page: Value = c.call_ok("list_images", &[("query[page]", "1")]).await;
        assert_eq!(page["total"], 0);
        app
    }
);
