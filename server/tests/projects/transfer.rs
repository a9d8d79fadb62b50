//! Files in and out: streamed uploads with and without a hash, ranges, ZIP, rename, move,
//! delete, statistics, and uploads cut off midway.

use std::io::Read;
use std::time::Duration;

use app::projects::api::DeleteProject;
use app::projects::files_api::{DeleteProjectFiles, MoveProjectFiles, RenameProjectFile};
use app::projects::{file_url, zip_url};
use tokio::io::AsyncWriteExt;

use super::*;
use crate::common::TestApp;

both_backends!(files_round_trip, [], |app| async move {
    let c = app.admin("admin@example.org").await;
    let p = project(&c, "Harbour Lights").await;
    let names: Vec<&str> = p.folders.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "01 Arrangement",
            "02 Mixing",
            "03 Mastering",
            "04 Stems",
            "05 References"
        ]
    );
    let (pid, arrangement, mixing) = (
        p.project.id.clone(),
        p.folders[0].id.clone(),
        p.folders[1].id.clone(),
    );

    // 3 MiB streamed without a hash; 1 MiB with the right one; one with a wrong one refused.
    let drums = data(3 << 20, 1);
    let f = upload_ok(&c, &pid, &arrangement, "Media/drums.flac", drums.clone()).await;
    assert_eq!(
        (f.file_name.as_str(), f.size, f.sha256.clone()),
        ("drums.flac", drums.len() as i64, sha(&drums))
    );
    assert_eq!(
        (f.mime_type.as_str(), f.file_type.as_str()),
        ("audio/flac", "audio")
    );
    let mix = data(1 << 20, 2);
    let hash = sha(&mix);
    let (status, _) = upload(
        &c,
        &pid,
        &mixing,
        "mix.wav",
        mix.clone(),
        &[("sha256", &hash), ("modified", "1700000000000")],
    )
    .await;
    assert_eq!(status, 201);
    let (status, body) = upload(
        &c,
        &pid,
        &mixing,
        "bad.wav",
        mix.clone(),
        &[("sha256", &sha(b"other"))],
    )
    .await;
    assert_eq!(
        (status, body["kind"].as_str()),
        (422, Some("checksum_mismatch"))
    );
    assert_eq!(
        totals(&c, &pid).await,
        (2, (drums.len() + mix.len()) as i64),
        "the refused file counts nowhere"
    );
    assert_eq!(app.stored_files("projects").len(), 2, "and left no object");

    // The same path again: refused unless replacing is asked for.
    let (status, body) = upload(&c, &pid, &mixing, "mix.wav", data(10, 3), &[]).await;
    assert_eq!(
        (status, body["kind"].as_str(), body["path"].as_str()),
        (409, Some("file_exists"), Some("mix.wav"))
    );
    let newer = data(2 << 20, 4);
    let (status, _) = upload(
        &c,
        &pid,
        &mixing,
        "mix.wav",
        newer.clone(),
        &[("replace", "1")],
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(
        totals(&c, &pid).await,
        (2, (drums.len() + newer.len()) as i64)
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        app.stored_files("projects").len(),
        2,
        "the replaced object is gone"
    );

    // macOS sends NFD; the folder keeps NFC.
    let nfd = "Vocals/U\u{0308}ber.wav";
    upload_ok(&c, &pid, &mixing, nfd, b"voice".to_vec()).await;
    let m = manifest(&c, &pid, &mixing).await;
    let paths: Vec<&str> = m.files.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["Vocals/\u{00DC}ber.wav", "mix.wav"]);
    assert_eq!(m.files[1].sha256, sha(&newer));
    assert_eq!(m.files[1].modified_at > 1_700_000_000_000, true);

    // Downloads: whole, ranged, named.
    let res = get(&c, &file_url(&pid, &f.id), None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), drums.as_slice());
    let res = get(&c, &file_url(&pid, &f.id), Some("bytes=1000-1999")).await;
    assert_eq!(res.status(), 206);
    assert_eq!(res.bytes().await.unwrap().as_ref(), &drums[1000..2000]);
    let res = get(&c, &format!("{}?download=1", file_url(&pid, &f.id)), None).await;
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.contains("drums.flac"), "{disposition}");

    // A folder as a ZIP, read back.
    let res = get(&c, &zip_url(&pid, &mixing), None).await;
    assert_eq!(res.status(), 200);
    let announced = res.content_length();
    let archive = res.bytes().await.unwrap().to_vec();
    assert_eq!(
        announced,
        Some(archive.len() as u64),
        "the length is known ahead"
    );
    let flags = u16::from_le_bytes([archive[6], archive[7]]);
    assert_eq!(
        flags & 0x8,
        0,
        "sizes and CRC in the header: no data descriptor"
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive)).expect("a valid zip");
    assert_eq!(zip.len(), 2);
    let mut entry = zip.by_name("02 Mixing/mix.wav").expect("entry");
    let mut back = Vec::new();
    entry.read_to_end(&mut back).unwrap();
    assert_eq!(back, newer);
    drop(entry);
    assert!(zip.by_name("02 Mixing/Vocals/\u{00DC}ber.wav").is_ok());
    // Files stored before CRCs were kept: data descriptors, the length still known ahead.
    sqlx::query("UPDATE project_files SET crc32 = NULL WHERE folder_id = $1")
        .bind(&mixing)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let res = get(&c, &zip_url(&pid, &mixing), None).await;
    let announced = res.content_length();
    let legacy = res.bytes().await.unwrap().to_vec();
    assert_eq!(announced, Some(legacy.len() as u64));
    assert_eq!(u16::from_le_bytes([legacy[6], legacy[7]]) & 0x8, 0x8);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(legacy)).expect("a valid zip");
    let mut back = Vec::new();
    zip.by_name("02 Mixing/mix.wav")
        .unwrap()
        .read_to_end(&mut back)
        .unwrap();
    assert_eq!(back, newer);

    // Rename and move change records only; clashes are refused.
    c.run_ok(RenameProjectFile {
        project: pid.clone(),
        id: f.id.clone(),
        path: "Media/drums-v2.flac".into(),
    })
    .await;
    let in_arr = files(&c, &pid, &arrangement).await;
    assert_eq!(in_arr[0].relative_path, "Media/drums-v2.flac");
    let mix_id = m.files[1].id.clone();
    upload_ok(&c, &pid, &arrangement, "mix.wav", b"x".to_vec()).await;
    let (status, kind) = c
        .run_err(MoveProjectFiles {
            project: pid.clone(),
            ids: vec![mix_id.clone()],
            folder: arrangement.clone(),
        })
        .await;
    assert_eq!((status, kind.as_str()), (409, "file_exists"));
    let (status, _) = c
        .run_err(RenameProjectFile {
            project: pid.clone(),
            id: f.id.clone(),
            path: "mix.wav".into(),
        })
        .await;
    assert_eq!(status, 409);
    let moved = c
        .run_ok(MoveProjectFiles {
            project: pid.clone(),
            ids: vec![f.id.clone()],
            folder: mixing.clone(),
        })
        .await;
    assert_eq!(moved, 1);
    assert_eq!(files(&c, &pid, &mixing).await.len(), 3);
    let res = get(&c, &file_url(&pid, &f.id), None).await;
    assert_eq!(
        res.bytes().await.unwrap().len(),
        drums.len(),
        "a moved file keeps its bytes"
    );

    // Delete one, then a batch; statistics follow.
    let all: Vec<String> = files(&c, &pid, &mixing)
        .await
        .into_iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(
        c.run_ok(DeleteProjectFiles {
            project: pid.clone(),
            ids: vec![all[0].clone()]
        })
        .await,
        1
    );
    assert_eq!(
        c.run_ok(DeleteProjectFiles {
            project: pid.clone(),
            ids: all[1..].to_vec()
        })
        .await,
        2
    );
    assert_eq!(totals(&c, &pid).await, (1, 1));

    // Deleting the project leaves no object.
    c.run_ok(DeleteProject { id: pid.clone() }).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        app.stored_files("projects").is_empty(),
        "{:?}",
        app.stored_files("projects")
    );
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stored_objects")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
    app
});

