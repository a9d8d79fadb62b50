//! Where a process gets its keyring: `EQUIPMENT_KEYS` (fixed for the process's life), or the
//! key file in the data directory (mode 0600), read again whenever it changes, so a rotation
//! (`server rotate-equipment-key`) reaches every server process without a restart.
//!
//! A key is generated only for a key file that does not exist while no sealed value exists
//! yet. A missing key file with sealed values present is an operator's emergency (restore it
//! from the backup), never a reason to make a new key that would open nothing: the source is
//! then unavailable, the features using it refuse with a clear error, and the rest of the app
//! runs on.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use super::{Key, Keyring};

/// The keyring cannot be had; the text says why and what to do (it names no key).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct KeysUnavailable(pub String);

/// What identifies one version of the key file: a rename gives a new inode.
type Stamp = (SystemTime, u64, u64);

enum Inner {
    Env(Arc<Keyring>),
    File {
        path: PathBuf,
        cache: Mutex<Option<(Stamp, Arc<Keyring>)>>,
    },
    Unavailable(String),
}

/// The keyring's source; see the module docs.
pub struct KeySource(Inner);

impl KeySource {
    /// The keyring in `EQUIPMENT_KEYS`.
    pub fn from_env(text: &str) -> KeySource {
        match Keyring::parse(text) {
            Ok(ring) => KeySource(Inner::Env(Arc::new(ring))),
            Err(e) => KeySource::unavailable(format!("EQUIPMENT_KEYS cannot be used: {e}")),
        }
    }

    /// The key file at `path`, created with a first key only while `sealed_values` is 0.
    pub fn open_file(path: &Path, sealed_values: i64) -> KeySource {
        let source = || {
            KeySource(Inner::File {
                path: path.to_path_buf(),
                cache: Mutex::new(None),
            })
        };
        match fs::metadata(path) {
            Ok(meta) => {
                if meta.permissions().mode() & 0o077 != 0 {
                    tracing::warn!(
                        "the key file {} can be read by other users; `chmod 600` it",
                        path.display()
                    );
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && sealed_values == 0 => {
                let ring = Keyring::new(vec![Key::generate(1)]).expect("one key");
                match publish_new(path, &ring) {
                    Ok(()) => tracing::info!(
                        "created the key file {}: back it up apart from the database",
                        path.display()
                    ),
                    // Another process made it first: use theirs.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                    Err(e) => {
                        return KeySource::unavailable(format!(
                            "the key file {} cannot be created: {e}",
                            path.display()
                        ))
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return KeySource::unavailable(format!(
                    "the key file {} is missing, but {sealed_values} sealed values exist: \
                     restore the file from your backup (a new key would open none of them)",
                    path.display()
                ))
            }
            Err(e) => {
                return KeySource::unavailable(format!(
                    "the key file {} cannot be read: {e}",
                    path.display()
                ))
            }
        }
        let source = source();
        if let Err(e) = source.keyring() {
            return KeySource::unavailable(e.0);
        }
        source
    }

    pub fn unavailable(why: String) -> KeySource {
        tracing::error!("equipment secrets unavailable: {why}");
        KeySource(Inner::Unavailable(why))
    }

    /// The keyring as it is now (the key file is checked for changes on every call: one
    /// `stat`).
    pub fn keyring(&self) -> Result<Arc<Keyring>, KeysUnavailable> {
        match &self.0 {
            Inner::Env(ring) => Ok(ring.clone()),
            Inner::Unavailable(why) => Err(KeysUnavailable(why.clone())),
            Inner::File { path, cache } => {
                let gone = |e: std::io::Error| {
                    KeysUnavailable(format!(
                        "the key file {} cannot be read: {e}",
                        path.display()
                    ))
                };
                let meta = fs::metadata(path).map_err(gone)?;
                let stamp = (meta.modified().map_err(gone)?, meta.len(), meta.ino());
                let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
                if let Some((seen, ring)) = cache.as_ref() {
                    if *seen == stamp {
                        return Ok(ring.clone());
                    }
                }
                let text = fs::read_to_string(path).map_err(gone)?;
                let ring = Arc::new(Keyring::parse(&text).map_err(|e| {
                    KeysUnavailable(format!("the key file {} is damaged: {e}", path.display()))
                })?);
                *cache = Some((stamp, ring.clone()));
                Ok(ring)
            }
        }
    }

    /// The key file, if the keyring comes from one.
    pub fn file(&self) -> Option<&Path> {
        match &self.0 {
            Inner::File { path, .. } => Some(path),
            _ => None,
        }
    }

    /// Replaces the key file with `ring`: written beside it, flushed to disk, then renamed over
    /// it, so every reader sees the old keyring or the new one, never a part.
    pub fn replace(&self, ring: &Keyring) -> Result<(), KeysUnavailable> {
        let Some(path) = self.file() else {
            return Err(KeysUnavailable(
                "EQUIPMENT_KEYS is set: keys from the environment are changed by whoever sets \
                 it, not by the server"
                    .into(),
            ));
        };
        let failed = |e: std::io::Error| {
            KeysUnavailable(format!(
                "the key file {} cannot be written: {e}",
                path.display()
            ))
        };
        let temporary = path.with_extension(format!("tmp-{}", std::process::id()));
        let _ = fs::remove_file(&temporary);
        create_new(&temporary, ring).map_err(failed)?;
        fs::rename(&temporary, path).map_err(failed)?;
        if let Some(dir) = path.parent() {
            fs::File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(failed)?;
        }
        Ok(())
    }
}

/// Makes the key file appear complete or not at all: written and flushed under a temporary
/// name, then hard-linked to `path`, which fails if another process made it first (a second
/// process starting at the same moment never reads a half-written file).
fn publish_new(path: &Path, ring: &Keyring) -> std::io::Result<()> {
    let temporary = path.with_extension(format!("new-{}", std::process::id()));
    let _ = fs::remove_file(&temporary);
    create_new(&temporary, ring)?;
    let linked = fs::hard_link(&temporary, path);
    let _ = fs::remove_file(&temporary);
    linked?;
    if let Some(dir) = path.parent() {
        fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// Writes `ring` to a file that must not exist yet, readable by its owner only.
fn create_new(path: &Path, ring: &Keyring) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(ring.to_text().as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_once_refused_when_lost_and_reread_when_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("equipment-keys");
        let source = KeySource::open_file(&path, 0);
        let first = source.keyring().unwrap();
        assert_eq!(first.ids(), vec![1]);
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );

        // Another process's view picks up a rotation without a restart.
        let other = KeySource::open_file(&path, 5);
        source.replace(&first.with_new_key()).unwrap();
        assert_eq!(other.keyring().unwrap().ids(), vec![1, 2]);

        fs::remove_file(&path).unwrap();
        assert!(other.keyring().is_err());
        let lost = KeySource::open_file(&path, 5);
        assert!(lost.keyring().unwrap_err().0.contains("missing"));
        assert!(!path.exists(), "no new key replaces a lost one");
    }
}
