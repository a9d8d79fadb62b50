//! Objects as files under a root directory, one file per key.

use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures::StreamExt;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use super::{
    resolve_range, ByteRange, ByteStream, Listed, ObjectStream, StorageError, StorageKey, Tallied,
    Tally, WriteCheck,
};

/// Marks a write in progress: `<name>.tmp-<pid>-<uuid>`, renamed into place when complete.
const TMP_MARK: &str = "tmp-";

/// Chunk size of reads: large enough for disk throughput, small enough to keep memory flat.
const READ_CHUNK: usize = 256 * 1024;

#[derive(Debug, Clone)]
pub struct LocalStore {
    root: PathBuf,
}

impl LocalStore {
    pub fn new(root: PathBuf) -> LocalStore {
        LocalStore { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path(&self, key: &StorageKey) -> PathBuf {
        self.root.join(Path::new(key.as_str()))
    }

    /// Writes beside the target, fsyncs, then renames: a crash leaves no file or the whole
    /// file under the key, never a truncated one.
    pub async fn write(
        &self,
        key: &StorageKey,
        mut body: ByteStream,
        check: WriteCheck,
    ) -> Result<Tallied, StorageError> {
        let path = self.path(key);
        let parent = path.parent().unwrap_or(&self.root).to_path_buf();
        tokio::fs::create_dir_all(&parent).await?;
        let tmp = path.with_extension(format!(
            "{TMP_MARK}{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        let guard = RemoveOnDrop(Some(tmp.clone()));
        let result = async {
            // A thread writes while this task hashes the next chunk: the two overlap, and
            // the bounded channel keeps at most a few chunks in memory.
            let (chunks, mut to_write) = tokio::sync::mpsc::channel::<Feed>(4);
            let file_path = tmp.clone();
            // The thread owns its file: when the feed ends without `Done` (a failure, or this
            // write cancelled, perhaps before the thread even started) it removes the file.
            let writer = tokio::task::spawn_blocking(move || {
                use std::io::Write;
                let mut file = std::fs::File::create(&file_path)?;
                let fed = loop {
                    match to_write.blocking_recv() {
                        Some(Feed::Chunk(chunk)) => {
                            if let Err(e) = file.write_all(&chunk) {
                                break Err(e);
                            }
                        }
                        Some(Feed::Done) => break Ok(()),
                        None => break Err(std::io::Error::other("write abandoned")),
                    }
                };
                if fed.is_err() {
                    drop(file);
                    let _ = std::fs::remove_file(&file_path);
                    return fed;
                }
                file.sync_all()
            });
            let mut tally = Tally::new(check.max_bytes);
            let fed = async {
                while let Some(chunk) = body.next().await {
                    let chunk = chunk.map_err(StorageError::Source)?;
                    tally.add(&chunk)?;
                    if chunks.send(Feed::Chunk(chunk)).await.is_err() {
                        return Ok(()); // the writer failed; its error follows
                    }
                }
                let _ = chunks.send(Feed::Done).await;
                Ok::<_, StorageError>(())
            }
            .await;
            drop(chunks);
            let written = writer.await.map_err(std::io::Error::other)?;
            fed?;
            written?;
            let done = tally.finish(check.sha256)?;
            tokio::fs::rename(&tmp, &path).await?;
            // The rename is durable once the directory is.
            if let Ok(dir) = tokio::fs::File::open(&parent).await {
                let _ = dir.sync_all().await;
            }
            Ok::<_, StorageError>(done)
        }
        .await;
        if result.is_ok() {
            guard.disarm();
        }
        result
    }

    pub async fn read(
        &self,
        key: &StorageKey,
        range: Option<ByteRange>,
    ) -> Result<ObjectStream, StorageError> {
        let mut file = match tokio::fs::File::open(self.path(key)).await {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StorageError::NotFound)
            }
            Err(e) => return Err(e.into()),
        };
        let total = file.metadata().await?.len();
        let (start, end) = resolve_range(range, total)?;
        let len = if total == 0 { 0 } else { end - start + 1 };
        file.seek(std::io::SeekFrom::Start(start)).await?;
        let reader = file.take(len);
        let body = futures::stream::try_unfold(reader, |mut reader| async move {
            let mut buf = vec![0u8; READ_CHUNK];
            let n = reader.read(&mut buf).await?;
            if n == 0 {
                return Ok(None);
            }
            buf.truncate(n);
            Ok(Some((Bytes::from(buf), reader)))
        });
        Ok(ObjectStream {
            total,
            start,
            end,
            body: Box::pin(body),
        })
    }

    pub async fn delete(&self, key: &StorageKey) -> Result<(), StorageError> {
        match tokio::fs::remove_file(self.path(key)).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn size(&self, key: &StorageKey) -> Result<u64, StorageError> {
        match tokio::fs::metadata(self.path(key)).await {
            Ok(m) if m.is_file() => Ok(m.len()),
            Ok(_) => Err(StorageError::NotFound),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StorageError::NotFound),
            Err(e) => Err(e.into()),
        }
    }

    /// Every committed object (writes in progress are not objects yet).
    pub async fn list(&self) -> Result<Vec<Listed>, StorageError> {
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || {
            let mut out = Vec::new();
            let mut dirs = vec![root.clone()];
            while let Some(dir) = dirs.pop() {
                let entries = match std::fs::read_dir(&dir) {
                    Ok(e) => e,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                    Err(e) => return Err(e.into()),
                };
                // Entries removed while the walk runs are simply not listed.
                for entry in entries.flatten() {
                    let Ok(meta) = entry.metadata() else { continue };
                    let path = entry.path();
                    if meta.is_dir() {
                        dirs.push(path);
                    } else if !in_progress(&path) {
                        let Ok(rel) = path.strip_prefix(&root) else {
                            continue;
                        };
                        let key = rel.to_string_lossy().replace('\\', "/");
                        out.push(Listed {
                            key,
                            size: meta.len(),
                        });
                    }
                }
            }
            out.sort_by(|a, b| a.key.cmp(&b.key));
            Ok(out)
        })
        .await
        .map_err(|e| StorageError::Io(std::io::Error::other(e)))?
    }

    /// Removes writes a killed process left half done; returns how many.
    pub fn sweep_abandoned_writes(&self) -> usize {
        fn walk(dir: &Path, removed: &mut usize) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, removed);
                } else if abandoned(&path) && std::fs::remove_file(&path).is_ok() {
                    *removed += 1;
                }
            }
        }
        let mut removed = 0;
        walk(&self.root, &mut removed);
        removed
    }
}

