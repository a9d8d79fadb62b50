//! The storage interface on both backends: local files (with SQLite) and a real S3-compatible
//! server (with PostgreSQL). Streamed writes are hashed and verified and appear only when
//! complete; refused, broken and killed writes leave no object and no record; ranged reads;
//! deletions retried from the outbox while S3 is down; `server storage check` finding and
//! repairing what does not match.

mod check;
#[path = "../common/mod.rs"]
mod common;
mod killed;

use std::time::Duration;

use app::infra::storage::{
    hex, objects, outbox, ByteRange, ByteStream, Storage, StorageError, StorageKey, WriteCheck,
};
use app::infra::{now_ms, Db};
use bytes::Bytes;
use common::s3::S3Server;
use common::{Backend, TestApp};
use futures::StreamExt;
use sha2::{Digest, Sha256};

/// Deterministic bytes that do not compress or repeat at part boundaries.
pub fn data(len: usize) -> Vec<u8> {
    common::data(len, 0)
}

/// `bytes` in chunks of `chunk`, optionally failing after `fail_after` chunks.
pub fn chunked(bytes: Vec<u8>, chunk: usize, fail_after: Option<usize>) -> ByteStream {
    let parts: Vec<Bytes> = bytes.chunks(chunk).map(Bytes::copy_from_slice).collect();
    Box::pin(futures::stream::iter(parts.into_iter().enumerate().map(
        move |(i, b)| match fail_after {
            Some(n) if i >= n => Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "client went away",
            )),
            _ => Ok(b),
        },
    )))
}

