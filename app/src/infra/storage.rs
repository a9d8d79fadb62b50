//! Where user files (images, audio, project files) live: one small interface over a local
//! directory (the embedded default) and, when configured, an S3-compatible bucket.
//!
//! Keys are relative paths chosen by the server (`images/<user>/<uuid>.png`), never by clients;
//! [`StorageKey`] still refuses anything that could climb out of the root, so a bug elsewhere
//! cannot turn into a path traversal here.

use std::path::{Path, PathBuf};

use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

/// A validated object key: `/`-separated segments of letters, digits, `.`, `_` and `-`, none
/// of them `.` or `..`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StorageKey(String);

impl StorageKey {
    pub fn new(key: impl Into<String>) -> Result<StorageKey, StorageError> {
        let key = key.into();
        let ok = !key.is_empty()
            && key.len() <= 512
            && key.split('/').all(|seg| {
                !seg.is_empty()
                    && seg != "."
                    && seg != ".."
                    && seg
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            });
        if ok {
            Ok(StorageKey(key))
        } else {
            Err(StorageError::InvalidKey(key))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("invalid storage key {0:?}")]
    InvalidKey(String),
    #[error("object not found")]
    NotFound,
    #[error("requested range not satisfiable")]
    BadRange,
    #[error("storage I/O: {0}")]
    Io(#[from] std::io::Error),
}

impl From<StorageError> for crate::error::AppError {
    fn from(err: StorageError) -> Self {
        match err {
            StorageError::NotFound => crate::error::AppError::NotFound,
            other => {
                tracing::error!(error = %other, "storage error");
                crate::error::AppError::Internal
            }
        }
    }
}

/// A byte range as HTTP asks for it: `start..=end`, the end clamped to the object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteRange {
    pub start: u64,
    pub end: Option<u64>,
}

/// Part (or all) of an object.
#[derive(Debug)]
pub struct ObjectRead {
    /// Size of the whole object.
    pub total: u64,
    /// First and last byte included in `body`.
    pub start: u64,
    pub end: u64,
    pub body: Vec<u8>,
}

/// The configured backend.
#[derive(Debug, Clone)]
pub enum Storage {
    Local(LocalStorage),
}

impl Storage {
    pub fn local(root: impl Into<PathBuf>) -> Storage {
        Storage::Local(LocalStorage { root: root.into() })
    }

    /// Removes writes a killed process left half done (they were never renamed into place, so
    /// no key points at them). Returns how many; run at start.
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
        match self {
            Storage::Local(l) => walk(&l.root, &mut removed),
        }
        removed
    }

    /// Human-readable name for logs and the health page.
    pub fn describe(&self) -> String {
        match self {
            Storage::Local(l) => format!("local directory {}", l.root.display()),
        }
    }

    /// Stores `bytes` under `key`, replacing what was there; readers never see half a file.
    pub async fn put(&self, key: &StorageKey, bytes: &[u8]) -> Result<(), StorageError> {
        match self {
            Storage::Local(l) => l.put(key, bytes).await,
        }
    }

    /// The whole object.
    pub async fn get(&self, key: &StorageKey) -> Result<Vec<u8>, StorageError> {
        Ok(self.read(key, None).await?.body)
    }

    /// The object or a range of it (for HTTP Range requests: seeking in audio, resuming).
    pub async fn read(
        &self,
        key: &StorageKey,
        range: Option<ByteRange>,
    ) -> Result<ObjectRead, StorageError> {
        match self {
            Storage::Local(l) => l.read(key, range).await,
        }
    }

    /// Removes the object; removing a missing object is not an error.
    pub async fn delete(&self, key: &StorageKey) -> Result<(), StorageError> {
        match self {
            Storage::Local(l) => l.delete(key).await,
        }
    }

    /// Size of the object in bytes.
    pub async fn size(&self, key: &StorageKey) -> Result<u64, StorageError> {
        match self {
            Storage::Local(l) => match tokio::fs::metadata(l.path(key)).await {
                Ok(m) => Ok(m.len()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StorageError::NotFound),
                Err(e) => Err(e.into()),
            },
        }
    }
}

/// Marks a write in progress: `<name>.tmp-<pid>-<uuid>`, renamed into place when complete.
const TMP_MARK: &str = "tmp-";

