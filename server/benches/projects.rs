//! Song-project files over HTTP: a 1 GiB file uploaded and downloaded through the versioned
//! endpoints of a running app, on SQLite + local files and on PostgreSQL + S3 (s3s-fs in this
//! process, on the same disk), against `cp` and `cat` of the same file in the same run, with
//! this process's peak RSS growth (server and client share it, so the figure is an upper
//! bound of the server's); then a folder of 10,000 files listed a page at a time (what the
//! page shows) and whole (the manifest a syncing client reads), p50/p99 over 50 requests.
//! Prints figures, never fails on them. `cargo bench -p server --bench projects`;
//! `STORAGE_BENCH_MIB` changes the size.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use app::projects::api::{GetProject, SaveProject};
use app::projects::files_api::ListProjectFiles;
use app::projects::{file_url, upload_url, ProjectForm};
use common::{Backend, Client, TestApp};
use futures::StreamExt;
use support::{baseline, file_stream, make_source, mib, rate, reset_peak, status_kib};

const LISTED_FILES: usize = 10_000;

async fn transfer(
    name: &str,
    c: &Client,
    project: &str,
    folder: &str,
    src: &Path,
    bytes: u64,
    cp: (f64, f64),
) {
    let base = reset_peak();
    let t = Instant::now();
    let res = c
        .http
        .put(format!("{}{}", c.base, upload_url(project, folder)))
        .query(&[("path", "stems/big.wav")])
        .timeout(Duration::from_secs(3600))
        .body(reqwest::Body::wrap_stream(file_stream(src)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let up = rate(bytes, t.elapsed().as_secs_f64());
    let up_rss = status_kib("VmHWM").saturating_sub(base) / 1024;
    let id = res.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    let base = reset_peak();
    let t = Instant::now();
    let res = c
        .http
        .get(format!("{}{}", c.base, file_url(project, &id)))
        .timeout(Duration::from_secs(3600))
        .send()
        .await
        .unwrap();
    let mut body = res.bytes_stream();
    let mut got = 0u64;
    while let Some(chunk) = body.next().await {
        got += chunk.unwrap().len() as u64;
    }
    let down = rate(bytes, t.elapsed().as_secs_f64());
    let down_rss = status_kib("VmHWM").saturating_sub(base) / 1024;
    assert_eq!(got, bytes);
    println!(
        "projects/{name} upload   {up:.0} MiB/s = {:.0} % of cp ({:.0} MiB/s), peak RSS growth {up_rss} MiB (targets >= 70 %, <= 64 MiB)",
        100.0 * up / cp.0, cp.0
    );
    println!(
        "projects/{name} download {down:.0} MiB/s = {:.0} % of cat ({:.0} MiB/s), peak RSS growth {down_rss} MiB",
        100.0 * down / cp.1, cp.1
    );
}

/// `n` file records in a folder, written straight into the database (listing needs no bytes).
async fn seed_files(app: &TestApp, project: &str, folder: &str, n: usize) {
    for batch in (0..n).collect::<Vec<_>>().chunks(1000) {
        let mut tx = app.db.begin_write().await.unwrap();
        for &i in batch {
            let path = format!("takes/take-{i:05}.wav");
            sqlx::query(
                "INSERT INTO project_files (id, project_id, folder_id, relative_path, file_name, file_type, \
                 mime_type, storage_key, byte_size, sha256, modified_at, created_at, path_key) \
                 VALUES ($1, $2, $3, $4, $5, 'audio', 'audio/wav', $6, 1000, $7, 0, 0, $4)",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(project)
            .bind(folder)
            .bind(&path)
            .bind(format!("take-{i:05}.wav"))
            .bind(format!("projects/bench/{i}"))
            .bind("0".repeat(64))
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
}

fn percentiles(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99))
}

async fn listing(name: &str, app: &TestApp, c: &Client, project: &str, folder: &str) {
    seed_files(app, project, folder, LISTED_FILES).await;
    let mut page = Vec::new();
    let mut whole = Vec::new();
    for i in 0..50u32 {
        let t = Instant::now();
        let files = c
            .run_ok(ListProjectFiles {
                project: project.into(),
                folder: folder.into(),
                page: shared::paging::Page::new(i64::from(1 + i % 50)),
            })
            .await;
        page.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(files.total, LISTED_FILES as i64);
        let t = Instant::now();
        let res = c
            .http
            .get(format!(
                "{}/api/v1/projects/{project}/folders/{folder}/manifest",
                c.base
            ))
            .send()
            .await
            .unwrap();
        let manifest: serde_json::Value = res.json().await.unwrap();
        whole.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(manifest["files"].as_array().unwrap().len(), LISTED_FILES);
    }
    let (p50, p99) = percentiles(page);
    println!("projects/{name} listing a folder of {LISTED_FILES} files, a page of 200: p50 {p50:.1} ms, p99 {p99:.1} ms (target p99 <= 50 ms)");
    let (p50, p99) = percentiles(whole);
    println!("projects/{name} the folder's whole manifest ({LISTED_FILES} entries): p50 {p50:.1} ms, p99 {p99:.1} ms");
}

async fn run(name: &str, backend: Backend, src: &Path, dir: &Path, bytes: u64) {
    let Some(app) = TestApp::spawn(backend, &[]).await else {
        println!("projects/{name}: skipped (no database)");
        return;
    };
    let c = app.admin("bench@example.org").await;
    let p = c
        .run_ok(SaveProject {
            project: ProjectForm {
                name: "Bench".into(),
                ..Default::default()
            },
        })
        .await;
    let folders = c.run_ok(GetProject { id: p.id.clone() }).await.folders;
    let cp = baseline(src, dir, bytes);
    transfer(name, &c, &p.id, &folders[0].id, src, bytes, cp).await;
    listing(name, &app, &c, &p.id, &folders[1].id).await;
    app.stop().await;
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir_in(
            std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into()),
        )
        .or_else(|_| tempfile::tempdir())
        .unwrap();
        let mib = mib();
        let bytes = mib * 1024 * 1024;
        let src = dir.path().join("source.bin");
        make_source(&src, mib);
        println!(
            "projects: a {mib} MiB file over HTTP, on the disk of {}",
            dir.path().display()
        );
        run("sqlite+local", Backend::Sqlite, &src, dir.path(), bytes).await;
        run("postgres+s3", Backend::Postgres, &src, dir.path(), bytes).await;
    });
}