pub fn sha(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

async fn storage_of(app: &TestApp) -> Storage {
    server::open_storage(&app.config).await.expect("storage")
}

async fn read(
    storage: &Storage,
    key: &StorageKey,
    range: Option<ByteRange>,
) -> Result<Vec<u8>, StorageError> {
    let backend = storage.default_backend();
    let mut r = storage.read(backend, key, range).await?;
    let mut out = Vec::new();
    while let Some(chunk) = r.body.next().await {
        out.extend_from_slice(&chunk?);
    }
    Ok(out)
}

async fn rows(db: &Db, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

/// Every object on the app's default backend (what a client could ever see).
async fn listed(storage: &Storage) -> Vec<String> {
    storage
        .list(storage.default_backend())
        .await
        .expect("configured")
        .expect("listing")
        .into_iter()
        .map(|l| l.key)
        .collect()
}

/// Writes and claims an object the way a feature does.
pub async fn store(db: &Db, storage: &Storage, key: &str, bytes: Vec<u8>) {
    let key = StorageKey::new(key).unwrap();
    let w = objects::write(
        db,
        storage,
        key,
        chunked(bytes, 64 * 1024, None),
        WriteCheck::default(),
    )
    .await
    .unwrap();
    let mut tx = db.begin_write().await.unwrap();
    objects::claim(&mut tx, &w).await.unwrap();
    tx.commit().await.unwrap();
}

async fn streamed_writes_are_verified_and_ranged(backend: Backend) {
    let Some(app) = TestApp::spawn(backend, &[]).await else {
        return;
    };
    let storage = storage_of(&app).await;
    let db = &app.db;
    // 20 MiB: three parts of a multipart upload on S3.
    let body = data(20 * 1024 * 1024 + 123);
    let key = StorageKey::new("songs/test/big.bin").unwrap();
    let check = WriteCheck {
        sha256: Some(sha(&body)),
        max_bytes: None,
    };
    let w = objects::write(
        db,
        &storage,
        key.clone(),
        chunked(body.clone(), 100_000, None),
        check,
    )
    .await
    .unwrap();
    assert_eq!(
        (w.size, w.sha256.as_str()),
        (body.len() as u64, hex(&sha(&body)).as_str())
    );
    assert_eq!(w.backend, storage.default_backend());
    let mut tx = db.begin_write().await.unwrap();
    objects::claim(&mut tx, &w).await.unwrap();
    tx.commit().await.unwrap();

    assert_eq!(
        read(&storage, &key, None).await.unwrap(),
        body,
        "read back whole"
    );
    let across_parts = ByteRange {
        start: 8 * 1024 * 1024 - 10,
        end: Some(8 * 1024 * 1024 + 9),
    };
    assert_eq!(
        read(&storage, &key, Some(across_parts)).await.unwrap(),
        body[8 * 1024 * 1024 - 10..8 * 1024 * 1024 + 10]
    );
    let tail = ByteRange {
        start: body.len() as u64 - 5,
        end: Some(u64::MAX),
    };
    assert_eq!(
        read(&storage, &key, Some(tail)).await.unwrap(),
        body[body.len() - 5..]
    );
    let beyond = ByteRange {
        start: body.len() as u64,
        end: None,
    };
    assert!(matches!(
        read(&storage, &key, Some(beyond)).await,
        Err(StorageError::BadRange)
    ));
    assert_eq!(
        storage.size(w.backend, &key).await.unwrap(),
        body.len() as u64
    );
    let missing = StorageKey::new("songs/test/none.bin").unwrap();
    assert!(matches!(
        read(&storage, &missing, None).await,
        Err(StorageError::NotFound)
    ));

    // An empty object is an object too.
    store(db, &storage, "songs/test/empty.bin", Vec::new()).await;
    let empty = StorageKey::new("songs/test/empty.bin").unwrap();
    assert_eq!(read(&storage, &empty, None).await.unwrap(), b"");
    app.stop().await;
}
both_backends!(streamed_writes_are_verified_and_ranged, fn streamed_writes_are_verified_and_ranged);

async fn refused_and_broken_writes_leave_nothing(backend: Backend) {
    // Its own S3 server on PostgreSQL, to see that no multipart upload is left behind.
    let s3 = S3Server::start();
    let vars = s3.vars(&common::s3::bucket_name());
    let vars: Vec<(&str, &str)> = match backend {
        Backend::Postgres => vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect(),
        Backend::Sqlite => Vec::new(),
    };
    let Some(app) = TestApp::spawn(backend, &vars).await else {
        return;
    };
    let storage = storage_of(&app).await;
    let db = &app.db;
    let body = data(12 * 1024 * 1024);
    let write = |key: &str, stream, check| {
        objects::write(db, &storage, StorageKey::new(key).unwrap(), stream, check)
    };

    let wrong = WriteCheck {
        sha256: Some(sha(b"something else")),
        max_bytes: None,
    };
    let err = write(
        "songs/test/wrong.bin",
        chunked(body.clone(), 1 << 20, None),
        wrong,
    )
    .await
    .unwrap_err();
    assert_eq!(err, app::error::AppError::ChecksumMismatch);

    let broken = write(
        "songs/test/broken.bin",
        chunked(body.clone(), 1 << 20, Some(10)),
        WriteCheck::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(broken, app::error::AppError::BadRequest);

    let small = WriteCheck {
        sha256: None,
        max_bytes: Some(1000),
    };
    let big = write(
        "songs/test/big.bin",
        chunked(body.clone(), 4096, None),
        small,
    )
    .await
    .unwrap_err();
    assert_eq!(big, app::error::AppError::PayloadTooLarge);

    assert!(listed(&storage).await.is_empty(), "no object");
    assert_eq!(rows(db, "stored_objects").await, 0, "no record");
    let leftovers = common::files_under(&app.config.storage_dir);
    assert!(leftovers.is_empty(), "no temporary files: {leftovers:?}");
    // s3s-fs keeps an upload's parts as `.upload…` files until it is completed or aborted.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let parts: Vec<_> = std::fs::read_dir(&s3.root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".upload"))
        .collect();
    assert!(parts.is_empty(), "multipart uploads aborted: {parts:?}");
    app.stop().await;
}
both_backends!(refused_and_broken_writes_leave_nothing, fn refused_and_broken_writes_leave_nothing);

/// S3 goes away after a record was deleted: the object's deletion waits in the outbox and
/// succeeds on a later pass once S3 is back. Nothing is forgotten, nothing deleted twice.
async fn the_outbox_retries_while_s3_is_down(backend: Backend) {
    let s3 = S3Server::start();
    let mut vars = s3.vars(&common::s3::bucket_name());
    // Only the passes below run the outbox.
    vars.push(("STORAGE_RETRY_INTERVAL_MS".into(), "3600000".into()));
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let Some(app) = TestApp::spawn(backend, &vars).await else {
        return;
    };
    let storage = storage_of(&app).await;
    let db = &app.db;
    store(db, &storage, "songs/test/a.bin", data(1000)).await;
    store(db, &storage, "songs/test/b.bin", data(2000)).await;

    let mut tx = db.begin_write().await.unwrap();
    let entries = objects::release(
        &mut tx,
        &["songs/test/a.bin".into(), "songs/test/b.bin".into()],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    s3.set_available(false);
    outbox::deliver(db, &storage, &entries).await;
    assert_eq!(rows(db, "storage_outbox").await, 2, "kept for a retry");
    let attempts: i64 = sqlx::query_scalar("SELECT MIN(attempts) FROM storage_outbox")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(attempts, 1);
    // Not yet due: a pass just before the first retry leaves them alone.
    let first_retry: i64 = sqlx::query_scalar("SELECT MIN(next_attempt_at) FROM storage_outbox")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let early = outbox::pass(db, &storage, first_retry - 1).await.unwrap();
    assert_eq!((early.deleted, early.failed), (0, 0));

    s3.set_available(true);
    let later = outbox::pass(db, &storage, now_ms() + 3_600_000)
        .await
        .unwrap();
    assert_eq!((later.deleted, later.failed), (2, 0));
    assert_eq!(rows(db, "storage_outbox").await, 0);
    assert!(listed(&storage).await.is_empty(), "both objects deleted");
    let again = outbox::pass(db, &storage, now_ms() + 7_200_000)
        .await
        .unwrap();
    assert_eq!(again, outbox::Pass::default(), "nothing deleted twice");
    app.stop().await;
}
both_backends!(the_outbox_retries_while_s3_is_down, fn the_outbox_retries_while_s3_is_down);
