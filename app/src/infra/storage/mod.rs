//! Where user files (images, audio, project files) live: one streaming interface over a local
//! directory (the embedded default) and, when configured, an S3-compatible bucket.
//!
//! Writes take a byte stream, hash it with SHA-256 on the way and commit only once the whole
//! object is written and the hash is what the client said; until then readers see nothing (a
//! temporary file renamed into place, an S3 multipart upload completed at the end). Reads are
//! streams too, of the whole object or a byte range, so no file is ever held in memory whole.
//!
//! Keys are opaque ASCII names the server generates (`images/<user>/<uuid>.png`); user file
//! names, renames and moves live in the database only. [`StorageKey`] still refuses anything
//! that could climb out of the root, so a bug elsewhere cannot become a path traversal here.
//! Which backend holds an object is recorded with it ([`objects`]), so both can be read while
//! a deployment moves from one to the other.

pub mod check;
mod local;
pub mod objects;
pub mod outbox;
mod s3;

use std::path::PathBuf;
use std::pin::Pin;

use bytes::Bytes;
use futures::{Stream, StreamExt};
use sha2::{Digest, Sha256};

pub use local::LocalStore;
pub use s3::{S3Settings, S3Store};

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

    /// A fresh key under `prefix` (itself a valid key): `<prefix>/<uuid><suffix>`. The suffix
    /// (`.png`, `-thumb.jpg`) is for people browsing a bucket, never parsed.
    pub fn generate(prefix: &str, suffix: &str) -> Result<StorageKey, StorageError> {
        StorageKey::new(format!(
            "{prefix}/{}{suffix}",
            uuid::Uuid::new_v4().simple()
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Which store holds an object. The names are the spec's `storage_backend` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Filesystem,
    S3,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Filesystem => "filesystem",
            Backend::S3 => "s3",
        }
    }

    pub fn parse(s: &str) -> Option<Backend> {
        match s {
            "filesystem" => Some(Backend::Filesystem),
            "s3" => Some(Backend::S3),
            _ => None,
        }
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
    /// The bytes that arrived do not hash to what the client said it sent.
    #[error("content does not match its SHA-256")]
    HashMismatch,
    #[error("object larger than {0} bytes")]
    TooLarge(u64),
    /// The stream being stored failed (a client went away mid-upload, a download broke).
    #[error("source stream failed: {0}")]
    Source(std::io::Error),
    /// The object lives on a backend this process is not configured for.
    #[error("the {0} backend is not configured")]
    NotConfigured(&'static str),
    /// The S3 endpoint could not be reached or refused the request.
    #[error("S3: {0}")]
    S3(String),
    #[error("storage I/O: {0}")]
    Io(#[from] std::io::Error),
}

impl From<StorageError> for crate::error::AppError {
    fn from(err: StorageError) -> Self {
        use crate::error::AppError;
        match err {
            StorageError::NotFound => AppError::NotFound,
            StorageError::HashMismatch => AppError::ChecksumMismatch,
            StorageError::TooLarge(_) => AppError::PayloadTooLarge,
            StorageError::Source(_) => AppError::BadRequest,
            StorageError::S3(detail) => {
                tracing::error!(%detail, "object storage unavailable");
                AppError::StorageUnavailable
            }
            other => {
                tracing::error!(error = %other, "storage error");
                AppError::Internal
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

/// Bytes arriving or leaving in chunks.
pub type ByteStream = Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>>;

/// One chunk as a stream (generated images, thumbnails: already in memory anyway).
pub fn once(bytes: impl Into<Bytes>) -> ByteStream {
    let bytes = bytes.into();
    Box::pin(futures::stream::once(async move { Ok(bytes) }))
}

/// Part (or all) of an object, as a stream.
pub struct ObjectStream {
    /// Size of the whole object.
    pub total: u64,
    /// First and last byte included in `body`.
    pub start: u64,
    pub end: u64,
    pub body: ByteStream,
}

/// What a write must satisfy before it is committed.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteCheck {
    /// The SHA-256 the client computed; a different one refuses the write.
    pub sha256: Option<[u8; 32]>,
    /// Refuse anything longer.
    pub max_bytes: Option<u64>,
}

/// A committed object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub backend: Backend,
    pub key: StorageKey,
    pub size: u64,
    /// Lowercase hex.
    pub sha256: String,
}

/// An object a listing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub key: String,
    pub size: u64,
}

/// Counts and hashes bytes as they pass, and enforces the size limit.
pub(crate) struct Tally {
    hasher: Sha256,
    size: u64,
    max: Option<u64>,
}

impl Tally {
    fn new(max: Option<u64>) -> Tally {
        Tally {
            hasher: Sha256::new(),
            size: 0,
            max,
        }
    }

    fn add(&mut self, chunk: &[u8]) -> Result<(), StorageError> {
        self.size += chunk.len() as u64;
        if let Some(max) = self.max.filter(|m| self.size > *m) {
            return Err(StorageError::TooLarge(max));
        }
        self.hasher.update(chunk);
        Ok(())
    }

    /// Size and hex digest, or [`StorageError::HashMismatch`] when the client said otherwise.
    fn finish(self, expected: Option<[u8; 32]>) -> Result<(u64, String), StorageError> {
        let digest: [u8; 32] = self.hasher.finalize().into();
        if expected.is_some_and(|e| e != digest) {
            return Err(StorageError::HashMismatch);
        }
        Ok((self.size, hex(&digest)))
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses a SHA-256 given as 64 hex digits (either case).
pub fn parse_sha256(s: &str) -> Option<[u8; 32]> {
    let s = s.trim();
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// The configured stores: the local directory always (objects written before S3 was set up
/// stay readable), S3 when configured, in which case new objects go there.
#[derive(Debug, Clone)]
pub struct Storage {
    local: LocalStore,
    s3: Option<S3Store>,
    /// Hand S3 downloads to the browser as presigned URLs instead of streaming them through.
    presigned_downloads: bool,
    /// See [`objects::DEFAULT_WRITE_LEASE`].
    write_lease: std::time::Duration,
}

impl Storage {
    pub fn local(root: impl Into<PathBuf>) -> Storage {
        Storage {
            local: LocalStore::new(root.into()),
            s3: None,
            presigned_downloads: false,
            write_lease: objects::DEFAULT_WRITE_LEASE,
        }
    }

    /// How long a write may go without renewing its lease (`STORAGE_WRITE_LEASE_SECS`).
    pub fn with_write_lease(mut self, lease: std::time::Duration) -> Storage {
        self.write_lease = lease.max(std::time::Duration::from_secs(1));
        self
    }

    pub fn write_lease(&self) -> std::time::Duration {
        self.write_lease
    }

    /// Local files plus an S3 bucket for new objects; fails when the endpoint cannot be
    /// reached or refuses the credentials, and creates the bucket when it is missing.
    pub async fn with_s3(
        root: impl Into<PathBuf>,
        settings: &S3Settings,
    ) -> Result<Storage, StorageError> {
        let s3 = S3Store::connect(settings).await?;
        Ok(Storage {
            local: LocalStore::new(root.into()),
            s3: Some(s3),
            presigned_downloads: settings.presigned_downloads,
            write_lease: objects::DEFAULT_WRITE_LEASE,
        })
    }

    /// Where new objects go.
    pub fn default_backend(&self) -> Backend {
        if self.s3.is_some() {
            Backend::S3
        } else {
            Backend::Filesystem
        }
    }

    /// Human-readable name for logs and the health page.
    pub fn describe(&self) -> String {
        match &self.s3 {
            Some(s3) => format!(
                "{} (local directory {} kept readable)",
                s3.describe(),
                self.local.root().display()
            ),
            None => format!("local directory {}", self.local.root().display()),
        }
    }

    /// Removes writes a killed process left half done in the local directory (they were never
    /// renamed into place, so no key points at them). Returns how many; run at start.
    pub fn sweep_abandoned_writes(&self) -> usize {
        self.local.sweep_abandoned_writes()
    }

    fn s3(&self) -> Result<&S3Store, StorageError> {
        self.s3.as_ref().ok_or(StorageError::NotConfigured("s3"))
    }

    /// Streams `body` into a new object under `key` on the default backend; see the module
    /// docs for when it becomes visible. Nothing is left behind when it fails.
    pub async fn write(
        &self,
        key: &StorageKey,
        body: ByteStream,
        check: WriteCheck,
    ) -> Result<Written, StorageError> {
        let backend = self.default_backend();
        let (size, sha256) = match backend {
            Backend::Filesystem => self.local.write(key, body, check).await?,
            Backend::S3 => self.s3()?.write(key, body, check).await?,
        };
        Ok(Written {
            backend,
            key: key.clone(),
            size,
            sha256,
        })
    }

    /// The object or a range of it (HTTP Range requests: seeking in audio, resumed downloads).
    pub async fn read(
        &self,
        backend: Backend,
        key: &StorageKey,
        range: Option<ByteRange>,
    ) -> Result<ObjectStream, StorageError> {
        match backend {
            Backend::Filesystem => self.local.read(key, range).await,
            Backend::S3 => self.s3()?.read(key, range).await,
        }
    }

    /// The whole object in memory, for the few readers that need it so (the cover editor
    /// decodes an image); bounded by `max_bytes`.
    pub async fn read_all(
        &self,
        backend: Backend,
        key: &StorageKey,
        max_bytes: u64,
    ) -> Result<Vec<u8>, StorageError> {
        let mut read = self.read(backend, key, None).await?;
        if read.total > max_bytes {
            return Err(StorageError::TooLarge(max_bytes));
        }
        let mut out = Vec::with_capacity(read.total as usize);
        while let Some(chunk) = read.body.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out)
    }

    /// Removes the object; removing a missing object is not an error.
    pub async fn delete(&self, backend: Backend, key: &StorageKey) -> Result<(), StorageError> {
        match backend {
            Backend::Filesystem => self.local.delete(key).await,
            Backend::S3 => self.s3()?.delete(key).await,
        }
    }

    /// Size of the object in bytes.
    pub async fn size(&self, backend: Backend, key: &StorageKey) -> Result<u64, StorageError> {
        match backend {
            Backend::Filesystem => self.local.size(key).await,
            Backend::S3 => self.s3()?.size(key).await,
        }
    }

    /// Every object of a backend (for `storage check`); `None` when it is not configured.
    pub async fn list(&self, backend: Backend) -> Option<Result<Vec<Listed>, StorageError>> {
        match backend {
            Backend::Filesystem => Some(self.local.list().await),
            Backend::S3 => match &self.s3 {
                Some(s3) => Some(s3.list().await),
                None => None,
            },
        }
    }

    /// Size and SHA-256 of a stored object, read through.
    pub async fn digest(
        &self,
        backend: Backend,
        key: &StorageKey,
    ) -> Result<(u64, String), StorageError> {
        let mut read = self.read(backend, key, None).await?;
        let mut tally = Tally::new(None);
        while let Some(chunk) = read.body.next().await {
            tally.add(&chunk?)?;
        }
        tally.finish(None)
    }

    /// A URL the browser may fetch the object from directly for an hour, when configured
    /// (`S3_PRESIGNED_DOWNLOADS`) and the object is in S3.
    pub async fn presigned_url(
        &self,
        backend: Backend,
        key: &StorageKey,
        download_name: Option<&str>,
    ) -> Option<String> {
        match (backend, &self.s3) {
            (Backend::S3, Some(s3)) if self.presigned_downloads => {
                s3.presigned_get(key, download_name).await
            }
            _ => None,
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
        let fresh = StorageKey::generate("songs/u-1", ".mp3").unwrap();
        assert!(fresh.as_str().starts_with("songs/u-1/") && fresh.as_str().ends_with(".mp3"));
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

    #[test]
    fn hashes_parse_and_print() {
        let hex_digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let parsed = parse_sha256(&hex_digest.to_uppercase()).unwrap();
        assert_eq!(hex(&parsed), hex_digest);
        assert!(parse_sha256("e3b0").is_none());
        assert!(parse_sha256(&"zz".repeat(32)).is_none());
        assert!(parse_sha256(&"é".repeat(32)).is_none());
        let (size, digest) = Tally::new(None).finish(Some(parsed)).unwrap();
        assert_eq!((size, digest.as_str()), (0, hex_digest));
    }

    #[test]
    fn tally_enforces_the_limit_and_the_hash() {
        let mut t = Tally::new(Some(4));
        t.add(b"abcd").unwrap();
        assert!(matches!(t.add(b"e"), Err(StorageError::TooLarge(4))));
        let mut t = Tally::new(None);
        t.add(b"abc").unwrap();
        assert!(matches!(
            t.finish(Some([0; 32])),
            Err(StorageError::HashMismatch)
        ));
    }
}
