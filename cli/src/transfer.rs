//! Moving one file each way, streamed (no file is ever held in memory), with a few tries on
//! network trouble. A download is written beside its destination under a temporary name,
//! checked against the server's SHA-256, and only then renamed over the real name: an
//! interrupted run leaves no half file where the DAW would open it, and simply runs again.

use std::path::{Path, PathBuf};
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use reqwest::Method;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::api::{network, Api, ApiError, RemoteFile};
use crate::bwlimit::BandwidthLimit;
use crate::local::{hex, LocalFile};
use crate::progress::FileBar;

/// A download that receives nothing for this long is tried again.
pub const STALL: Duration = Duration::from_secs(120);

/// Why one file did not make it.
#[derive(Debug)]
pub enum TransferError {
    Api(ApiError),
    Local(String),
}

impl TransferError {
    fn transient(&self) -> bool {
        matches!(self, TransferError::Api(e) if e.is_transient())
    }
    pub fn describe(self, what: &str) -> crate::error::CliError {
        match self {
            TransferError::Api(e) => e.into_cli(what),
            TransferError::Local(text) => crate::error::CliError::failed(format!("{what}: {text}")),
        }
    }
}

/// Runs `attempt` with retries on network trouble, the file's bar starting over each time.
async fn with_retries<F, Fut>(bar: &FileBar, attempt: F) -> Result<(), TransferError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), TransferError>>,
{
    crate::retry::with_backoff(TransferError::transient, || bar.restart(), attempt).await
}

/// Where an upload goes.
pub struct UploadTarget<'a> {
    pub project: &'a str,
    pub folder: &'a str,
    pub replace: bool,
}

pub async fn upload(
    api: &Api,
    to: &UploadTarget<'_>,
    file: &LocalFile,
    sha256: &str,
    limit: &BandwidthLimit,
    bar: &FileBar,
) -> Result<(), TransferError> {
    let path = format!(
        "/api/v1/projects/{}/folders/{}/files",
        to.project, to.folder
    );
    let attempts = std::cell::Cell::new(0u32);
    let result = with_retries(bar, || async {
        attempts.set(attempts.get() + 1);
        let body = file_body(&file.abs, limit.clone(), bar).await?;
        let mut query = vec![("path", file.path.clone()), ("sha256", sha256.to_string())];
        if let Some(ms) = file.modified_ms {
            query.push(("modified", ms.to_string()));
        }
        if to.replace {
            query.push(("replace", "1".to_string()));
        }
        let req = api
            .request(Method::PUT, &path)
            .query(&query)
            .header(reqwest::header::CONTENT_LENGTH, file.size)
            .body(body);
        api.send(req).await.map(drop).map_err(TransferError::Api)
    })
    .await;
    match result {
        // An earlier try was stored before its answer was lost: the file is there if the
        // server holds these very bytes under its path.
        Err(TransferError::Api(ApiError::Status { ref kind, .. }))
            if kind == "file_exists" && attempts.get() > 1 =>
        {
            let there = api
                .manifest(to.project, to.folder)
                .await
                .map_err(TransferError::Api)?;
            let landed = there
                .files
                .iter()
                .any(|f| f.path == file.path && f.sha256.eq_ignore_ascii_case(sha256));
            if landed {
                Ok(())
            } else {
                result
            }
        }
        other => other,
    }
}

/// The file as a request body, read in pieces as the connection takes them.
async fn file_body(
    path: &Path,
    limit: BandwidthLimit,
    bar: &FileBar,
) -> Result<reqwest::Body, TransferError> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|e| TransferError::Local(format!("cannot read: {e}")))?;
    let progress = bar.clone();
    let stream = tokio_util::io::ReaderStream::with_capacity(file, 256 * 1024).then(move |chunk| {
        let (limit, progress) = (limit.clone(), progress.clone());
        async move {
            if let Ok(bytes) = &chunk {
                limit.take(bytes.len() as u64).await;
                progress.advance(bytes.len() as u64);
            }
            chunk
        }
    });
    Ok(reqwest::Body::wrap_stream(stream))
}

/// The temporary name a download is written under until it is complete and verified.
pub fn part_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dest.with_file_name(format!(".{name}.aitoolbox-part"))
}

