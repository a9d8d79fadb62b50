//! Progress on a terminal: one bar per file in flight and one for the whole run, with rates
//! and time left. Silent when stderr is not a terminal or `--json` asks for one summary.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Clone)]
pub struct Progress {
    multi: MultiProgress,
    overall: ProgressBar,
    shown: bool,
}

impl Progress {
    pub fn new(total_bytes: u64, files: usize, quiet: bool) -> Progress {
        let shown = !quiet && std::io::stderr().is_terminal();
        let target = if shown {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let multi = MultiProgress::with_draw_target(target);
        let overall = multi.add(ProgressBar::new(total_bytes));
        overall.set_style(
            ProgressStyle::with_template(
                "{prefix:>12} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}",
            )
            .expect("a valid template")
            .progress_chars("=> "),
        );
        overall.set_prefix(format!("{files} files"));
        Progress {
            multi,
            overall,
            shown,
        }
    }

    /// Names what the overall bar counts ("hashing", "uploading").
    pub fn label(&self, text: &str) {
        self.overall.set_prefix(text.to_string());
    }

    /// Counts bytes done without a bar of their own (hashing).
    pub fn advance(&self, bytes: u64) {
        self.overall.inc(bytes);
    }

    /// A bar for one file; `finish` removes it.
    pub fn file(&self, name: &str, size: u64) -> FileBar {
        let bar = self
            .multi
            .insert_before(&self.overall, ProgressBar::new(size));
        bar.set_style(
            ProgressStyle::with_template(
                "{msg:40!} {bytes:>10}/{total_bytes:<10} {binary_bytes_per_sec:>12} {eta:>4}",
            )
            .expect("a valid template"),
        );
        bar.set_message(name.to_string());
        if self.shown {
            bar.enable_steady_tick(Duration::from_millis(250));
        }
        FileBar {
            bar,
            overall: self.overall.clone(),
        }
    }

    pub fn finish(&self) {
        self.overall.finish_and_clear();
    }
}

#[derive(Clone)]
pub struct FileBar {
    bar: ProgressBar,
    overall: ProgressBar,
}

impl FileBar {
    pub fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
        self.overall.inc(bytes);
    }

    /// Back to zero for another attempt (the overall bar gives back what this one counted).
    pub fn restart(&self) {
        let done = self.bar.position();
        self.overall
            .set_position(self.overall.position().saturating_sub(done));
        self.bar.set_position(0);
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}
