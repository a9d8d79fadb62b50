//! login → upload → clone → local edits → mirror --dry-run (nothing changes) → mirror --yes →
//! a second clone identical to the first; the sync status recorded; clone over local edits
//! refused without --force.

use super::*;
use crate::common::Backend;

async fn round_trip(backend: Backend) {
    let Some(app) = TestApp::spawn(backend, &[]).await else {
        return;
    };
    let (web, cli) = signed_in(&app, "owner@example.org").await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(cli.config.path().join("login.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "the token is readable by its owner only"
        );
    }
    let p = project(&web, "Harbour Lights").await;
    let listed = cli.json(&["projects"]).await;
    assert_eq!(listed[0]["name"], "Harbour Lights");

    // Upload from a DAW folder: what DAWs and systems leave behind stays local.
    let work = tempfile::tempdir().unwrap();
    let daw = work.path().join("daw");
    write(&daw, "Media/drums.wav", &data(300_000, 1));
    write(&daw, "Song.als", b"session v1");
    write(&daw, ".DS_Store", b"x");
    write(&daw, "Backup/Song [2026-12-01].als", b"old");
    let daw_s = daw.to_str().unwrap();
    let up = cli
        .json(&["upload", "harbour lights", "01 arrangement", daw_s])
        .await;
    assert_eq!(up["uploaded"].as_array().unwrap().len(), 2, "{up}");
    // Again: nothing to do.
    let again = cli
        .json(&["upload", &p.project.id, &p.folders[0].id, daw_s])
        .await;
    assert_eq!(
        (
            again["uploaded"].as_array().unwrap().len(),
            again["unchanged"].as_u64()
        ),
        (0, Some(2))
    );

    // Clone: every folder, empty ones too, paths 1:1, under the project's name with -d.
    let first = work.path().join("first");
    cli.json(&["clone", "Harbour Lights", first.to_str().unwrap(), "-d"])
        .await;
    let root = first.join("Harbour Lights");
    let (files, dirs) = tree(&root);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        ["01 Arrangement/Media/drums.wav", "01 Arrangement/Song.als"]
    );
    for f in &p.folders {
        assert!(dirs.contains(&f.name), "{} in {dirs:?}", f.name);
    }
    let synced = web
        .run_ok(GetProject {
            id: p.project.id.clone(),
        })
        .await
        .project;
    assert_eq!(synced.sync_status.as_str(), "synced");
    assert!(synced.last_sync_at.is_some());

    // Local edits: one changed, one added (a macOS NFD name), one removed.
    let arrangement = root.join("01 Arrangement");
    let arr = arrangement.to_str().unwrap();
    write(&arrangement, "Song.als", b"session v2");
    write(&arrangement, "Media/U\u{0308}ber.wav", &data(50_000, 2));
    std::fs::remove_file(arrangement.join("Media/drums.wav")).unwrap();

    let dry = cli
        .json(&[
            "mirror",
            "Harbour Lights",
            "01 Arrangement",
            arr,
            "--dry-run",
        ])
        .await;
    assert_eq!(
        dry["uploaded"],
        serde_json::json!(["Media/\u{00DC}ber.wav"]),
        "{dry}"
    );
    assert_eq!(dry["updated"], serde_json::json!(["Song.als"]));
    assert_eq!(dry["deleted"], serde_json::json!(["Media/drums.wav"]));
    let unchanged = web
        .run_ok(GetProject {
            id: p.project.id.clone(),
        })
        .await
        .project;
    assert_eq!(
        (unchanged.total_files, unchanged.total_bytes),
        (synced.total_files, synced.total_bytes),
        "a dry run changes nothing"
    );

    let done = cli
        .json(&["mirror", "Harbour Lights", "01 Arrangement", arr, "--yes"])
        .await;
    assert_eq!(
        done["deleted"],
        serde_json::json!(["Media/drums.wav"]),
        "{done}"
    );
    assert_eq!(done["failed"], serde_json::json!([]));
    // Renamed in case only (a disk that ignores case sees one file): replaced under the new
    // name, never uploaded as a twin and then deleted.
    std::fs::rename(arrangement.join("Song.als"), arrangement.join("song.als")).unwrap();
    let renamed = cli
        .json(&["mirror", "Harbour Lights", "01 Arrangement", arr, "--yes"])
        .await;
    assert_eq!(
        (&renamed["updated"], &renamed["deleted"]),
        (&serde_json::json!(["song.als"]), &serde_json::json!([])),
        "{renamed}"
    );
    // A file that became a folder of its name: the file goes first, then the folder's files.
    write(&arrangement, "Notes", b"lyrics draft");
    cli.json(&["mirror", "Harbour Lights", "01 Arrangement", arr, "--yes"])
        .await;
    std::fs::remove_file(arrangement.join("Notes")).unwrap();
    write(&arrangement, "Notes/verse.txt", b"verse one");
    let turned = cli
        .json(&["mirror", "Harbour Lights", "01 Arrangement", arr, "--yes"])
        .await;
    assert_eq!(
        (&turned["uploaded"], &turned["deleted"], &turned["failed"]),
        (
            &serde_json::json!(["Notes/verse.txt"]),
            &serde_json::json!(["Notes"]),
            &serde_json::json!([])
        ),
        "{turned}"
    );

    // A second clone is the first, file for file.
    let second = work.path().join("second");
    cli.json(&["clone", &p.project.id, second.to_str().unwrap()])
        .await;
    assert_eq!(tree(&second), tree(&root));

    // Clone over local edits: refused and untouched without --force, replaced with it.
    write(&second, "01 Arrangement/song.als", b"my unsaved idea");
    let refused = cli
        .run(&["clone", "Harbour Lights", second.to_str().unwrap()])
        .await;
    assert_eq!(refused.status.code(), Some(5), "{}", text(&refused.stderr));
    assert!(
        text(&refused.stderr).contains("01 Arrangement/song.als"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(
        std::fs::read(second.join("01 Arrangement/song.als")).unwrap(),
        b"my unsaved idea"
    );
    cli.json(&[
        "clone",
        "Harbour Lights",
        second.to_str().unwrap(),
        "--force",
    ])
    .await;
    assert_eq!(
        std::fs::read(second.join("01 Arrangement/song.als")).unwrap(),
        b"session v2"
    );

    // Download strips nothing it need not: a folder's files straight into PATH.
    let mixing = work.path().join("dl");
    let got = cli
        .json(&[
            "download",
            "Harbour Lights",
            "01 Arrangement",
            mixing.to_str().unwrap(),
        ])
        .await;
    assert_eq!(got["downloaded"].as_array().unwrap().len(), 3);
    assert!(mixing.join("Media/\u{00DC}ber.wav").is_file());
    app.stop().await;
}

crate::both_backends!(sync_round_trip, fn round_trip);
