//! What `storage check` found, as JSON (`--json`) and for people.

use std::fmt::Write;

use serde::Serialize;

use crate::infra::storage::Backend;

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
    /// Records on a backend this process is not configured for (not checked).
    pub unchecked: u64,
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

fn finding(f: &Finding) -> String {
    match f.size {
        Some(size) => format!("{} {} ({size} bytes)", f.backend.as_str(), f.key),
        None => format!("{} {}", f.backend.as_str(), f.key),
    }
}

fn mismatch(m: &Mismatch) -> String {
    format!(
        "{} {}: recorded {}, stored {}",
        m.backend.as_str(),
        m.key,
        m.recorded,
        m.actual
    )
}

/// The report for people.
pub fn describe(report: &Report) -> String {
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
        report.missing_objects.iter().map(finding).collect(),
    );
    section(
        "objects without records",
        report.orphan_objects.iter().map(finding).collect(),
    );
    section(
        "size mismatches",
        report.size_mismatches.iter().map(mismatch).collect(),
    );
    section(
        "SHA-256 mismatches",
        report.hash_mismatches.iter().map(mismatch).collect(),
    );
    let waiting = report.pending_deletions.iter().map(|p| {
        let why = p.last_error.as_deref().unwrap_or("not tried yet");
        format!(
            "{} {} after {} attempts: {why}",
            p.backend, p.key, p.attempts
        )
    });
    section("deletions waiting to be retried", waiting.collect());
    if report.unverified > 0 {
        let _ = writeln!(
            out,
            "\n{} older records have no size or hash yet (`--repair` records them).",
            report.unverified
        );
    }
    if report.unchecked > 0 {
        let _ = writeln!(
            out,
            "{} records are on a backend this configuration does not reach; not checked.",
            report.unchecked
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
    if !report.has_problems() && report.unchecked == 0 {
        let _ = writeln!(out, "\nstorage and records agree.");
    }
    out
}