/// Whether a leftover write belongs to nobody any more: its process is gone (Linux tells by
/// `/proc`), or it is older than an hour (elsewhere, or a recycled pid).
fn abandoned(path: &Path) -> bool {
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    let Some(rest) = ext.strip_prefix(TMP_MARK) else {
        return false;
    };
    let old = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(3600));
    let dead = match rest.split_once('-').map(|(pid, _)| pid.parse::<u32>()) {
        Some(Ok(pid)) if Path::new("/proc/self").exists() => {
            pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
        }
        _ => false,
    };
    old || dead
}

/// Files under a root directory, one file per key.
#[derive(Debug, Clone)]
pub struct LocalStorage {
    root: PathBuf,
}

impl LocalStorage {
    fn path(&self, key: &StorageKey) -> PathBuf {
        self.root.join(Path::new(key.as_str()))
    }

    async fn put(&self, key: &StorageKey, bytes: &[u8]) -> Result<(), StorageError> {
        let path = self.path(key);
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        // Write beside the target, flush, then rename: a crash leaves the old file or the new
        // one, never a truncated mix.
        let tmp = path.with_extension(format!(
            "{TMP_MARK}{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        let result = async {
            let mut file = tokio::fs::File::create(&tmp).await?;
            file.write_all(bytes).await?;
            file.sync_all().await?;
            tokio::fs::rename(&tmp, &path).await
        }
        .await;
        if result.is_err() {
            let _ = tokio::fs::remove_file(&tmp).await;
        }
        Ok(result?)
    }

    async fn read(
        &self,
        key: &StorageKey,
        range: Option<ByteRange>,
    ) -> Result<ObjectRead, StorageError> {
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
        let mut body = Vec::with_capacity(len as usize);
        file.take(len).read_to_end(&mut body).await?;
        Ok(ObjectRead {
            total,
            start,
            end,
            body,
        })
    }

    async fn delete(&self, key: &StorageKey) -> Result<(), StorageError> {
        match tokio::fs::remove_file(self.path(key)).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// Clamps a requested range to an object of `total` bytes; `None` means the whole object.
pub fn resolve_range(range: Option<ByteRange>, total: u64) -> Result<(u64, u64), StorageError> {
    match range {
        None => Ok((0, total.saturating_sub(1))),
        Some(ByteRange { start, end }) => {
            if start >= total {
                return Err(StorageError::BadRange);
            }
            let end = end.unwrap_or(total - 1).min(total - 1);
            if end < start {
                return Err(StorageError::BadRange);
            }
            Ok((start, end))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_escape_the_root() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a//b",
            "a/./b",
            "a\\b",
            "a b",
            "ä",
            "a/",
        ] {
            assert!(StorageKey::new(bad).is_err(), "{bad:?} accepted");
        }
        assert!(StorageKey::new("images/u-1/a.b_c.png").is_ok());
    }

    #[test]
    fn ranges_clamp_and_refuse() {
        let r = |start, end| Some(ByteRange { start, end });
        assert_eq!(resolve_range(None, 10).unwrap(), (0, 9));
        assert_eq!(resolve_range(r(2, Some(100)), 10).unwrap(), (2, 9));
        assert_eq!(resolve_range(r(9, None), 10).unwrap(), (9, 9));
        assert!(resolve_range(r(10, None), 10).is_err());
        assert!(resolve_range(r(5, Some(4)), 10).is_err());
    }

    #[tokio::test]
    async fn local_roundtrip_range_and_delete() {
        let dir = tempfile::tempdir().unwrap();
        let s = Storage::local(dir.path());
        let key = StorageKey::new("images/u/x.bin").unwrap();
        s.put(&key, b"0123456789").await.unwrap();
        assert_eq!(s.get(&key).await.unwrap(), b"0123456789");
        let part = s
            .read(
                &key,
                Some(ByteRange {
                    start: 3,
                    end: Some(5),
                }),
            )
            .await
            .unwrap();
        assert_eq!((part.total, part.start, part.end), (10, 3, 5));
        assert_eq!(part.body, b"345");
        s.delete(&key).await.unwrap();
        assert!(matches!(s.get(&key).await, Err(StorageError::NotFound)));
        s.delete(&key).await.unwrap();
    }

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
        let removed = Storage::local(dir.path()).sweep_abandoned_writes();
        assert_eq!(removed, 1);
        assert!(kept.exists() && ours.exists() && !dead.exists());
    }
}
