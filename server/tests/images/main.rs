//! Image generation, gallery and media serving over real HTTP, against the in-process demo
//! providers (the server starts the mock because no OpenAI key or Ollama URL is configured).

#[path = "../common/mod.rs"]
mod common;
mod fixtures;

use app::images::api::{
    DeleteImage, EnhanceImagePrompt, GenerateImage, GetImage, ListImages, UpdateImage,
};
use app::images::{GenerateImageRequest, ImageDetail, ImagePage, ImageQuery, ImageSort};
use app::profile::api::GetProfile;
use shared::paging::Page;

fn list(query: ImageQuery) -> ListImages {
    ListImages { query }
}
use common::Client;

/// The smallest valid request: a prompt, the square size, low quality.
fn request(prompt: &str) -> GenerateImageRequest {
    GenerateImageRequest {
        prompt: prompt.into(),
        size: "1024x1024".into(),
        quality: "low".into(),
        ..Default::default()
    }
}

async fn generate(c: &Client, prompt: &str, title: &str, composition: &str) -> ImageDetail {
    let request = GenerateImageRequest {
        composition: composition.into(),
        artistic_style: "oil-painting".into(),
        title: title.into(),
        tags: "Night, sea, night".into(),
        ..request(prompt)
    };
    c.run_ok(GenerateImage { request }).await
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
        let id = image.id.clone();
        assert_eq!(image.user_prompt, "0001 a lighthouse in a storm");
        assert_eq!(image.tags, "night, sea");
        assert_eq!(image.composition.as_deref(), Some("album-cover"));
        assert_eq!((image.width, image.height), (1024, 1024));
        let final_prompt = &image.final_prompt;
        assert!(
            final_prompt.starts_with("0001 a lighthouse in a storm\n\nStyle: oil painting"),
            "{final_prompt}"
        );
        assert!(image.model.starts_with("gpt-image"));

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
        assert_eq!(bytes.len() as i64, image.byte_size);

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
        let theirs = || id.clone();
        assert_eq!(other.run_err(GetImage { id: theirs() }).await.0, 404);
        let update = UpdateImage {
            id: theirs(),
            title: "mine".into(),
            tags: String::new(),
        };
        assert_eq!(other.run_err(update).await.0, 404);
        assert_eq!(other.run_err(DeleteImage { id: theirs() }).await.0, 404);
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
        let still = admin.run_ok(GetImage { id: theirs() }).await;
        assert_eq!(
            still.title, "Storm / Light",
            "the other user's update changed nothing"
        );

        // Edit title and tags.
        let edit = UpdateImage {
            id: theirs(),
            title: "  Storm  ".into(),
            tags: "Sea, Cover".into(),
        };
        let edited = admin.run_ok(edit).await;
        assert_eq!(
            (edited.title.as_str(), edited.tags.as_str()),
            ("Storm", "sea, cover")
        );

        // Delete removes the record and both files.
        assert_eq!(
            app.stored_files("images").len(),
            2,
            "image and thumbnail stored"
        );
        admin.run_ok(DeleteImage { id: theirs() }).await;
        assert_eq!(app.stored_files("images").len(), 0, "files removed");
        assert_eq!(admin.run_err(GetImage { id: theirs() }).await.0, 404);
        assert_eq!(
            get_media(&admin, &format!("/media/images/{id}"), &[])
                .await
                .status(),
            404
        );
        app
    }
);

/// A change to a valid request, expected status, expected error kind.
type Case = (fn(&mut GenerateImageRequest), u16, &'static str);

both_backends!(
    bad_generation_input_and_provider_failures_change_nothing,
    [],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let cases: Vec<Case> = vec![
            (|r| r.prompt = "   ".into(), 422, "validation"),
            (|r| r.composition = "poster".into(), 422, "validation"),
            (|r| r.size = "999x999".into(), 422, "validation"),
            (|r| r.quality = "ultra".into(), 422, "validation"),
            (|r| r.prompt = "0002 a cat".into(), 502, "provider"),
            (|r| r.prompt = "0003 a cat".into(), 502, "provider"),
        ];
        for (edit, status, kind) in cases {
            let mut request = request("x");
            edit(&mut request);
            let prompt = request.prompt.clone();
            let answer = c
                .run(GenerateImage { request })
                .await
                .err()
                .expect("refused");
            assert_eq!(answer.status, status, "{prompt}: {}", answer.body);
            assert_eq!(answer.error_kind(), kind, "{prompt}");
            if prompt.starts_with("0002") {
                assert_eq!(answer.body["problem"], "invalid_key");
            }
            if prompt.starts_with("0003") {
                assert_eq!(answer.body["problem"], "rejected");
                assert!(
                    answer.body["detail"].as_str().unwrap().contains("safety"),
                    "{}",
                    answer.body
                );
            }
        }
        assert_eq!(
            c.run_ok(list(ImageQuery::default())).await.total,
            0,
            "nothing was stored"
        );
        assert!(app.stored_files("images").is_empty(), "no files written");
        app
    }
);

