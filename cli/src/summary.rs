//! What a run did: printed for people at the end, or as one JSON object with `--json`.

use std::time::Instant;

use serde::Serialize;

use crate::error::{CliError, Exit};

#[derive(Debug, Serialize)]
pub struct Failure {
    pub path: String,
    pub error: String,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub command: &'static str,
    pub project: String,
    pub dry_run: bool,
    pub uploaded: Vec<String>,
    pub updated: Vec<String>,
    pub downloaded: Vec<String>,
    pub deleted: Vec<String>,
    pub unchanged: usize,
    /// Symbolic links, which are not followed.
    pub skipped: usize,
    pub failed: Vec<Failure>,
    pub bytes: u64,
    pub seconds: f64,
    /// The run's exit code (also the process's).
    pub exit: i32,
    /// Said to the user after the summary (what a real run would stop at, in a dry run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip)]
    started: Option<Instant>,
    /// The most telling failure kind: a refused token ends the run as "not signed in".
    #[serde(skip)]
    worst: Exit,
}

impl Summary {
    pub fn new(command: &'static str, project: &str, dry_run: bool) -> Summary {
        Summary {
            command,
            project: project.to_string(),
            dry_run,
            uploaded: Vec::new(),
            updated: Vec::new(),
            downloaded: Vec::new(),
            deleted: Vec::new(),
            unchanged: 0,
            skipped: 0,
            failed: Vec::new(),
            bytes: 0,
            seconds: 0.0,
            exit: 0,
            note: None,
            started: Some(Instant::now()),
            worst: Exit::TransfersFailed,
        }
    }

    pub fn fail(&mut self, path: &str, error: CliError) {
        if error.exit == Exit::NotSignedIn {
            self.worst = Exit::NotSignedIn;
        }
        self.failed.push(Failure {
            path: path.to_string(),
            error: error.message,
        });
    }

    /// Prints the summary and ends the run: exit code 1 when any file failed (3 when the
    /// server stopped accepting the token midway).
    pub fn finish(mut self, json: bool) -> Result<(), CliError> {
        self.seconds = self.started.map_or(0.0, |s| s.elapsed().as_secs_f64());
        let outcome = match (self.failed.len(), self.worst) {
            (0, _) => Ok(()),
            (_, Exit::NotSignedIn) => Err(CliError::not_signed_in(format!(
                "the server refused your token midway: {}",
                crate::error::SIGN_IN
            ))),
            (n, _) => Err(CliError::failed(format!(
                "{n} files failed; run the same command again to retry them"
            ))),
        };
        self.exit = outcome.as_ref().err().map_or(0, |e| e.exit as i32);
        if json {
            println!("{}", serde_json::to_string(&self).expect("plain data"));
        } else {
            self.print();
        }
        outcome.map_err(|mut e| {
            e.reported = json;
            e
        })
    }

    fn print(&self) {
        let verb = if self.dry_run { "would be " } else { "" };
        let mut parts = Vec::new();
        for (n, what) in [
            (self.uploaded.len(), "uploaded"),
            (self.updated.len(), "updated"),
            (self.downloaded.len(), "downloaded"),
            (self.deleted.len(), "deleted"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {verb}{what}"));
            }
        }
        parts.push(format!("{} unchanged", self.unchanged));
        if self.skipped > 0 {
            parts.push(format!("{} skipped", self.skipped));
        }
        if !self.failed.is_empty() {
            parts.push(format!("{} failed", self.failed.len()));
        }
        let rate = if self.seconds > 0.0 && self.bytes > 0 {
            format!(" ({}/s)", size(self.bytes as f64 / self.seconds))
        } else {
            String::new()
        };
        println!(
            "{}: {}; {} in {:.1} s{rate}",
            self.project,
            parts.join(", "),
            size(self.bytes as f64),
            self.seconds
        );
        // Every deletion is named; in a dry run, every change.
        let listed: [(&Vec<String>, &str, bool); 4] = [
            (&self.uploaded, "+", self.dry_run),
            (&self.updated, "~", self.dry_run),
            (&self.downloaded, "v", self.dry_run),
            (&self.deleted, "-", true),
        ];
        for (paths, mark, shown) in listed {
            for p in paths.iter().filter(|_| shown) {
                println!("  {mark} {p}");
            }
        }
        for f in &self.failed {
            println!("  failed: {}", f.error);
        }
        if let Some(note) = &self.note {
            println!("{note}");
        }
    }
}

/// `1536` → `1.5 KiB`.
pub fn size(bytes: f64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1024.0 && unit < units.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{value:.0} B")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(super::size(0.0), "0 B");
        assert_eq!(super::size(1536.0), "1.5 KiB");
        assert_eq!(super::size(1073741824.0), "1.0 GiB");
    }
}