both_backends!(statistics_stay_exact_under_concurrent_uploads, ["PROJECT_MAX_FILE_MB" => "1"], |app| async move {
    let c = app.admin("admin@example.org").await;
    let p = project(&c, "Busy").await;
    let (pid, stems) = (p.project.id.clone(), p.folders[3].id.clone());
    let uploads = (0..12).map(|i| {
        let (c, pid, stems) = (c.clone(), pid.clone(), stems.clone());
        // Four of them race for one path, replacing each other.
        let path = if i < 4 { "same.wav".to_string() } else { format!("stem-{i}.wav") };
        async move { upload(&c, &pid, &stems, &path, data(50_000 + i * 1000, i as u64), &[("replace", "1")]).await.0 }
    });
    let statuses = futures::future::join_all(uploads).await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let m = manifest(&c, &pid, &stems).await;
    assert_eq!(m.files.len(), 9);
    let bytes: i64 = m.files.iter().map(|f| f.size).sum();
    assert_eq!(totals(&c, &pid).await, (9, bytes));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(app.stored_files("projects").len(), 9, "replaced objects are gone");

    // Over the configured limit: refused before anything is stored.
    let (status, body) = upload(&c, &pid, &stems, "big.wav", data((1 << 20) + 1, 9), &[]).await;
    assert_eq!((status, body["kind"].as_str()), (413, Some("payload_too_large")));
    assert_eq!(totals(&c, &pid).await, (9, bytes));
    app
});

/// A client that sends part of a file and hangs up: no record, no object.
async fn cut_off_upload_leaves_nothing(app: &TestApp, c: &Client, pid: &str, folder: &str) {
    let token = session_cookie(c).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "PUT {}?path=half.wav HTTP/1.1\r\nHost: {addr}\r\nCookie: {token}\r\nContent-Length: {}\r\n\r\n",
        upload_url(pid, folder),
        4 << 20
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&data(1 << 20, 5)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(stream);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let writing: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM stored_objects WHERE state = 'writing'")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        if writing == 0 && app.stored_files("projects").is_empty() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the cut-off upload left something"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(manifest(c, pid, folder).await.files.is_empty());
    assert_eq!(totals(c, pid).await, (0, 0));
}

/// The `Cookie` header a signed-in test client sends.
async fn session_cookie(c: &Client) -> String {
    let url = reqwest::Url::parse(&c.base).unwrap();
    // The jar is private to reqwest; a fresh sign-in answer carries the cookie instead.
    let res = c
        .http
        .post(format!("{}/api/login", c.base))
        .form(&[
            ("email", "admin@example.org"),
            ("password", crate::common::PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let _ = url;
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .collect::<Vec<_>>()
        .join("; ")
}

both_backends!(a_client_hanging_up_leaves_nothing, [], |app| async move {
    let c = app.admin("admin@example.org").await;
    let p = project(&c, "Cut").await;
    cut_off_upload_leaves_nothing(&app, &c, &p.project.id, &p.folders[0].id).await;
    app
});
