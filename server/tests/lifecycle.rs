//! Server processes that stop in order or share a database (the `server` binary): SIGTERM lets
//! steps in flight finish and releases the rest, and two processes on one PostgreSQL database
//! never run a job twice.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use app::jobs::JobState;
use common::files_under;
use common::processes::{admin_token, all_settled, client, database, queue_songs, Server};
use common::Backend;
use mock::MockConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_share_one_postgres_queue() {
    const SONGS: usize = 40;
    let dir = tempfile::tempdir().unwrap();
    let Some(db_url) = database(Backend::Postgres, dir.path()).await else {
        return;
    };
    let mock = mock::start(
        "127.0.0.1:0".parse().unwrap(),
        MockConfig {
            job_duration: Duration::from_millis(500),
            submit_delay: Duration::from_millis(50),
            concurrent_limit: 10,
            ..MockConfig::default()
        },
    )
    .await
    .unwrap();
    // Files stay in each process's own directory: the test tells from them who did the work.
    let a = Server::start_with(&db_url, dir.path(), &mock, false);
    a.ready().await;
    let token = admin_token(&a.base).await;
    let b_dir = tempfile::tempdir().unwrap();
    let b = Server::start_with(&db_url, b_dir.path(), &mock, false);
    b.ready().await;
    queue_songs(&client(&a.base, &token), SONGS, "pair").await;

    let c = client(&b.base, &token);
    let list = all_settled(&c, Duration::from_secs(120)).await;
    a.kill();
    b.kill();
    assert!(list.iter().all(|s| s.status.state == JobState::Succeeded));
    let accepted: Vec<_> = mock
        .mureka
        .submissions()
        .into_iter()
        .filter(|p| p.job_id.is_some())
        .collect();
    let mut lyrics: Vec<&str> = accepted.iter().map(|p| p.lyrics.as_str()).collect();
    lyrics.sort();
    lyrics.dedup();
    assert_eq!(
        (accepted.len(), lyrics.len()),
        (SONGS, SONGS),
        "each song submitted once"
    );
    // Both processes did work: each wrote files into its own storage directory.
    let in_a = files_under(&dir.path().join("files").join("songs")).len();
    let in_b = files_under(&b_dir.path().join("files").join("songs")).len();
    assert_eq!(in_a + in_b, SONGS * 4);
    assert!(
        in_a > 0 && in_b > 0,
        "work was shared: {in_a} files in A, {in_b} in B"
    );
    common::drop_postgres(&db_url).await;
}

/// SIGTERM: the server stops claiming, lets steps in flight finish and releases what it polls,
/// so a restart picks everything up with nothing flagged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graceful_stop_finishes_or_releases() {
    const SONGS: usize = 12;
    let dir = tempfile::tempdir().unwrap();
    let db_url = format!("sqlite://{}?mode=rwc", dir.path().join("jobs.db").display());
    let mock = mock::start(
        "127.0.0.1:0".parse().unwrap(),
        MockConfig {
            submit_delay: Duration::from_millis(300),
            job_duration: Duration::from_secs(2),
            concurrent_limit: 10,
            ..MockConfig::default()
        },
    )
    .await
    .unwrap();
    let server = Server::start(&db_url, dir.path(), &mock);
    server.ready().await;
    let token = admin_token(&server.base).await;
    queue_songs(&client(&server.base, &token), SONGS, "term").await;
    // Stop while submissions are in flight.
    let deadline = Instant::now() + Duration::from_secs(10);
    while mock.mureka.submissions().is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let Server { mut child, .. } = server;
    let stopped_at = Instant::now();
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "clean exit: {exit:?}");
    assert!(stopped_at.elapsed() < Duration::from_secs(25));

    let db = app::infra::Db::connect(&db_url).await.unwrap();
    let held: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM jobs WHERE lease_token IS NOT NULL AND state = 'running'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(held, 0, "polled jobs were released");
    let submitting: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE state = 'submitting'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(
        submitting, 0,
        "submissions in flight were finished, not cut off"
    );
    db.pool.close().await;

    let server = Server::start(&db_url, dir.path(), &mock);
    server.ready().await;
    let c = client(&server.base, &token);
    let list = all_settled(&c, Duration::from_secs(90)).await;
    server.kill();
    assert!(
        list.iter().all(|s| s.status.state == JobState::Succeeded),
        "nothing interrupted by a graceful stop"
    );
    let accepted = mock
        .mureka
        .submissions()
        .iter()
        .filter(|p| p.job_id.is_some())
        .count();
    assert_eq!(accepted, SONGS);
}