both_backends!(
    prompt_enhancement_runs_through_the_template,
    [],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let enhance = |prompt: &str| EnhanceImagePrompt {
            prompt: prompt.into(),
        };
        let enhanced = c.run_ok(enhance("a fox in snow")).await;
        // The mock echoes the user turn: the input followed by the template's closing instruction.
        assert!(
            enhanced.starts_with("Mock reply: a fox in snow"),
            "{enhanced}"
        );
        let refused = c.run(enhance("0002 fox")).await.err().expect("refused");
        assert_eq!(refused.status, 502);
        assert_eq!(refused.body["provider"], "ollama");
        assert_eq!(c.run_err(enhance("")).await.0, 422);
        app
    }
);

both_backends!(
    gallery_searches_filters_sorts_and_pages,
    [],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let me = c.run_ok(GetProfile {}).await;
        fixtures::seed_rows(&app, &me.id, 100).await;
        let other = app.member("other@example.org").await;
        let query = |sort, composition: &str, search: &str, page| ImageQuery {
            search: search.into(),
            composition: composition.into(),
            sort,
            page: Page::new(page),
            ..Default::default()
        };
        let ids = |page: &ImagePage| page.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>();

        let first = c.run_ok(list(query(ImageSort::Newest, "", "", 1))).await;
        assert_eq!((first.total, first.pages, first.items.len()), (100, 3, 48));
        assert_eq!(ids(&first)[0], "seed-0099", "newest first");
        let last = c.run_ok(list(query(ImageSort::Newest, "", "", 3))).await;
        assert_eq!(last.items.len(), 4);

        let oldest = c.run_ok(list(query(ImageSort::Oldest, "", "", 1))).await;
        assert_eq!(ids(&oldest)[0], "seed-0000");
        let by_title = c.run_ok(list(query(ImageSort::Title, "", "", 1))).await;
        assert_eq!(by_title.items[0].title, "Title 0001");

        let covers = c
            .run_ok(list(query(ImageSort::Newest, "album-cover", "", 1)))
            .await;
        assert_eq!(covers.total, 34);

        // LIKE wildcards in the search are literal characters.
        let fox = c
            .run_ok(list(query(ImageSort::Newest, "", "100% RED_", 1)))
            .await;
        assert_eq!(fox.total, 1);
        let percent = c.run_ok(list(query(ImageSort::Newest, "", "%", 1))).await;
        assert_eq!(
            percent.total, 1,
            "only the row that really contains a percent sign"
        );

        let theirs = other.run_ok(list(ImageQuery::default())).await;
        assert_eq!(theirs.total, 0, "galleries are per user");
        app
    }
);

both_backends!(
    a_provider_that_does_not_answer_in_time_is_a_timeout,
    ["PROVIDER_TIMEOUT_SECS" => "1"],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let request = request("30s slow harbour");
        let answer = c.run(GenerateImage { request }).await.err().expect("timed out");
        assert_eq!(answer.status, 504, "{}", answer.body);
        assert_eq!(answer.body["problem"], "timeout");
        assert_eq!(c.run_ok(list(ImageQuery::default())).await.total, 0);
        app
    }
);

/// With presigned downloads on, an image in S3 is a redirect to the bucket: the owner's browser
/// fetches it from there for an hour; anyone else still gets 404 from the server.
#[tokio::test]
async fn presigned_downloads_send_the_owner_to_the_bucket() {
    let s3 = common::s3::S3Server::shared();
    let mut vars = s3.vars(&common::s3::bucket_name());
    vars.push(("S3_PRESIGNED_DOWNLOADS".into(), "true".into()));
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let app = common::TestApp::spawn(common::Backend::Sqlite, &vars)
        .await
        .expect("SQLite always runs");
    let admin = app.admin("admin@example.org").await;
    let other = app.member("other@example.org").await;
    let image = generate(&admin, "0001 a harbour", "Harbour", "album-cover").await;
    let path = format!("/media/images/{}?download=1", image.id);
    let answer = get_media(&admin, &path, &[]).await;
    assert_eq!(answer.status(), 200);
    let url = answer.url().to_string();
    assert!(
        url.starts_with(&s3.endpoint),
        "served from the bucket: {url}"
    );
    assert!(url.contains("X-Amz-Expires=3600"), "{url}");
    // The download name and type travel in the URL (S3 answers with them; s3s-fs ignores them).
    assert!(
        url.contains("response-content-disposition=attachment"),
        "{url}"
    );
    assert!(url.contains("response-content-type=image%2Fpng"), "{url}");
    assert_eq!(answer.bytes().await.unwrap().len() as i64, image.byte_size);
    assert_eq!(get_media(&other, &path, &[]).await.status(), 404);
    app.stop().await;
}
