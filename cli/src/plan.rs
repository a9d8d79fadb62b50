//! What a run will do, decided before a byte moves, and the safety rules that stop it: the
//! part worth testing without a network.

use std::collections::{BTreeMap, BTreeSet};

use shared::project_path::{collision_key, parents};

use crate::api::RemoteFile;
use crate::error::{CliError, Result};

/// The default delete limit: more than this many files, or more than half the remote
/// folder, needs `--max-delete`.
pub const DEFAULT_MAX_DELETE: usize = 50;

/// Local → remote.
#[derive(Debug, Default, PartialEq)]
pub struct MirrorPlan {
    /// Not on the server yet.
    pub upload: Vec<String>,
    /// On the server with other content (replaced).
    pub update: Vec<String>,
    /// Only on the server.
    pub delete: Vec<RemoteFile>,
    pub unchanged: usize,
}

/// Compares local hashes (path → SHA-256) with the remote folder. Paths are matched as the
/// server matches them, by collision key: a file renamed only in case (`mix.wav` → `Mix.wav`)
/// is an update under its new name, never an upload of a twin plus a delete of the original.
pub fn mirror(local: &BTreeMap<String, String>, remote: &[RemoteFile]) -> MirrorPlan {
    let remote_by_key: BTreeMap<String, &RemoteFile> =
        remote.iter().map(|f| (collision_key(&f.path), f)).collect();
    let local_keys: BTreeSet<String> = local.keys().map(|p| collision_key(p)).collect();
    let mut plan = MirrorPlan::default();
    for (path, sha) in local {
        match remote_by_key.get(&collision_key(path)) {
            None => plan.upload.push(path.clone()),
            Some(r) if r.path == *path && r.sha256.eq_ignore_ascii_case(sha) => plan.unchanged += 1,
            Some(_) => plan.update.push(path.clone()),
        }
    }
    plan.delete = remote
        .iter()
        .filter(|f| !local_keys.contains(&collision_key(&f.path)))
        .cloned()
        .collect();
    plan
}

/// Splits a mirror's deletes into those in the way of an upload, which go just before the
/// uploads they block, and the rest, which wait until every upload succeeded. A remote file is in the way where the local side
/// now has a folder of its name (`Takes` → `Takes/1.wav`) or a file of the name of its
/// folder (`Takes/1.wav` → `Takes`): the server keeps one of the two, as a disk does.
pub fn in_the_way(deletes: &[RemoteFile], uploads: &[&str]) -> (Vec<RemoteFile>, Vec<RemoteFile>) {
    let files: BTreeSet<String> = uploads.iter().map(|p| collision_key(p)).collect();
    let folders: BTreeSet<&str> = files.iter().flat_map(|k| parents(k)).collect();
    deletes.iter().cloned().partition(|f| {
        let key = collision_key(&f.path);
        folders.contains(key.as_str()) || parents(&key).any(|p| files.contains(p))
    })
}

/// Whether remote file `remote` is in the way of uploading `upload` (one names a folder of
/// the other, up to case).
pub fn blocks(remote: &str, upload: &str) -> bool {
    let (r, u) = (collision_key(remote), collision_key(upload));
    parents(&u).any(|p| p == r) || parents(&r).any(|p| p == u)
}

/// Whether the deletes of a mirror may go ahead: never when the local folder is empty (a
/// wrong path must not wipe the remote folder), and above the limit only when allowed.
pub fn check_deletes(
    deletes: usize,
    remote_files: usize,
    local_files: usize,
    max_delete: Option<usize>,
) -> Result<()> {
    if deletes == 0 {
        return Ok(());
    }
    if local_files == 0 {
        return Err(CliError::safety(format!(
            "the local folder is empty: mirroring it would delete all {remote_files} remote files. Nothing was changed; check the path"
        )));
    }
    let allowed = match max_delete {
        Some(n) => deletes <= n,
        None => deletes <= DEFAULT_MAX_DELETE && deletes * 2 <= remote_files,
    };
    if allowed {
        return Ok(());
    }
    let why = match max_delete {
        Some(n) => format!("above --max-delete {n}"),
        None if deletes > DEFAULT_MAX_DELETE => format!("more than {DEFAULT_MAX_DELETE}"),
        None => format!("more than half of the {remote_files} remote files"),
    };
    Err(CliError::safety(format!(
        "this mirror would delete {deletes} remote files, {why}. Nothing was changed; check with --dry-run, then allow it with --max-delete {deletes}"
    )))
}

/// What a local file is, next to the server's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalState {
    Missing,
    Same,
    Different,
}

/// Remote → local.
#[derive(Debug, Default, PartialEq)]
pub struct DownloadPlan {
    /// Indexes into the remote list.
    pub fetch: Vec<usize>,
    pub same: usize,
    /// Local files with other content, which only `--force` replaces.
    pub conflicts: Vec<String>,
}

