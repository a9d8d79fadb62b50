//! A server killed (SIGKILL, the real `server` binary) while a file streams in: no record of
//! the file ever appears, the statistics stay at zero, and whatever reached storage is removed
//! by the next process once the dead writer's lease runs out.

use std::time::{Duration, Instant};

use app::infra::Db;
use app::projects::api::SaveProject;
use app::projects::ProjectForm;
use tokio::io::AsyncWriteExt;

use super::*;
use crate::common::processes::{admin_token, bucket_for, client, database, Server};
use crate::common::{stored_files, Backend};

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&db.pool).await.unwrap()
}

async fn a_killed_server_leaves_nothing(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let Some(db_url) = database(backend, dir.path()).await else {
        return;
    };
    let mock = mock::start("127.0.0.1:0".parse().unwrap(), Default::default())
        .await
        .unwrap();
    let server = Server::start(&db_url, dir.path(), &mock);
    server.ready().await;
    let token = admin_token(&server.base).await;
    let c = client(&server.base, &token);
    let p = c
        .run_ok(SaveProject {
            project: ProjectForm {
                name: "Cut".into(),
                ..Default::default()
            },
        })
        .await;
    let folder = c.run_ok(GetProject { id: p.id.clone() }).await.folders[0]
        .id
        .clone();

    // 64 MiB announced, 12 MiB sent (past the first multipart part on S3), then the kill.
    let addr = server.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "PUT {}?path=stems.wav HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Length: {}\r\n\r\n",
        upload_url(&p.id, &folder),
        64 << 20
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = data(1 << 20, 9);
    for _ in 0..12 {
        stream.write_all(&chunk).await.unwrap();
    }
    let db = Db::connect(&db_url).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while count(
        &db,
        "SELECT COUNT(*) FROM stored_objects WHERE state = 'writing'",
    )
    .await
        == 0
    {
        assert!(
            Instant::now() < deadline,
            "the upload never started writing"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.kill();
    drop(stream);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM project_files").await,
        0,
        "no record of a half file"
    );

    // The next process removes what the dead writer left once its lease (2 s here) runs out.
    let next = Server::start(&db_url, dir.path(), &mock);
    next.ready().await;
    let bucket = bucket_for(&db_url);
    let storage_dir = dir.path().join("files");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let left = count(&db, "SELECT COUNT(*) FROM stored_objects").await
            + count(&db, "SELECT COUNT(*) FROM storage_outbox").await;
        let files = stored_files(bucket.as_deref(), &storage_dir, "projects");
        if left == 0 && files.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "left behind: {left} rows, files {files:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let c = client(&next.base, &token);
    assert_eq!(totals(&c, &p.id).await, (0, 0));
    assert!(manifest(&c, &p.id, &folder).await.files.is_empty());
    next.kill();
    db.pool.close().await;
    if let Backend::Postgres = backend {
        crate::common::drop_postgres(&db_url).await;
    }
}

both_backends!(a_killed_server_leaves_nothing_behind, fn a_killed_server_leaves_nothing);
