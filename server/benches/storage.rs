//! Storage throughput and memory: a 1 GiB object written and read back through the storage
//! interface on local files and on S3 (s3s-fs in a separate process, on the same disk),
//! against `cp` and `cat` of the same file in the same run, with this process's peak RSS growth
//! during each transfer. Prints figures, never fails on them. Run with `scripts/bench.sh` or
//! `cargo bench -p server --bench storage`; `STORAGE_BENCH_MIB` changes the size.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{BufRead, Write};
use std::path::Path;
use std::time::Instant;

use app::infra::storage::{ByteStream, S3Settings, Storage, StorageKey, WriteCheck};
use bytes::Bytes;
use futures::StreamExt;

const SERVE_S3: &str = "AITB_BENCH_SERVE_S3";
const CHUNK: usize = 1 << 20;

fn mib() -> u64 {
    std::env::var("STORAGE_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024)
}

/// Resets the peak to the current resident size and returns that size (KiB).
fn reset_peak() -> u64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    status_kib("VmRSS")
}

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn make_source(path: &Path, mib: u64) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut block = vec![0u8; CHUNK];
    for _ in 0..mib {
        for b in block.chunks_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            b.copy_from_slice(&x.to_le_bytes()[..b.len()]);
        }
        file.write_all(&block).unwrap();
    }
    file.into_inner().unwrap().sync_all().unwrap();
}

fn file_stream(path: &Path) -> ByteStream {
    let file = std::fs::File::open(path).unwrap();
    let file = tokio::fs::File::from_std(file);
    Box::pin(futures::stream::try_unfold(file, |mut file| async move {
        use tokio::io::AsyncReadExt;
        let mut buf = vec![0u8; CHUNK];
        let mut filled = 0;
        while filled < CHUNK {
            let n = file.read(&mut buf[filled..]).await?;
            if n == 0 {
                break;
            }
            filled += n;
        }
        if filled == 0 {
            return Ok(None);
        }
        buf.truncate(filled);
        Ok(Some((Bytes::from(buf), file)))
    }))
}

fn rate(bytes: u64, secs: f64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / secs
}

/// `cp` then fsync (our local writes are fsynced too), and `cat` to /dev/null.
fn baseline(src: &Path, dir: &Path, bytes: u64) -> (f64, f64) {
    let dst = dir.join("cp-copy");
    let t = Instant::now();
    assert!(std::process::Command::new("cp")
        .arg(src)
        .arg(&dst)
        .status()
        .unwrap()
        .success());
    std::fs::File::open(&dst).unwrap().sync_all().unwrap();
    let write = rate(bytes, t.elapsed().as_secs_f64());
    let t = Instant::now();
    let cat = std::process::Command::new("cat")
        .arg(&dst)
        .stdout(std::process::Stdio::null())
        .status();
    assert!(cat.unwrap().success());
    let read = rate(bytes, t.elapsed().as_secs_f64());
    let _ = std::fs::remove_file(&dst);
    (write, read)
}

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
