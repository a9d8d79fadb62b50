//! `server storage check`: compares the record of stored objects with what every configured
//! backend holds, and with `--repair` removes objects nothing records.
//!
//! The backends are listed before the records are read: every object is recorded (as being
//! written) before its first byte is stored, so an object that appears in a listing has its
//! record by the time the records are read, and a write in progress is never taken for an
//! orphan. A record whose object seems missing is looked up once more before it is reported.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{objects, outbox, Backend, Storage, StorageError, StorageKey};
use crate::infra::Db;

#[derive(Debug, Clone, Copy, Default)]
pub struct CheckOptions {
    /// Remove objects without records, record digests that were never taken.
    pub repair: bool,
    /// Read every object to compare its SHA-256 (off: sizes only).
    pub hashes: bool,
}

#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub backends: Vec<BackendSummary>,
    /// Records whose object is gone.
    pub missing_objects: Vec<Finding>,
    /// Objects no record names (and no deletion is queued for).
    pub orphan_objects: Vec<Finding>,
    pub size_mismatches: Vec<Mismatch>,
    pub hash_mismatches: Vec<Mismatch>,
    /// Records kept before sizes and hashes were (their digest is taken by `--repair`).
    pub unverified: u64,
    /// Objects being written right now.
    pub writing: u64,
    /// Deletions waiting in the outbox (with their attempts and last error).
    pub pending_deletions: Vec<PendingDeletion>,
    /// What `--repair` did.
    pub removed_orphans: u64,
    pub recorded_digests: u64,
}

impl Report {
    /// Whether anything is wrong that repair did not fix.
    pub fn has_problems(&self) -> bool {
        !self.missing_objects.is_empty()
            || self.orphan_objects.len() as u64 > self.removed_orphans
            || !self.size_mismatches.is_empty()
            || !self.hash_mismatches.is_empty()
    }
}

#[derive(Debug, Serialize)]
pub struct BackendSummary {
    pub backend: Backend,
    pub objects: u64,
    pub bytes: u64,
}

#[derive(Debug, Serialize)]
pub struct Finding {
    pub backend: Backend,
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct Mismatch {
    pub backend: Backend,
    pub key: String,
    pub recorded: String,
    pub actual: String,
}

#[derive(Debug, Serialize)]
pub struct PendingDeletion {
    pub backend: String,
    pub key: String,
    pub attempts: i64,
    pub last_error: Option<String>,
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
            let listing = listing?;
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
            None => continue, // a backend this process is not configured for
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
                let (_, digest) = storage
                    .digest(r.backend, &StorageKey::new(r.key.clone())?)
                    .await?;
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
                let (size, digest) = storage
                    .digest(r.backend, &StorageKey::new(r.key.clone())?)
                    .await?;
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

/// The report for people.
pub fn describe(report: &Report) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for b in &report.backends {
        let _ = writeln!(
            out,
            "{}: {} objects, {} bytes",
            b.backend.as_str(),
            b.objects,
            b.bytes
        );
    }
    let mut section = |title: &str, lines: Vec<String>| {
        if !lines.is_empty() {
            let _ = writeln!(out, "\n{title} ({}):", lines.len());
            for l in lines {
                let _ = writeln!(out, "  {l}");
            }
        }
    };
    section(
        "records without objects",
        report
            .missing_objects
            .iter()
            .map(|f| format!("{} {}", f.backend.as_str(), f.key))
            .collect(),
    );
    section(
        "objects without records",
        report
            .orphan_objects
            .iter()
            .map(|f| {
                format!(
                    "{} {} ({} bytes)",
                    f.backend.as_str(),
                    f.key,
                    f.size.unwrap_or(0)
                )
            })
            .collect(),
    );
    section(
        "size mismatches",
        report
            .size_mismatches
            .iter()
            .map(|m| {
                format!(
                    "{} {}: recorded {}, stored {}",
                    m.backend.as_str(),
                    m.key,
                    m.recorded,
                    m.actual
                )
            })
            .collect(),
    );
    section(
        "SHA-256 mismatches",
        report
            .hash_mismatches
            .iter()
            .map(|m| {
                format!(
                    "{} {}: recorded {}, stored {}",
                    m.backend.as_str(),
                    m.key,
                    m.recorded,
                    m.actual
                )
            })
            .collect(),
    );
    section(
        "deletions waiting to be retried",
        report
            .pending_deletions
            .iter()
            .map(|p| {
                format!(
                    "{} {} after {} attempts: {}",
                    p.backend,
                    p.key,
                    p.attempts,
                    p.last_error.as_deref().unwrap_or("not tried yet")
                )
            })
            .collect(),
    );
    if report.unverified > 0 {
        let _ = writeln!(
            out,
            "\n{} older records have no size or hash yet (`--repair` records them).",
            report.unverified
        );
    }
    if report.writing > 0 {
        let _ = writeln!(out, "{} objects are being written.", report.writing);
    }
    if report.removed_orphans > 0 || report.recorded_digests > 0 {
        let _ = writeln!(
            out,
            "\nrepaired: {} orphan objects removed, {} digests recorded.",
            report.removed_orphans, report.recorded_digests
        );
    }
    if !report.has_problems() {
        let _ = writeln!(out, "\nstorage and records agree.");
    }
    out
}
