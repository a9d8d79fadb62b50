//! Cover overlays rendered on the server: the stored result is exactly what `shared::overlay`
//! renders (the code the browser preview runs), the original stays, other users are refused.

mod common;

use app::covers::api::{ApplyOverlay, CheckCover, CoverCandidates};
use app::images::api::{GenerateImage, GetImage, ListImages};
use app::images::{GenerateImageRequest, ImageDetail, ImageQuery};
use common::Client;
use shared::images::CoverIssue;

fn image_request(prompt: &str, composition: &str, size: &str) -> GenerateImageRequest {
    GenerateImageRequest {
        prompt: prompt.into(),
        composition: composition.into(),
        size: size.into(),
        quality: "low".into(),
        ..Default::default()
    }
}

async fn generate(c: &Client, request: GenerateImageRequest) -> ImageDetail {
    c.run_ok(GenerateImage { request }).await
}
use shared::overlay::{decode, render_at, Fonts, GridAnchor, OverlaySpec};

fn fonts() -> Fonts {
    let read = |name: &str| {
        std::fs::read(format!(
            "{}/../public/fonts/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    Fonts::from_bytes(
        read("Anton-Regular.ttf"),
        read("PlayfairDisplay-Regular.ttf"),
        read("Roboto-Light.ttf"),
    )
    .unwrap()
}

async fn file(c: &Client, id: &str) -> Vec<u8> {
    let res = c
        .http
        .get(format!("{}/media/images/{id}", c.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.bytes().await.unwrap().to_vec()
}

both_backends!(
    applied_covers_are_the_shared_render_and_new_images,
    [],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let other = app.member("other@example.org").await;
        let source = generate(
            &c,
            image_request("0001 night road", "album-cover", "1024x1024"),
        )
        .await;
        let landscape = generate(&c, image_request("0001 wide sea", "", "1536x1024")).await;
        let source_id = source.id.as_str();
        let candidates = c.run_ok(CoverCandidates {}).await;
        assert_eq!(candidates.len(), 2);
        assert_eq!(candidates[0].id, source.id, "album covers first");

        let mut spec = OverlaySpec::new("Night Drive", Some("The Examples"));
        spec.title_position = GridAnchor::TopCenter.position();
        spec.title_font_size = 96.0;
        let spec_json = serde_json::to_string(&spec).unwrap();
        let apply = |id: &str, spec: &str, export_side: u32| ApplyOverlay {
            id: id.into(),
            spec: spec.into(),
            export_side,
        };
        let check = |id: &str| CheckCover { id: id.into() };
        let cover = c.run_ok(apply(source_id, &spec_json, 0)).await;
        let cover_id = cover.id.as_str();
        assert_ne!(cover_id, source_id);
        assert_eq!(cover.source_image_id.as_deref(), Some(source_id));
        assert_eq!(
            cover.overlay.as_ref().map(|o| o.title.as_str()),
            Some("Night Drive")
        );
        assert_eq!(cover.composition.as_deref(), Some("album-cover"));

        // Pixel identity with the shared renderer, and the original unchanged.
        let original = file(&c, source_id).await;
        let expected = render_at(&decode(&original).unwrap(), &spec, &fonts(), 1024, 1024);
        let stored = decode(&file(&c, cover_id).await).unwrap();
        assert_eq!(stored.dimensions(), (1024, 1024));
        assert!(
            stored.as_raw() == expected.as_raw(),
            "server result differs from shared::overlay"
        );
        assert_ne!(
            stored.as_raw(),
            decode(&original).unwrap().as_raw(),
            "text was drawn"
        );
        let again = c
            .run_ok(GetImage {
                id: source.id.clone(),
            })
            .await;
        assert!(again.overlay.is_none(), "the original stays an original");
        let candidates = c.run_ok(CoverCandidates {}).await;
        assert_eq!(candidates.len(), 2, "covers are not offered again");

        // Cover check: 1024 px is too small; a 3000 px export passes; a landscape export is not square.
        let issues = c.run_ok(check(cover_id)).await;
        assert!(
            matches!(issues.as_slice(), [CoverIssue::TooSmall { .. }]),
            "{issues:?}"
        );
        let big = c.run_ok(apply(source_id, &spec_json, 3000)).await;
        assert_eq!((big.width, big.height), (3000, 3000));
        let issues = c.run_ok(check(&big.id)).await;
        assert!(issues.is_empty(), "{issues:?}");
        let wide = c.run_ok(apply(&landscape.id, &spec_json, 3000)).await;
        assert_eq!((wide.width, wide.height), (3000, 2000));
        let issues = c.run_ok(check(&wide.id)).await;
        assert!(issues
            .iter()
            .any(|i| matches!(i, CoverIssue::NotSquare { .. })));
        let handle = serde_json::to_string(&OverlaySpec::new("Night", Some("@examples"))).unwrap();
        let tagged = c.run_ok(apply(source_id, &handle, 0)).await;
        let issues = c.run_ok(check(&tagged.id)).await;
        assert!(
            issues
                .iter()
                .any(|i| matches!(i, CoverIssue::ExtraText { text } if text == "@examples")),
            "{issues:?}"
        );

        // Refusals change nothing.
        let total = || ListImages {
            query: ImageQuery::default(),
        };
        let before = c.run_ok(total()).await.total;
        assert_eq!(other.run_err(apply(source_id, &spec_json, 0)).await.0, 404);
        assert_eq!(other.run_err(check(source_id)).await.0, 404);
        let untitled = serde_json::to_string(&OverlaySpec::new(" ", None)).unwrap();
        assert_eq!(c.run_err(apply(source_id, &untitled, 0)).await.0, 422);
        assert_eq!(c.run_err(apply(source_id, "{not json", 0)).await.0, 400);
        assert_eq!(c.run_err(apply(source_id, &spec_json, 5000)).await.0, 422);
        assert_eq!(c.run_ok(total()).await.total, before);
        app
    }
);

both_backends!(
    the_editor_page_renders_for_the_owner_only,
    [],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let other = app.member("other@example.org").await;
        let request = GenerateImageRequest {
            title: "Quiet Pier".into(),
            ..image_request("0001 quiet pier", "", "1024x1024")
        };
        let image = generate(&c, request).await;
        let id = image.id.as_str();
        let page = |client: &Client, path: String| {
            let req = client.http.get(format!("{}{path}", client.base));
            async move {
                let res = req.send().await.unwrap();
                (res.status().as_u16(), res.text().await.unwrap())
            }
        };
        let (status, html) = page(&c, format!("/covers?image={id}")).await;
        assert_eq!(status, 200);
        assert!(
            html.contains(r#"data-testid="cover-preview""#),
            "the preview canvas"
        );
        assert!(
            html.contains(r#"width="1024""#),
            "preview at the image's size"
        );
        assert!(
            html.contains(&format!("/media/images/{id}/thumb")),
            "picker and fallback"
        );
        let (_, picker_only) = page(&c, "/covers".into()).await;
        assert!(!picker_only.contains(r#"data-testid="cover-preview""#));
        assert!(
            picker_only.contains(r#"class="cover-grid""#),
            "before an image is chosen, the picker is the labelled grid"
        );
        assert!(picker_only.contains("Choose an image"));
        let (_, refused) = page(&other, format!("/covers?image={id}")).await;
        assert!(
            !refused.contains(r#"data-testid="cover-preview""#),
            "not another user's image"
        );
        assert!(!refused.contains("Quiet Pier"));
        app
    }
);
