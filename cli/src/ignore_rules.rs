//! Which local files are never uploaded: defaults for what DAWs and operating systems leave
//! behind, then the global ignore file in the config directory, then the `.aiproxyignore`
//! (read for users of the original client) and `.aitoolboxignore` of the local folder and of
//! each folder inside it, then `--exclude`. All in gitignore syntax, with git's precedence: a
//! later source wins and a deeper folder's file wins over a shallower one's, so a local
//! `!Backup/` brings back what a default leaves out, for that folder and below.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;

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

/// The ignore files of a folder, lowest priority first.
pub const LOCAL_FILES: &[&str] = &[".aiproxyignore", ".aitoolboxignore"];
/// The global ignore file's name in the config directory.
pub const GLOBAL_FILE: &str = ".aitoolboxignore";

pub struct IgnoreRules {
    root: PathBuf,
    /// The defaults and the global file.
    base: Gitignore,
    /// The ignore files of the local folder (`""`) and of folders inside it, by their path.
    folders: BTreeMap<String, Gitignore>,
    /// `--exclude`, above everything.
    excludes: Gitignore,
}

impl IgnoreRules {
    /// The rules for the local folder `root`, with its own ignore files read (those of the
    /// folders inside it are read by [`IgnoreRules::read_folder`] as a walk enters them).
    pub fn load(root: &Path, config_dir: Option<&Path>, excludes: &[String]) -> Result<Self> {
        let mut base = GitignoreBuilder::new(root);
        for line in DEFAULTS {
            add(&mut base, line, "the defaults")?;
        }
        if let Some(global) = config_dir.map(|d| d.join(GLOBAL_FILE)) {
            add_file(&mut base, &global)?;
        }
        let mut cli = GitignoreBuilder::new(root);
        for line in excludes {
            add(&mut cli, line, "--exclude")?;
        }
        let mut rules = IgnoreRules {
            root: root.to_path_buf(),
            base: build(base)?,
            folders: BTreeMap::new(),
            excludes: build(cli)?,
        };
        rules.read_folder("")?;
        Ok(rules)
    }

    /// Reads the ignore files of the folder at `relative` (`""`: the local folder itself).
    pub fn read_folder(&mut self, relative: &str) -> Result<()> {
        let dir = self.root.join(relative);
        let mut builder = GitignoreBuilder::new(&dir);
        let mut found = false;
        for name in LOCAL_FILES {
            found |= add_file(&mut builder, &dir.join(name))?;
        }
        if found {
            self.folders.insert(relative.to_string(), build(builder)?);
        }
        Ok(())
    }

    /// Whether `relative` (a path under the root, `/`-separated) is left out.
    pub fn ignores(&self, relative: &str, is_dir: bool) -> bool {
        // Finder's custom-icon file; its name ends in a carriage return, which an ignore file
        // cannot hold on a line of its own.
        if !is_dir && relative.rsplit('/').next() == Some("Icon\r") {
            return true;
        }
        self.verdict(relative, is_dir).is_ignore()
    }

    /// Whether a remote file at `relative` is one these rules leave out locally (itself or a
    /// folder above it): a mirror never deletes what it was told not to look at, as rclone
    /// does without `--delete-excluded`.
    pub fn covers(&self, relative: &str) -> bool {
        let mut folders = relative.match_indices('/').map(|(at, _)| &relative[..at]);
        folders.any(|folder| self.ignores(folder, true)) || self.ignores(relative, false)
    }

    /// The strongest rule about `relative`: `--exclude`, then the ignore files from the
    /// deepest folder up, then the defaults and the global file.
    fn verdict(&self, relative: &str, is_dir: bool) -> Match<()> {
        let found = self.excludes.matched(relative, is_dir);
        if !found.is_none() {
            return found.map(drop);
        }
        let folders = relative
            .rmatch_indices('/')
            .map(|(at, _)| (&relative[..at], &relative[at + 1..]))
            .chain(std::iter::once(("", relative)));
        for (folder, below) in folders {
            if let Some(rules) = self.folders.get(folder) {
                let found = rules.matched(below, is_dir);
                if !found.is_none() {
                    return found.map(drop);
                }
            }
        }
        self.base.matched(relative, is_dir).map(drop)
    }
}

/// Adds the lines of `file` if it exists; whether it did.
fn add_file(builder: &mut GitignoreBuilder, file: &Path) -> Result<bool> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(CliError::local("cannot read", file, e)),
    };
    for line in text.lines() {
        add(builder, line, &file.display().to_string())?;
    }
    Ok(true)
}

fn build(builder: GitignoreBuilder) -> Result<Gitignore> {
    builder
        .build()
        .map_err(|e| CliError::usage(format!("ignore rules: {e}")))
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
    fn a_subfolder_file_rules_its_folder_and_below() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".aitoolboxignore"), "*.wav\n").unwrap();
        std::fs::create_dir_all(dir.path().join("Stems/Old")).unwrap();
        std::fs::write(dir.path().join("Stems/.aitoolboxignore"), "!*.wav\nOld/\n").unwrap();
        let mut r = rules(dir.path(), &["Stems/drums.wav"]);
        r.read_folder("Stems").unwrap();
        assert!(r.ignores("mix.wav", false), "the top folder's rule");
        assert!(!r.ignores("Stems/bass.wav", false), "the deeper file wins");
        assert!(
            r.ignores("Stems/drums.wav", false),
            "--exclude wins over both"
        );
        assert!(r.ignores("Stems/Old", true));
        assert!(
            r.covers("Stems/Old/bass.wav"),
            "a file under an ignored folder"
        );
        assert!(!r.covers("Stems/bass.wav"));
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