pub fn download(states: &[LocalState], paths: &[&str], force: bool) -> DownloadPlan {
    let mut plan = DownloadPlan::default();
    for (i, state) in states.iter().enumerate() {
        match state {
            LocalState::Missing => plan.fetch.push(i),
            LocalState::Same => plan.same += 1,
            LocalState::Different if force => plan.fetch.push(i),
            LocalState::Different => plan.conflicts.push(paths[i].to_string()),
        }
    }
    plan
}

/// Refuses a run that would overwrite files with other content, naming them; `which` says
/// whose ("local files differ from the server's").
pub fn check_conflicts(conflicts: &[String], which: &str) -> Result<()> {
    if conflicts.is_empty() {
        return Ok(());
    }
    let shown: Vec<&str> = conflicts.iter().take(20).map(String::as_str).collect();
    let more = conflicts.len().saturating_sub(shown.len());
    Err(CliError::safety(format!(
        "{} {which} and would be overwritten:\n  {}{}\nNothing was changed; keep them elsewhere, or replace them with --force",
        conflicts.len(),
        shown.join("\n  "),
        if more > 0 { format!("\n  … and {more} more") } else { String::new() }
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    fn remote(path: &str, sha: &str) -> RemoteFile {
        RemoteFile {
            id: format!("id-{path}"),
            path: path.into(),
            size: 1,
            sha256: sha.into(),
        }
    }

    #[test]
    fn a_mirror_uploads_new_updates_changed_and_deletes_remote_only() {
        let local: BTreeMap<String, String> = [("a", "1"), ("b", "2"), ("c", "3")]
            .iter()
            .map(|(p, h)| (p.to_string(), h.to_string()))
            .collect();
        let plan = mirror(
            &local,
            &[remote("a", "1"), remote("b", "9"), remote("z", "5")],
        );
        assert_eq!(plan.upload, ["c"]);
        assert_eq!(plan.update, ["b"]);
        assert_eq!(
            plan.delete
                .iter()
                .map(|f| f.path.as_str())
                .collect::<Vec<_>>(),
            ["z"]
        );
        assert_eq!(plan.unchanged, 1);
    }

    #[test]
    fn a_rename_in_case_only_updates_the_remote_file() {
        let local: BTreeMap<String, String> = [("Mix.wav".to_string(), "1".to_string())].into();
        let plan = mirror(&local, &[remote("mix.wav", "1")]);
        assert_eq!(plan.update, ["Mix.wav"]);
        assert!(plan.upload.is_empty() && plan.delete.is_empty());
    }

    #[test]
    fn a_file_turned_folder_is_deleted_before_its_files_go_up() {
        let deletes = [
            remote("Takes", "1"),
            remote("Old/a.wav", "2"),
            remote("bounce.wav", "3"),
        ];
        let (first, later) = in_the_way(&deletes, &["takes/1.wav", "Old"]);
        let paths = |v: &[RemoteFile]| v.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&first), ["Takes", "Old/a.wav"]);
        assert_eq!(paths(&later), ["bounce.wav"]);
        assert!(blocks("Takes", "takes/1.wav") && blocks("Old/a.wav", "old"));
        assert!(!blocks("Takes", "Takes.wav") && !blocks("bounce.wav", "bounce.wav"));
    }

    #[test]
    fn destructive_mirrors_stop() {
        let stop = |r: Result<()>| r.err().map(|e| e.exit);
        assert_eq!(stop(check_deletes(0, 100, 0, None)), None);
        assert_eq!(
            stop(check_deletes(3, 3, 0, Some(1000))),
            Some(Exit::Safety),
            "empty local folder"
        );
        assert_eq!(
            stop(check_deletes(51, 1000, 900, None)),
            Some(Exit::Safety),
            "over 50"
        );
        assert_eq!(
            stop(check_deletes(6, 10, 4, None)),
            Some(Exit::Safety),
            "over half"
        );
        assert_eq!(stop(check_deletes(5, 10, 5, None)), None, "half is allowed");
        assert_eq!(stop(check_deletes(51, 1000, 900, Some(51))), None);
        assert_eq!(
            stop(check_deletes(52, 1000, 900, Some(51))),
            Some(Exit::Safety)
        );
    }

    #[test]
    fn local_changes_are_never_overwritten_unasked() {
        use LocalState::*;
        let states = [Missing, Same, Different];
        let paths = ["new", "same", "edited"];
        let plan = download(&states, &paths, false);
        assert_eq!(
            (plan.fetch.clone(), plan.same, plan.conflicts.clone()),
            (vec![0], 1, vec!["edited".to_string()])
        );
        assert_eq!(
            check_conflicts(&plan.conflicts, "local files differ")
                .err()
                .unwrap()
                .exit,
            Exit::Safety
        );
        assert_eq!(download(&states, &paths, true).fetch, [0, 2]);
    }
}
