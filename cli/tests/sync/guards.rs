//! What stops a run, with its exit code: the delete limit, an empty or missing local folder,
//! an expired or refused token, another user's project; and a download killed midway that a
//! second run completes.

use std::time::Duration;

use super::*;
use crate::common::Backend;

async fn guards(backend: Backend) {
    let Some(app) = TestApp::spawn(backend, &[]).await else {
        return;
    };
    let (web, cli) = signed_in(&app, "owner@example.org").await;
    let p = project(&web, "Night Drive").await;
    let work = tempfile::tempdir().unwrap();
    let local = work.path().join("stems");
    for i in 0..4 {
        write(&local, &format!("stem {i}.wav"), &data(1000, i));
    }
    let l = local.to_str().unwrap();
    cli.json(&["upload", "Night Drive", "04 Stems", l]).await;

    // What the ignore rules leave out locally is never deleted remotely.
    let stems = p.folders[3].id.clone();
    super::upload_http(
        &web,
        &p.project.id,
        &stems,
        "Backup/keep.als",
        b"kept".to_vec(),
    )
    .await;
    // Three of four remote files would go: more than half, so it stops and changes nothing.
    for i in 1..4 {
        std::fs::remove_file(local.join(format!("stem {i}.wav"))).unwrap();
    }
    let out = cli
        .run(&["mirror", "Night Drive", "04 Stems", l, "--yes"])
        .await;
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("--max-delete 3"),
        "{}",
        text(&out.stderr)
    );
    // A dry run shows the plan, names what the limit would stop, and changes nothing.
    let dry = cli
        .json(&["mirror", "Night Drive", "04 Stems", l, "--dry-run"])
        .await;
    assert_eq!(dry["deleted"].as_array().unwrap().len(), 3, "{dry}");
    assert!(
        dry["note"].as_str().unwrap().contains("--max-delete 3"),
        "{dry}"
    );
    let empty = work.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = cli
        .run(&[
            "mirror",
            "Night Drive",
            "04 Stems",
            empty.to_str().unwrap(),
            "--yes",
            "--max-delete",
            "100",
        ])
        .await;
    assert_eq!(
        out.status.code(),
        Some(5),
        "an empty local folder never wipes the remote one"
    );
    let missing = work.path().join("stmes");
    let out = cli
        .run(&[
            "mirror",
            "Night Drive",
            "04 Stems",
            missing.to_str().unwrap(),
            "--yes",
        ])
        .await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(
        web.run_ok(GetProject {
            id: p.project.id.clone()
        })
        .await
        .project
        .total_files,
        5
    );
    // Without a terminal to ask, only --yes deletes.
    let out = cli
        .run(&["mirror", "Night Drive", "04 Stems", l, "--max-delete", "3"])
        .await;
    assert_eq!(out.status.code(), Some(5));
    let done = cli
        .json(&[
            "mirror",
            "Night Drive",
            "04 Stems",
            l,
            "--max-delete",
            "3",
            "--yes",
        ])
        .await;
    assert_eq!(done["deleted"].as_array().unwrap().len(), 3);
    let left = web
        .run_ok(GetProject {
            id: p.project.id.clone(),
        })
        .await
        .project
        .total_files;
    assert_eq!(left, 2, "stem 0 and the ignored Backup/keep.als");

    // Names that do not exist say what does.
    let out = cli.run(&["download", "Night Drive", "02 Mixng", "x"]).await;
    assert_eq!(out.status.code(), Some(4));
    assert!(
        text(&out.stderr).contains("02 Mixing"),
        "{}",
        text(&out.stderr)
    );

    // A download killed midway leaves no file under the real name; the next run completes it.
    let big = data(6 << 20, 9);
    let file = super::upload_http(
        &web,
        &p.project.id,
        &p.folders[1].id,
        "Bounce.wav",
        big.clone(),
    )
    .await;
    let dest = work.path().join("mix");
    let mut child = cli
        .command(&[
            "download",
            "Night Drive",
            "02 Mixing",
            dest.to_str().unwrap(),
            "--bwlimit",
            "2M",
        ])
        .spawn()
        .unwrap();
    let part = dest.join(".Bounce.wav.aitoolbox-part");
    let mut waited = 0;
    while !part.exists() && waited < 200 {
        tokio::time::sleep(Duration::from_millis(25)).await;
        waited += 1;
    }
    assert!(part.exists(), "the download started");
    tokio::time::sleep(Duration::from_millis(300)).await;
    child.kill().await.unwrap();
    assert!(
        !dest.join("Bounce.wav").exists(),
        "no half file under the real name"
    );
    cli.json(&[
        "download",
        "Night Drive",
        "02 Mixing",
        dest.to_str().unwrap(),
    ])
    .await;
    assert_eq!(sha(&std::fs::read(dest.join("Bounce.wav")).unwrap()), file);
    assert!(!part.exists());

    #[cfg(unix)]
    symlinked_destination(&cli, &web, &p, work.path()).await;

    // Another user: the project is not found, by id or by name.
    let other = Cli::new(&app.base);
    app.member("other@example.org").await;
    other.login("other@example.org").await;
    let out = other
        .run(&["download", &p.project.id, &p.folders[1].id, "y"])
        .await;
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));

    // A revoked token, one the server refuses, and one past its expiry: "sign in again", exit code 3.
    let login_file = cli.config.path().join("login.json");
    let mut stored: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&login_file).unwrap()).unwrap();
    let days = (stored["expires_at"].as_u64().unwrap() - now()) / 86_400;
    assert!(
        (29..=30).contains(&days),
        "a command-line token lasts CLI_TOKEN_TTL_DAYS (30)"
    );
    // Signing out in the web app signs out everywhere, this client too.
    web.run_ok(app::auth::api::Logout {}).await;
    let out = cli.run(&["projects"]).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    stored["token"] = format!("{}x", stored["token"].as_str().unwrap()).into();
    std::fs::write(&login_file, stored.to_string()).unwrap();
    let out = cli.run(&["projects"]).await;
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("aitoolbox login"),
        "{}",
        text(&out.stderr)
    );
    stored["expires_at"] = (now() - 1).into();
    std::fs::write(&login_file, stored.to_string()).unwrap();
    let out = cli.run(&["projects"]).await;
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("expired"),
        "{}",
        text(&out.stderr)
    );
    app.stop().await;
}

/// A symbolic link inside the destination would take a download elsewhere: refused.
#[cfg(unix)]
async fn symlinked_destination(
    cli: &Cli,
    web: &Client,
    p: &app::projects::ProjectDetail,
    work: &std::path::Path,
) {
    super::upload_http(
        web,
        &p.project.id,
        &p.folders[1].id,
        "Takes/1.wav",
        b"take".to_vec(),
    )
    .await;
    let (linked, outside) = (work.join("linked"), work.join("outside"));
    std::fs::create_dir_all(&linked).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, linked.join("Takes")).unwrap();
    let out = cli
        .run(&[
            "download",
            "Night Drive",
            "02 Mixing",
            linked.to_str().unwrap(),
        ])
        .await;
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("symbolic link"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_dir(&outside).unwrap().count(),
        0,
        "nothing written through it"
    );
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

crate::both_backends!(sync_guards, fn guards, multi_thread);
