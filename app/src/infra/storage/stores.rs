//! [`Storage`]: the configured stores behind one interface, each call sent to the backend that
//! holds (or, for writes, will hold) the object.

use std::path::PathBuf;

use futures::StreamExt;

use super::{
    objects, Backend, ByteRange, ByteStream, Listed, LocalStore, ObjectStream, S3Settings, S3Store,
    StorageError, StorageKey, Tallied, Tally, WriteCheck, Written,
};

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
        let done = match backend {
            Backend::Filesystem => self.local.write(key, body, check).await?,
            Backend::S3 => self.s3()?.write(key, body, check).await?,
        };
        Ok(Written {
            backend,
            key: key.clone(),
            size: done.size,
            sha256: done.sha256,
            crc32: done.crc32,
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

    /// Size and hashes of a stored object, read through.
    pub async fn digest(
        &self,
        backend: Backend,
        key: &StorageKey,
    ) -> Result<Tallied, StorageError> {
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
        mime: &str,
        download_name: Option<&str>,
    ) -> Option<String> {
        match (backend, &self.s3) {
            (Backend::S3, Some(s3)) if self.presigned_downloads => {
                s3.presigned_get(key, mime, download_name).await
            }
            _ => None,
        }
    }
}