/// What the writer thread receives.
enum Feed {
    Chunk(Bytes),
    Done,
}

/// A temporary file removed when dropped armed: on failure, and when the write is cancelled.
struct RemoveOnDrop(Option<PathBuf>);

impl RemoveOnDrop {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn in_progress(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.starts_with(TMP_MARK))
}

/// Whether a leftover write belongs to nobody any more: its process is gone (Linux tells by
/// `/proc`), or it is older than a day (elsewhere, or a recycled pid).
fn abandoned(path: &Path) -> bool {
    let Some(rest) = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(|e| e.strip_prefix(TMP_MARK))
    else {
        return false;
    };
    let old = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(24 * 3600));
    let dead = match rest.split_once('-').map(|(pid, _)| pid.parse::<u32>()) {
        Some(Ok(pid)) if Path::new("/proc/self").exists() => {
            pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
        }
        _ => false,
    };
    old || dead
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_writes_of_dead_processes_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let songs = dir.path().join("songs/u");
        std::fs::create_dir_all(&songs).unwrap();
        let kept = songs.join("0.mp3");
        // pid_max is at most 2^22 on Linux, so this process cannot exist.
        let dead = songs.join("1.tmp-4194305-0123456789abcdef0123456789abcdef");
        let ours = songs.join(format!("2.tmp-{}-0123456789abcdef", std::process::id()));
        for f in [&kept, &dead, &ours] {
            std::fs::write(f, b"x").unwrap();
        }
        let removed = LocalStore::new(dir.path().to_path_buf()).sweep_abandoned_writes();
        assert_eq!(removed, 1);
        assert!(kept.exists() && ours.exists() && !dead.exists());
    }
}