/// Downloads `file` to `dest`. `replace` says the plan found a different file there and may
/// replace it (`--force`); otherwise a file that appeared at `dest` meanwhile is kept.
pub async fn download(
    api: &Api,
    project: &str,
    file: &RemoteFile,
    dest: &Path,
    replace: bool,
    limit: &BandwidthLimit,
    bar: &FileBar,
) -> Result<(), TransferError> {
    let local = |what: &str, e: std::io::Error| TransferError::Local(format!("{what}: {e}"));
    if let Some(dir) = dest.parent() {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| local("cannot create its folder", e))?;
    }
    let part = part_path(dest);
    let fetched = with_retries(bar, || fetch(api, project, file, &part, limit, bar)).await;
    if let Err(err) = fetched {
        let _ = tokio::fs::remove_file(&part).await;
        return Err(err);
    }
    let placed = put_in_place(&part, dest, replace).await;
    if placed.is_err() {
        let _ = tokio::fs::remove_file(&part).await;
    }
    placed
}

/// Renames the finished download over `dest`; when not replacing, only if nothing is there
/// (a file the user saved while the download ran is theirs). A hard link is the atomic "create
/// only if absent" of POSIX and NTFS; on disks without links (exFAT, FAT32 sticks) the check
/// and the rename are two steps.
async fn put_in_place(part: &Path, dest: &Path, replace: bool) -> Result<(), TransferError> {
    let local = |what: &str, e: std::io::Error| TransferError::Local(format!("{what}: {e}"));
    let appeared = || {
        TransferError::Local(
            "a local file appeared at this path while it downloaded; it was kept (run again with --force to replace it)"
                .to_string(),
        )
    };
    if !replace {
        match tokio::fs::hard_link(part, dest).await {
            Ok(()) => {
                let _ = tokio::fs::remove_file(part).await;
                return Ok(());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(appeared()),
            Err(_) if tokio::fs::symlink_metadata(dest).await.is_ok() => return Err(appeared()),
            Err(_) => {}
        }
    }
    tokio::fs::rename(part, dest)
        .await
        .map_err(|e| local("cannot put it in place", e))
}

/// One try: the bytes into `part`, hashed on the way, flushed to disk, checked.
async fn fetch(
    api: &Api,
    project: &str,
    file: &RemoteFile,
    part: &Path,
    limit: &BandwidthLimit,
    bar: &FileBar,
) -> Result<(), TransferError> {
    let local = |what: &str, e: std::io::Error| TransferError::Local(format!("{what}: {e}"));
    let url = format!("/api/v1/projects/{project}/files/{}", file.id);
    let req = api
        .request(Method::GET, &url)
        .timeout(Duration::from_secs(24 * 3600));
    let res = api.send(req).await.map_err(TransferError::Api)?;
    // A part left by a run stopped between linking it into place and removing it is another
    // name of the real file: writing into it would change that file.
    let _ = tokio::fs::remove_file(part).await;
    let mut out = tokio::fs::File::create(part)
        .await
        .map_err(|e| local("cannot write", e))?;
    let mut hasher = Sha256::new();
    let mut written = 0u64;
    let mut body = res.bytes_stream().map_err(network);
    loop {
        let next = tokio::time::timeout(STALL, body.next())
            .await
            .map_err(|_| {
                TransferError::Api(ApiError::Network(format!(
                    "nothing received for {} s",
                    STALL.as_secs()
                )))
            })?;
        let Some(chunk) = next else { break };
        let chunk = chunk.map_err(TransferError::Api)?;
        limit.take(chunk.len() as u64).await;
        hasher.update(&chunk);
        out.write_all(&chunk)
            .await
            .map_err(|e| local("cannot write", e))?;
        written += chunk.len() as u64;
        bar.advance(chunk.len() as u64);
    }
    out.sync_all().await.map_err(|e| local("cannot write", e))?;
    let sha = hex(&hasher.finalize());
    if written != file.size || !sha.eq_ignore_ascii_case(&file.sha256) {
        // Bytes that are not what the server says it holds: never put in place; another try
        // may get the right ones.
        return Err(TransferError::Api(ApiError::Network(format!(
            "received {written} bytes hashing to {sha}, expected {} bytes hashing to {}",
            file.size, file.sha256
        ))));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_saved_meanwhile_is_kept_unless_replacing() {
        let dir = tempfile::tempdir().unwrap();
        let (part, dest) = (dir.path().join(".a.aitoolbox-part"), dir.path().join("a"));
        std::fs::write(&part, b"download").unwrap();
        put_in_place(&part, &dest, false).await.unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"download");
        assert!(!part.exists());

        std::fs::write(&part, b"newer download").unwrap();
        std::fs::write(&dest, b"saved by the user meanwhile").unwrap();
        assert!(put_in_place(&part, &dest, false).await.is_err());
        assert_eq!(
            std::fs::read(&dest).unwrap(),
            b"saved by the user meanwhile"
        );
        put_in_place(&part, &dest, true).await.unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"newer download");
    }
}
