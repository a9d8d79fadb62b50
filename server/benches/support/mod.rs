//! What the throughput benchmarks share: a deterministic source file, a file as a byte stream,
//! rates, the `cp`/`cat` baseline on the same disk, and the process's peak resident size.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use app::infra::storage::ByteStream;
use bytes::Bytes;

pub const CHUNK: usize = 1 << 20;

/// The object size in MiB: `STORAGE_BENCH_MIB`, 1024 by default.
pub fn mib() -> u64 {
    std::env::var("STORAGE_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024)
}

/// Resets the peak to the current resident size and returns that size (KiB).
pub fn reset_peak() -> u64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    status_kib("VmRSS")
}

pub fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

pub fn make_source(path: &Path, mib: u64) {
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

pub fn file_stream(path: &Path) -> ByteStream {
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

pub fn rate(bytes: u64, secs: f64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / secs
}

/// `cp` then fsync (our local writes are fsynced too), and `cat` to /dev/null.
pub fn baseline(src: &Path, dir: &Path, bytes: u64) -> (f64, f64) {
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
