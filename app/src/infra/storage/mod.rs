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
mod digest;
mod local;
pub mod objects;
pub mod outbox;
mod s3;
mod stores;

use std::pin::Pin;

use bytes::Bytes;
use futures::Stream;

pub(crate) use digest::Tally;
pub use digest::{hex, parse_sha256, Tallied};
pub use local::LocalStore;
pub use s3::{S3Settings, S3Store};
pub use stores::Storage;

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

/// The first segment of every key the app writes. `storage check` looks only under these, so
/// whatever else shares the directory or bucket is never reported, let alone removed.
pub const KEY_PREFIXES: &[&str] = &["images", "songs", "projects"];

/// Whether a key is under one of [`KEY_PREFIXES`].
pub fn is_app_key(key: &str) -> bool {
    key.split_once('/')
        .is_some_and(|(first, _)| KEY_PREFIXES.contains(&first))
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
    pub crc32: u32,
}

/// An object a listing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub key: String,
    pub size: u64,
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
}
