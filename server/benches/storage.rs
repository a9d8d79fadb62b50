//! Storage throughput and memory: a 1 GiB object written and read back through the storage
//! interface on local files and on S3 (s3s-fs in a separate process, on the same disk),
//! against `cp` and `cat` of the same file in the same run, with this process's peak RSS growth
//! during each transfer. Prints figures, never fails on them. Run with `scripts/bench.sh` or
//! `cargo bench -p server --bench storage`; `STORAGE_BENCH_MIB` changes the size.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use std::io::{BufRead, Write};
use std::path::Path;
use std::time::Instant;

use app::infra::storage::{S3Settings, Storage, StorageKey, WriteCheck};
use futures::StreamExt;
use support::{baseline, file_stream, make_source, mib, rate, reset_peak, status_kib};

const SERVE_S3: &str = "AITB_BENCH_SERVE_S3";

async fn measure(name: &str, storage: &Storage, src: &Path, bytes: u64, cp: (f64, f64)) {
    let key = StorageKey::new("bench/object.bin").unwrap();
    let base = reset_peak();
    let t = Instant::now();
    let written = storage
        .write(&key, file_stream(src), WriteCheck::default())
        .await
        .unwrap();
    let write = rate(bytes, t.elapsed().as_secs_f64());
    let write_rss = status_kib("VmHWM").saturating_sub(base) / 1024;
    assert_eq!(written.size, bytes);

    let base = reset_peak();
    let t = Instant::now();
    let mut read = storage.read(written.backend, &key, None).await.unwrap();
    let mut got = 0u64;
    while let Some(chunk) = read.body.next().await {
        got += chunk.unwrap().len() as u64;
    }
    let read_rate = rate(bytes, t.elapsed().as_secs_f64());
    let read_rss = status_kib("VmHWM").saturating_sub(base) / 1024;
    assert_eq!(got, bytes);
    storage.delete(written.backend, &key).await.unwrap();
    println!(
        "storage/{name} write {:.0} MiB/s = {:.0} % of cp ({:.0} MiB/s), peak RSS growth {write_rss} MiB (targets >= 70 %, <= 64 MiB)",
        write, 100.0 * write / cp.0, cp.0
    );
    println!(
        "storage/{name} read  {:.0} MiB/s = {:.0} % of cat ({:.0} MiB/s), peak RSS growth {read_rss} MiB",
        read_rate, 100.0 * read_rate / cp.1, cp.1
    );
}

fn main() {
    if let Ok(_root) = std::env::var(SERVE_S3) {
        // The S3 server, as its own process so its memory is not counted as ours.
        let server = common::s3::S3Server::start();
        println!("{}", server.endpoint);
        std::io::stdout().flush().unwrap();
        loop {
            std::thread::park();
        }
    }
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
            "storage: a {mib} MiB object, on the disk of {}",
            dir.path().display()
        );

        let cp = baseline(&src, dir.path(), bytes);
        measure(
            "filesystem",
            &Storage::local(dir.path().join("files")),
            &src,
            bytes,
            cp,
        )
        .await;

        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .env(SERVE_S3, "1")
            .env("TMPDIR", dir.path())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut endpoint = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut endpoint)
            .unwrap();
        let settings = S3Settings {
            endpoint: endpoint.trim().to_string(),
            bucket: "bench".into(),
            region: "us-east-1".into(),
            access_key: common::s3::ACCESS_KEY.into(),
            secret_key: common::s3::SECRET_KEY.into(),
            presigned_downloads: false,
        };
        let s3 = Storage::with_s3(dir.path().join("files"), &settings)
            .await
            .unwrap();
        let cp = baseline(&src, dir.path(), bytes);
        measure("s3 (s3s-fs, same disk)", &s3, &src, bytes, cp).await;
        let _ = child.kill();
    });
}
