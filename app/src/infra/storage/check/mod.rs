//! `server storage check`: compares the record of stored objects with what every configured
//! backend holds, and with `--repair` removes objects nothing records.
//!
//! The backends are listed before the records are read: every object is recorded (as being
//! written) before its first byte is stored, so an object that appears in a listing has its
//! record by the time the records are read, and a write in progress is never taken for an
//! orphan. A record whose object seems missing is looked up once more before it is reported.

use std::collections::{HashMap, HashSet};

mod report;

pub use report::{describe, BackendSummary, Finding, Mismatch, PendingDeletion, Report};

use super::{is_app_key, objects, outbox, Backend, Storage, StorageError, StorageKey};
use crate::infra::Db;

#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    /// Remove objects without records, record digests that were never taken.
    pub repair: bool,
    /// Read every object to compare its SHA-256 (off: sizes only).
    pub hashes: bool,
}

pub async fn check(
    db: &Db,
    storage: &Storage,
    options: CheckOptions,
) -> Result<Report, StorageError> {
    let mut report = Report::default();
    // Listings first (see the module docs).
    let mut listed: HashMap<Backend, HashMap<String, u64>> = HashMap::new();
    for backend in [Backend::Filesystem, Backend::S3] {
        if let Some(listing) = storage.list(backend).await {
            let listing: Vec<_> = listing?
                .into_iter()
                .filter(|l| is_app_key(&l.key))
                .collect();
            report.backends.push(BackendSummary {
                backend,
                objects: listing.len() as u64,
                bytes: listing.iter().map(|l| l.size).sum(),
            });
            listed.insert(
                backend,
                listing.into_iter().map(|l| (l.key, l.size)).collect(),
            );
        }
    }
    let records = objects::all(db).await.map_err(db_error)?;
    let pending = outbox::pending(db).await.map_err(db_error)?;
    let queued: HashSet<(String, String)> = pending
        .iter()
        .map(|(b, k, _, _)| (b.clone(), k.clone()))
        .collect();
    report.pending_deletions = pending
        .into_iter()
        .map(|(backend, key, attempts, last_error)| PendingDeletion {
            backend,
            key,
            attempts,
            last_error,
        })
        .collect();
    let recorded: HashSet<(Backend, &str)> = records
        .iter()
        .map(|r| (r.backend, r.key.as_str()))
        .collect();

    for r in &records {
        if r.writing {
            report.writing += 1;
            continue;
        }
        let actual = match listed.get(&r.backend) {
            None => {
                report.unchecked += 1; // a backend this process is not configured for
                continue;
            }
            Some(objects) => match objects.get(&r.key) {
                Some(size) => *size,
                None => match recheck(storage, r.backend, &r.key).await? {
                    Some(size) => size,
                    None => {
                        report.missing_objects.push(Finding {
                            backend: r.backend,
                            key: r.key.clone(),
                            size: r.size,
                        });
                        continue;
                    }
                },
            },
        };
        if let Some(size) = r.size.filter(|s| *s != actual) {
            report.size_mismatches.push(Mismatch {
                backend: r.backend,
                key: r.key.clone(),
                recorded: size.to_string(),
                actual: actual.to_string(),
            });
            continue;
        }
        match &r.sha256 {
            Some(sha) if options.hashes => {
                let Some((_, digest)) = digest(storage, r.backend, &r.key).await? else {
                    continue; // deleted while the check ran
                };
                if &digest != sha {
                    report.hash_mismatches.push(Mismatch {
                        backend: r.backend,
                        key: r.key.clone(),
                        recorded: sha.clone(),
                        actual: digest,
                    });
                }
            }
            Some(_) => {}
            None if options.repair => {
                let Some((size, digest)) = digest(storage, r.backend, &r.key).await? else {
                    continue;
                };
                objects::record_digest(db, &r.key, size, &digest)
                    .await
                    .map_err(db_error)?;
                report.recorded_digests += 1;
            }
            None => report.unverified += 1,
        }
    }

    for (backend, objects_there) in &listed {
        for (key, size) in objects_there {
            if recorded.contains(&(*backend, key.as_str()))
                || queued.contains(&(backend.as_str().to_string(), key.clone()))
            {
                continue;
            }
            report.orphan_objects.push(Finding {
                backend: *backend,
                key: key.clone(),
                size: Some(*size),
            });
        }
    }
    report.orphan_objects.sort_by(|a, b| a.key.cmp(&b.key));
    if options.repair {
        for orphan in &report.orphan_objects {
            // Still unrecorded now? A write that started after the records were read has its
            // record by now.
            if objects::is_recorded(db, &orphan.key)
                .await
                .map_err(db_error)?
            {
                continue;
            }
            let Ok(key) = StorageKey::new(orphan.key.clone()) else {
                continue;
            };
            storage.delete(orphan.backend, &key).await?;
            report.removed_orphans += 1;
        }
    }
    Ok(report)
}

/// Size and hash of an object, `None` when it went away meanwhile.
async fn digest(
    storage: &Storage,
    backend: Backend,
    key: &str,
) -> Result<Option<(u64, String)>, StorageError> {
    match storage
        .digest(backend, &StorageKey::new(key.to_string())?)
        .await
    {
        Ok(d) => Ok(Some((d.size, d.sha256))),
        Err(StorageError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

async fn recheck(
    storage: &Storage,
    backend: Backend,
    key: &str,
) -> Result<Option<u64>, StorageError> {
    let Ok(key) = StorageKey::new(key.to_string()) else {
        return Ok(None);
    };
    match storage.size(backend, &key).await {
        Ok(size) => Ok(Some(size)),
        Err(StorageError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

fn db_error(e: sqlx::Error) -> StorageError {
    StorageError::Io(std::io::Error::other(format!("database: {e}")))
}
