//! The job runner against hard crashes, with real server processes (the `server` binary): 100
//! songs are queued, then the server is killed with SIGKILL again and again while they run —
//! some kills timed to land while the mock holds a submission's answer back — and restarted.
//! From the raw POSTs the mock received: no song was submitted twice, submissions never exceed
//! jobs, every job ends final or flagged for the user, and every finished song has exactly its
//! files. Orderly stops and two processes on one database are in `lifecycle.rs`.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use app::jobs::JobState;
use app::songs::Song;
use common::processes::{
    admin_token, all_settled, bucket_for, client, database, queue_songs, Server,
};
use common::stored_files;
use common::Backend;
use mock::MockConfig;

async fn survives_hard_kills(backend: Backend) {
    const SONGS: usize = 100;
    let dir = tempfile::tempdir().unwrap();
    let Some(db_url) = database(backend, dir.path()).await else {
        return;
    };
    let mock = mock::start(
        "127.0.0.1:0".parse().unwrap(),
        MockConfig {
            submit_delay: Duration::from_millis(400),
            job_duration: Duration::from_millis(800),
            concurrent_limit: 10,
            ..MockConfig::default()
        },
    )
    .await
    .unwrap();
    let mut server = Server::start(&db_url, dir.path(), &mock);
    server.ready().await;
    let token = admin_token(&server.base).await;
    queue_songs(&client(&server.base, &token), SONGS, "kill").await;

    // Kill while submissions are in flight: right after the mock logs a POST whose answer it
    // is still holding back, and at other moments in between.
    let mut kills = 0;
    let mut mid_submission = 0;
    for round in 0..8 {
        if round % 2 == 0 {
            let seen = mock.mureka.submissions().len();
            let deadline = Instant::now() + Duration::from_secs(10);
            while mock.mureka.submissions().len() == seen && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            if mock.mureka.submissions().len() > seen {
                mid_submission += 1;
            }
        } else {
            tokio::time::sleep(Duration::from_millis(300 + 250 * round as u64)).await;
        }
        server.kill();
        kills += 1;
        server = Server::start(&db_url, dir.path(), &mock);
        server.ready().await;
    }

    let c = client(&server.base, &token);
    let list = all_settled(&c, Duration::from_secs(240)).await;
    // What killed writers stored without a record goes once their write leases run out.
    let bucket = bucket_for(&db_url);
    let finished = list
        .iter()
        .filter(|s| s.status.state == JobState::Succeeded)
        .count();
    let deadline = Instant::now() + Duration::from_secs(20);
    while stored_files(bucket.as_deref(), &dir.path().join("files"), "songs").len() > finished * 4
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    server.kill();

    let posts = mock.mureka.submissions();
    let accepted: Vec<_> = posts.iter().filter(|p| p.job_id.is_some()).collect();
    let mut per_song: HashMap<&str, usize> = HashMap::new();
    for p in &accepted {
        *per_song.entry(p.lyrics.as_str()).or_default() += 1;
    }
    let twice: Vec<_> = per_song.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "submitted twice: {twice:?}");
    assert!(
        accepted.len() <= SONGS,
        "{} submissions for {SONGS} jobs",
        accepted.len()
    );
    assert_eq!(list.len(), SONGS);

    let mut by_state: HashMap<String, usize> = HashMap::new();
    for s in &list {
        *by_state.entry(s.status.state.as_str().into()).or_default() += 1;
    }
    let succeeded: Vec<&Song> = list
        .iter()
        .filter(|s| s.status.state == JobState::Succeeded)
        .collect();
    let interrupted = by_state.get("interrupted").copied().unwrap_or(0);
    assert_eq!(
        succeeded.len() + interrupted,
        SONGS,
        "every job succeeded or awaits the user: {by_state:?}"
    );
    assert!(
        interrupted >= 1,
        "a kill mid-submission leaves a flagged job"
    );

    // Files: exactly two choices × MP3 and FLAC per finished song, nothing else.
    let files = stored_files(bucket.as_deref(), &dir.path().join("files"), "songs");
    assert_eq!(files.len(), succeeded.len() * 4, "missing or extra files");
    for s in &succeeded {
        assert_eq!(s.choices.len(), 2);
        let id = s.id.as_str();
        let own = files.iter().filter(|f| f.contains(id)).count();
        assert_eq!(own, 4, "song {id}");
    }
    println!(
        "reliability ({backend:?}): {SONGS} songs, {kills} SIGKILLs ({mid_submission} mid-submission), \
         {} POSTs received, {} accepted, outcome {by_state:?}",
        posts.len(),
        accepted.len()
    );
    if let Backend::Postgres = backend {
        common::drop_postgres(&db_url).await;
    }
}

both_backends!(survives_hard_kills, fn survives_hard_kills, multi_thread);
