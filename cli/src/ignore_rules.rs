//! Which local files are never uploaded: defaults for what DAWs and operating systems leave
//! behind, then the global ignore file in the config directory, then the local folder's
//! `.aiproxyignore` (read for users of the original client) and `.aitoolboxignore`, then
//! `--exclude`. All in gitignore syntax; a later source wins, so a local `!Backup/` brings
//! back what a default leaves out.

use std::path::Path;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::error::{CliError, Result};

/// Left behind by macOS, Windows, Ableton Live, Logic Pro and Pro Tools, and by this client's
/// own interrupted downloads.
pub const DEFAULTS: &[&str] = &[
    ".DS_Store",
    "._*",
    ".Spotlight-V100/",
    ".Trashes/",
    "Thumbs.db",
    "desktop.ini",
    "*.tmp",
    "Backup/",
    "*.asd",
    "Autosave/",
    "Session File Backups/",
    "*.aitoolbox-part",
];

/// The local ignore files, lowest priority first.
pub const LOCAL_FILES: &[&str] = &[".aiproxyignore", ".aitoolboxignore"];
/// The global ignore file's name in the config directory.
pub const GLOBAL_FILE: &str = ".aitoolboxignore";

pub struct IgnoreRules {
    rules: Gitignore,
}

impl IgnoreRules {
    /// The rules for the local folder `root`.
    pub fn load(root: &Path, config_dir: Option<&Path>, excludes: &[String]) -> Result<Self> {
        let mut builder = GitignoreBuilder::new(root);
        for line in DEFAULTS {
            add(&mut builder, line, "the defaults")?;
        }
        let global = config_dir.map(|d| d.join(GLOBAL_FILE));
        let files = global
            .into_iter()
            .chain(LOCAL_FILES.iter().map(|f| root.join(f)));
        for file in files {
            let text = match std::fs::read_to_string(&file) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(CliError::local("cannot read", &file, e)),
            };
            for line in text.lines() {
                add(&mut builder, line, &file.display().to_string())?;
            }
        }
        for line in excludes {
            add(&mut builder, line, "--exclude")?;
        }
        let rules = builder
            .build()
            .map_err(|e| CliError::usage(format!("ignore rules: {e}")))?;
        Ok(IgnoreRules { rules })
    }

    /// Whether `relative` (a path under the root, `/`-separated) is left out.
    pub fn ignores(&self, relative: &str, is_dir: bool) -> bool {
        // Finder's custom-icon file; its name ends in a carriage return, which an ignore file
        // cannot hold on a line of its own.
        if !is_dir && relative.rsplit('/').next() == Some("Icon\r") {
            return true;
        }
        self.rules.matched(relative, is_dir).is_ignore()
    }
}

impl IgnoreRules {
    /// Whether a remote file at `relative` is one these rules leave out locally (itself or a
    /// folder above it): a mirror never deletes what it was told not to look at, as rclone
    /// does without `--delete-excluded`.
    pub fn covers(&self, relative: &str) -> bool {
        relative.rsplit('/').next() == Some("Icon\r")
            || self
                .rules
                .matched_path_or_any_parents(relative, false)
                .is_ignore()
    }
}

fn add(builder: &mut GitignoreBuilder, line: &str, source: &str) -> Result<()> {
    builder
        .add_line(None, line)
        .map(drop)
        .map_err(|e| CliError::usage(format!("ignore pattern '{line}' in {source}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(dir: &Path, excludes: &[&str]) -> IgnoreRules {
        let excludes: Vec<String> = excludes.iter().map(|s| s.to_string()).collect();
        IgnoreRules::load(dir, None, &excludes).unwrap()
    }

    #[test]
    fn what_daws_and_systems_leave_behind_stays_local() {
        let dir = tempfile::tempdir().unwrap();
        let r = rules(dir.path(), &[]);
        for path in [
            ".DS_Store",
            "Media/.DS_Store",
            "Thumbs.db",
            "take.tmp",
            "drums.wav.asd",
            "Icon\r",
        ] {
            assert!(r.ignores(path, false), "{path:?}");
        }
        for dir_path in [
            "Backup",
            "Song Project/Backup",
            "Autosave",
            "Session File Backups",
        ] {
            assert!(r.ignores(dir_path, true), "{dir_path:?}");
        }
        for path in ["Media/drums.wav", "Song.als", "Backup.wav", "Icon.png"] {
            assert!(!r.ignores(path, false), "{path:?}");
        }
    }

    #[test]
    fn the_local_file_wins_over_the_defaults_and_excludes_win_over_both() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".aitoolboxignore"), "!Backup/\n*.wav\n").unwrap();
        std::fs::write(dir.path().join(".aiproxyignore"), "*.mp3\n").unwrap();
        let r = rules(dir.path(), &["Bounces/"]);
        assert!(!r.ignores("Backup", true));
        assert!(r.ignores("Media/drums.wav", false));
        assert!(r.ignores("mix.mp3", false));
        assert!(r.ignores("Bounces", true));
        assert!(!r.ignores("Song.als", false));
        assert!(
            r.covers("Bounces/final/mix.wav"),
            "a file under an excluded folder"
        );
        assert!(!r.covers("Sessions/Song.als"));
    }

    #[test]
    fn a_bad_pattern_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let err = IgnoreRules::load(dir.path(), None, &["take[z-a].wav".to_string()])
            .err()
            .unwrap();
        assert!(err.message.contains("take[z-a].wav"), "{}", err.message);
    }
}
