//! Names a disk would confuse, refused: every folder of a project becomes a folder on the
//! user's disk, where macOS and Windows ignore case and a file cannot share a folder's name.

use app::projects::files_api::RenameProjectFile;

use super::*;

both_backends!(names_a_disk_would_confuse, [], |app| async move {
    let c = app.admin("admin@example.org").await;
    let p = project(&c, "Mine").await;
    let (pid, folder) = (p.project.id.clone(), p.folders[0].id.clone());
    let f = upload_ok(&c, &pid, &folder, "ok.wav", b"fine".to_vec()).await;
    let take = upload_ok(&c, &pid, &folder, "Takes/1.wav", b"one".to_vec()).await;
    for (path, kind, in_the_way) in [
        ("OK.wav", "file_exists", "ok.wav"),
        ("ok.wav/take.wav", "path_blocked", "ok.wav"),
        ("takes", "path_blocked", "Takes"),
        ("TAKES/1.wav", "file_exists", "Takes/1.wav"),
    ] {
        let (status, body) = upload(&c, &pid, &folder, path, b"x".to_vec(), &[]).await;
        assert_eq!(
            (status, body["kind"].as_str(), body["path"].as_str()),
            (409, Some(kind), Some(in_the_way)),
            "{path}"
        );
    }
    let rename = |id: &str, path: &str| RenameProjectFile {
        project: pid.clone(),
        id: id.into(),
        path: path.into(),
    };
    assert_eq!(
        c.run_err(rename(&f.id, "takes")).await,
        (409, "path_blocked".into())
    );
    c.run_ok(rename(&f.id, "OK.wav")).await;
    // A file is never in its own way: `Takes/1.wav` may become `Takes`, and back.
    for path in ["Takes", "Takes/1.wav"] {
        c.run_ok(rename(&take.id, path)).await;
    }
    let (status, _) = upload(
        &c,
        &pid,
        &folder,
        "Ok.wav",
        b"newer".to_vec(),
        &[("replace", "1")],
    )
    .await;
    assert_eq!(status, 201, "replacing takes the new spelling");
    let mut names: Vec<String> = files(&c, &pid, &folder)
        .await
        .into_iter()
        .map(|f| f.relative_path)
        .collect();
    names.sort();
    assert_eq!(names, ["Ok.wav", "Takes/1.wav"]);
    assert_eq!(
        totals(&c, &pid).await,
        (2, 8),
        "the refusals counted nothing"
    );
    app
});
