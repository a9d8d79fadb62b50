//! Folders, links and the project list; hostile paths and another user's ids refused.

use app::images::api::DeleteImage;
use app::projects::api::{
    GetProject, LinkProjectAsset, ListProjects, MoveProjectImage, SaveProject, UnlinkProjectAsset,
};
use app::projects::copy::CopyIntoProject;
use app::projects::files_api::{
    AddProjectFolder, DeleteProjectFolder, ListProjectFiles, MoveProjectFolder, RenameProjectFile,
    UpdateProjectFolder,
};
use app::projects::in_asset::AssetPlaces;
use app::projects::{file_url, zip_url, FolderForm, ProjectForm, ProjectQuery};
use app::sketches::api::SaveSketch;
use app::sketches::SketchForm;

use super::*;

fn link(project: &str, folder: &str, kind: &str, asset: &str) -> LinkProjectAsset {
    LinkProjectAsset {
        project: project.into(),
        folder: folder.into(),
        kind: kind.into(),
        asset: asset.into(),
    }
}

both_backends!(folders_links_and_the_list, [], |app| async move {
    let c = app.admin("admin@example.org").await;
    let empty = c
        .run_ok(SaveProject {
            project: ProjectForm {
                name: "Bare".into(),
                tags: "demo, Rock, rock".into(),
                no_default_folders: true,
                ..Default::default()
            },
        })
        .await;
    assert_eq!(empty.tags, "demo, Rock", "tags trimmed and once each");
    let pid = empty.id.clone();
    assert!(c
        .run_ok(GetProject { id: pid.clone() })
        .await
        .folders
        .is_empty());

    // Folders: add, clash, rename, reorder, delete with their files.
    let add = |name: &str| AddProjectFolder {
        project: pid.clone(),
        folder: FolderForm {
            name: name.into(),
            folder_type: "artwork".into(),
            icon: "image".into(),
        },
    };
    let art = c.run_ok(add("06 Artwork")).await;
    let ideas = c.run_ok(add("00 Ideas")).await;
    for twin in ["06 Artwork", "06 ARTWORK"] {
        assert_eq!(c.run_err(add(twin)).await, (409, "file_exists".into()));
    }
    for bad in ["a/b", "..", "", " "] {
        assert_eq!(c.run_err(add(bad)).await.0, 422, "folder name {bad:?}");
    }
    c.run_ok(UpdateProjectFolder {
        project: pid.clone(),
        id: ideas.clone(),
        folder: FolderForm {
            name: "00 Ideen".into(),
            ..Default::default()
        },
    })
    .await;
    c.run_ok(MoveProjectFolder {
        project: pid.clone(),
        id: ideas.clone(),
        step: -1,
    })
    .await;
    let d = c.run_ok(GetProject { id: pid.clone() }).await;
    let order: Vec<&str> = d.folders.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(order, ["00 Ideen", "06 Artwork"]);
    upload_ok(&c, &pid, &ideas, "hum.m4a", data(1000, 1)).await;
    upload_ok(&c, &pid, &art, "front.png", data(500, 2)).await;
    c.run_ok(DeleteProjectFolder {
        project: pid.clone(),
        id: ideas.clone(),
    })
    .await;
    assert_eq!(
        totals(&c, &pid).await,
        (1, 500),
        "a deleted folder's files leave the statistics"
    );

    // Links: a song and a sketch to one folder each, an image to the project and a folder.
    let sketch = c
        .run_ok(SaveSketch {
            sketch: SketchForm {
                title: "Idea".into(),
                prompt: "folk".into(),
                ..Default::default()
            },
        })
        .await;
    let song = c
        .run_ok(app::songs::api::CreateSong {
            request: app::songs::preflight::SongRequest {
                lyrics: "la la".into(),
                prompt: "folk".into(),
                idempotency_key: "key-link-00001".into(),
                ..Default::default()
            },
        })
        .await
        .song;
    let image = c.generate_image("Cover").await;
    c.run_ok(link(&pid, &art, "song", &song.id)).await;
    c.run_ok(link(&pid, &art, "sketch", &sketch.id)).await;
    // The same image linked twice at once, to the project and to a folder: one link each.
    let twice = futures::future::join_all(
        [
            link(&pid, "", "image", &image),
            link(&pid, "", "image", &image),
            link(&pid, &art, "image", &image),
        ]
        .map(|l| c.run(l)),
    )
    .await;
    assert!(twice.iter().all(Result::is_ok));
    assert_eq!(
        c.run_err(link(&pid, "", "song", &song.id)).await.0,
        422,
        "a song needs a folder"
    );
    let assets = c.run_ok(GetProject { id: pid.clone() }).await.assets;
    let kinds: Vec<&str> = assets.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(kinds, ["image", "image", "sketch", "song"]);
    // The project's images keep an order, changed a place at a time.
    let back = c.generate_image("Back").await;
    c.run_ok(link(&pid, "", "image", &back)).await;
    let project_images = || async {
        let assets = c.run_ok(GetProject { id: pid.clone() }).await.assets;
        assets
            .into_iter()
            .filter(|a| a.kind.as_str() == "image" && a.folder_id.is_none())
            .map(|a| a.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(project_images().await, [image.clone(), back.clone()]);
    let step = |image: &str, step: i64| MoveProjectImage {
        project: pid.clone(),
        folder: String::new(),
        image: image.into(),
        step,
    };
    c.run_ok(step(&back, -1)).await;
    assert_eq!(project_images().await, [back.clone(), image.clone()]);
    c.run_ok(step(&back, -1)).await;
    assert_eq!(
        project_images().await,
        [back.clone(), image.clone()],
        "first stays first"
    );
    assert_eq!(c.run_err(step(&back, 2)).await.0, 400);
    assert_eq!(c.run_err(step(&sketch.id, 1)).await.0, 404);
    c.run_ok(UnlinkProjectAsset {
        project: pid.clone(),
        folder: String::new(),
        kind: "image".into(),
        asset: back.clone(),
    })
    .await;
    let places = c
        .run_ok(AssetPlaces {
            kind: "sketch".into(),
            id: sketch.id.clone(),
        })
        .await;
    assert_eq!(
        (
            places.len(),
            places[0].project_name.as_str(),
            places[0].folder_name.as_deref()
        ),
        (1, "Bare", Some("06 Artwork"))
    );
    assert_eq!(
        c.run_ok(AssetPlaces {
            kind: "image".into(),
            id: image.clone()
        })
        .await
        .len(),
        2
    );

    // An image copied into a folder becomes a file of its own, with the image's bytes.
    let copy = CopyIntoProject {
        project: pid.clone(),
        folder: art.clone(),
        kind: "image".into(),
        asset: image.clone(),
        replace: false,
    };
    let copied = c.run_ok(copy.clone()).await;
    assert_eq!(copied, "Cover.png");
    assert_eq!(c.run_err(copy.clone()).await, (409, "file_exists".into()));
    c.run_ok(CopyIntoProject {
        replace: true,
        ..copy
    })
    .await;
    let original = get(&c, &format!("/media/images/{image}"), None)
        .await
        .bytes()
        .await
        .unwrap();
    let m = manifest(&c, &pid, &art).await;
    let entry = m
        .files
        .iter()
        .find(|f| f.path == "Cover.png")
        .expect("the copy");
    assert_eq!(entry.sha256, sha(&original));
    assert_eq!(totals(&c, &pid).await, (2, 500 + original.len() as i64));
    c.run_ok(UnlinkProjectAsset {
        project: pid.clone(),
        folder: art.clone(),
        kind: "image".into(),
        asset: image.clone(),
    })
    .await;
    // Deleting the image unlinks it everywhere.
    c.run_ok(DeleteImage { id: image.clone() }).await;
    let kinds: Vec<String> = c
        .run_ok(GetProject { id: pid.clone() })
        .await
        .assets
        .iter()
        .map(|a| a.kind.as_str().to_string())
        .collect();
    assert_eq!(kinds, ["sketch", "song"]);

    // The list: search, tag, newest change first.
    project(&c, "Night Drive").await;
    let list = |search: &str, tag: &str| ListProjects {
        query: ProjectQuery {
            search: search.into(),
            tag: tag.into(),
            ..Default::default()
        },
    };
    let names =
        |p: app::projects::ProjectPageData| p.items.into_iter().map(|p| p.name).collect::<Vec<_>>();
    assert_eq!(names(c.run_ok(list("", "")).await), ["Night Drive", "Bare"]);
    assert_eq!(names(c.run_ok(list("driv", "")).await), ["Night Drive"]);
    assert_eq!(names(c.run_ok(list("", "rock")).await), ["Bare"]);
    assert_eq!(c.run_ok(list("", "")).await.tags, ["demo", "Rock"]);
    app
});

both_backends!(hostile_paths_and_other_users, [], |app| async move {
    let c = app.admin("admin@example.org").await;
    let other = app.member("other@example.org").await;
    let p = project(&c, "Mine").await;
    let (pid, folder) = (p.project.id.clone(), p.folders[0].id.clone());

    for (path, problem) in [
        ("../escape.wav", "climbs"),
        ("a/../../b.wav", "climbs"),
        ("/etc/passwd", "absolute"),
        ("C:/x.wav", "absolute"),
        ("a\\b.wav", "backslash"),
        ("a\u{1}b.wav", "control_characters"),
        ("a//b.wav", "empty_segment"),
        ("./a.wav", "empty_segment"),
        ("", "empty"),
        ("mix.wav:stream", "not_portable"),
        ("take.\u{202E}vaw.exe", "not_portable"),
    ] {
        let (status, body) = upload(&c, &pid, &folder, path, b"x".to_vec(), &[]).await;
        assert_eq!(
            (status, body["kind"].as_str(), body["problem"].as_str()),
            (422, Some("invalid_path"), Some(problem)),
            "{path:?}"
        );
    }
    let long = "x".repeat(256);
    let (status, body) = upload(&c, &pid, &folder, &long, b"x".to_vec(), &[]).await;
    assert_eq!((status, body["problem"].as_str()), (422, Some("too_long")));
    assert_eq!(totals(&c, &pid).await, (0, 0));
    assert!(
        app.stored_files("projects").is_empty(),
        "no refused path stored anything"
    );

    let f = upload_ok(&c, &pid, &folder, "ok.wav", b"fine".to_vec()).await;
    let (status, kind) = c
        .run_err(RenameProjectFile {
            project: pid.clone(),
            id: f.id.clone(),
            path: "../up.wav".into(),
        })
        .await;
    assert_eq!((status, kind.as_str()), (422, "invalid_path"));

    // Another user: every id is "not found", nothing changes.
    assert_eq!(other.run_err(GetProject { id: pid.clone() }).await.0, 404);
    let (status, _) = upload(&other, &pid, &folder, "x.wav", b"x".to_vec(), &[]).await;
    assert_eq!(status, 404);
    assert_eq!(
        get(&other, &file_url(&pid, &f.id), None).await.status(),
        404
    );
    assert_eq!(
        get(&other, &zip_url(&pid, &folder), None).await.status(),
        404
    );
    assert_eq!(
        get(
            &other,
            &format!("/api/v1/projects/{pid}/folders/{folder}/manifest"),
            None
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        other
            .run_err(ListProjectFiles {
                project: pid.clone(),
                folder: folder.clone(),
                page: Default::default()
            })
            .await
            .0,
        404
    );
    assert_eq!(
        other
            .run_err(RenameProjectFile {
                project: pid.clone(),
                id: f.id.clone(),
                path: "y.wav".into()
            })
            .await
            .0,
        404
    );
    let theirs = project(&other, "Theirs").await;
    let (status, _) = upload(&c, &theirs.project.id, &folder, "x.wav", b"x".to_vec(), &[]).await;
    assert_eq!(status, 404, "my folder under their project");
    let their_image = other.generate_image("Theirs").await;
    assert_eq!(
        c.run_err(link(&pid, "", "image", &their_image)).await.0,
        404
    );
    assert_eq!(
        c.run_err(link(&pid, &theirs.folders[0].id, "image", &their_image))
            .await
            .0,
        404
    );
    let cover = c
        .run_err(SaveProject {
            project: ProjectForm {
                id: pid.clone(),
                name: "Mine".into(),
                cover_image_id: their_image,
                ..Default::default()
            },
        })
        .await;
    assert_eq!(cover.0, 404, "another user's image as cover");

    // Signed out.
    let (status, body) = upload(&app.client(), &pid, &folder, "x.wav", b"x".to_vec(), &[]).await;
    assert_eq!((status, body["kind"].as_str()), (401, Some("unauthorized")));
    assert_eq!(totals(&c, &pid).await, (1, 4));
    app
});
