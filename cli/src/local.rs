//! The local side: walking a folder (ignore rules applied, names in NFC as the server keeps
//! them, since macOS writes NFD) and hashing files without holding them in memory.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use crate::error::{CliError, Result};
use crate::ignore_rules::IgnoreRules;

#[derive(Debug, Clone)]
pub struct LocalFile {
    /// `/`-separated, NFC, relative to the walked folder.
    pub path: String,
    pub abs: PathBuf,
    pub size: u64,
    /// Unix milliseconds.
    pub modified_ms: Option<i64>,
}

/// What a walk found: files by path, and what could not be taken (with the reason).
#[derive(Debug, Default)]
pub struct Walk {
    pub files: BTreeMap<String, LocalFile>,
    pub refused: Vec<(String, String)>,
    /// Symbolic links, which are not followed (and not deleted remotely by a mirror).
    pub skipped_links: Vec<String>,
}

/// Walks `root`; a missing root is an error (a typo in a path must never read as "empty").
/// The ignore files of each folder it enters join `rules`.
pub fn walk(root: &Path, rules: &mut IgnoreRules) -> Result<Walk> {
    let meta = std::fs::metadata(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => CliError::usage(format!(
            "the local folder {} does not exist",
            root.display()
        )),
        _ => CliError::local("cannot read", root, e),
    })?;
    if !meta.is_dir() {
        return Err(CliError::usage(format!(
            "{} is not a folder",
            root.display()
        )));
    }
    let mut out = Walk::default();
    let mut stack = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = stack.pop() {
        if !prefix.is_empty() {
            rules.read_folder(&prefix)?;
        }
        let entries =
            std::fs::read_dir(&dir).map_err(|e| CliError::local("cannot read", &dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| CliError::local("cannot read", &dir, e))?;
            let Some(name) = entry
                .file_name()
                .to_str()
                .map(|n| n.nfc().collect::<String>())
            else {
                let shown = entry.path().display().to_string();
                out.refused
                    .push((shown, "the name is not valid Unicode".into()));
                continue;
            };
            let rel = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            let kind = entry
                .file_type()
                .map_err(|e| CliError::local("cannot read", &entry.path(), e))?;
            if kind.is_symlink() {
                out.skipped_links.push(rel);
                continue;
            }
            if rules.ignores(&rel, kind.is_dir()) {
                continue;
            }
            if kind.is_dir() {
                stack.push((entry.path(), rel));
            } else if kind.is_file() {
                let meta = entry
                    .metadata()
                    .map_err(|e| CliError::local("cannot read", &entry.path(), e))?;
                let modified_ms = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_millis() as i64);
                if out.files.contains_key(&rel) {
                    // Two names that differ only in Unicode form (NFC and NFD side by side).
                    out.refused.push((
                        rel,
                        "another file has the same name in another Unicode form".into(),
                    ));
                    continue;
                }
                let file = LocalFile {
                    path: rel.clone(),
                    abs: entry.path(),
                    size: meta.len(),
                    modified_ms,
                };
                out.files.insert(rel, file);
            }
        }
    }
    Ok(out)
}

/// The SHA-256 of a file, read in 1 MiB pieces (lowercase hex).
pub fn sha256_of(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// [`sha256_of`] off the async threads.
pub async fn hash(path: PathBuf) -> Result<String> {
    let shown = path.clone();
    tokio::task::spawn_blocking(move || sha256_of(&path))
        .await
        .expect("hashing does not panic")
        .map_err(|e| CliError::local("cannot read", &shown, e))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_finds_files_in_nfc_and_leaves_out_what_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("Media/Backup")).unwrap();
        std::fs::write(root.join("Media/U\u{0308}ber.wav"), b"x").unwrap();
        std::fs::write(root.join("Media/Backup/old.als"), b"x").unwrap();
        std::fs::write(root.join(".DS_Store"), b"x").unwrap();
        std::fs::write(root.join("Song.als"), b"song").unwrap();
        let mut rules = IgnoreRules::load(root, None, &[]).unwrap();
        let found = walk(root, &mut rules).unwrap();
        let paths: Vec<&str> = found.files.keys().map(String::as_str).collect();
        assert_eq!(paths, ["Media/\u{00DC}ber.wav", "Song.als"]);
        assert_eq!(found.files["Song.als"].size, 4);
        assert!(walk(&root.join("missing"), &mut rules).is_err());
    }

    #[test]
    fn hashes_are_sha256() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a");
        std::fs::write(&path, b"abc").unwrap();
        assert_eq!(
            sha256_of(&path).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
