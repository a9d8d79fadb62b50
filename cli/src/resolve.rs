//! Projects and folders named on the command line (by id or by name), and the names and
//! paths a server sends, checked before anything is written: a path in an answer is as
//! untrusted as one typed by a stranger.

use shared::project_path::normalise;
use unicode_normalization::UnicodeNormalization;

use crate::api::{Api, Folder, Manifest, ProjectTree};
use crate::error::{CliError, Result};

fn same_name(a: &str, b: &str) -> bool {
    let fold = |s: &str| s.trim().nfc().collect::<String>().to_lowercase();
    fold(a) == fold(b)
}

/// The project `wanted` names: its id, else its name (ignoring case).
pub async fn project(api: &Api, wanted: &str) -> Result<ProjectTree> {
    let all = api
        .projects()
        .await
        .map_err(|e| e.into_cli("listing your projects"))?;
    let found: Vec<_> = match all.iter().find(|p| p.id == wanted) {
        Some(p) => vec![p],
        None => all.iter().filter(|p| same_name(&p.name, wanted)).collect(),
    };
    match found.as_slice() {
        [one] => api
            .project(&one.id)
            .await
            .map_err(|e| e.into_cli(&format!("project '{}'", one.name))),
        [] => {
            let names: Vec<String> = all.iter().map(|p| format!("'{}'", p.name)).collect();
            let listed = if names.is_empty() {
                "you have none yet".to_string()
            } else {
                format!("yours are {}", names.join(", "))
            };
            Err(CliError::not_found(format!(
                "no project '{wanted}'; {listed} (`aitoolbox projects` shows their ids)"
            )))
        }
        many => {
            let ids: Vec<&str> = many.iter().map(|p| p.id.as_str()).collect();
            Err(CliError::usage(format!(
                "{} projects are named '{wanted}': name one by its id ({})",
                many.len(),
                ids.join(", ")
            )))
        }
    }
}

/// The folder `wanted` names in `tree`: its id, else its name (ignoring case).
pub fn folder<'a>(tree: &'a ProjectTree, wanted: &str) -> Result<&'a Folder> {
    if let Some(f) = tree.folders.iter().find(|f| f.id == wanted) {
        return Ok(f);
    }
    let found: Vec<&Folder> = tree
        .folders
        .iter()
        .filter(|f| same_name(&f.name, wanted))
        .collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => {
            let names: Vec<String> = tree
                .folders
                .iter()
                .map(|f| format!("'{}'", f.name))
                .collect();
            let listed = if names.is_empty() {
                "it has none".to_string()
            } else {
                format!("folders are: {}", names.join(", "))
            };
            Err(CliError::not_found(format!(
                "no such folder '{wanted}' in project '{}'; {listed}",
                tree.project.name
            )))
        }
        many => Err(CliError::usage(format!(
            "{} folders are named '{wanted}': name one by its id",
            many.len()
        ))),
    }
}

/// The files of `folder` (paths unchecked: see [`safe_path`]).
pub async fn manifest(api: &Api, tree: &ProjectTree, folder: &Folder) -> Result<Manifest> {
    api.manifest(&tree.project.id, &folder.id)
        .await
        .map_err(|e| e.into_cli(&format!("folder '{}'", folder.name)))
}

/// A path from the server that may be written under a local folder: exactly what the
/// server's own rules accept (relative, no `..`, no backslash, NFC, portable names).
pub fn safe_path(path: &str) -> Result<&str> {
    match normalise(path) {
        Ok(clean) if clean == path => Ok(path),
        Ok(_) => Err(unsafe_path(path, "it is not in its normal Unicode form")),
        Err(problem) => Err(unsafe_path(path, &format!("{problem:?}").to_lowercase())),
    }
}

/// A folder or project name from the server that becomes one local directory name.
pub fn safe_name(name: &str) -> Result<&str> {
    safe_path(name)?;
    if name.contains('/') {
        return Err(unsafe_path(name, "a folder name holds a slash"));
    }
    Ok(name)
}

fn unsafe_path(path: &str, why: &str) -> CliError {
    CliError::safety(format!(
        "the server sent an unsafe path {path:?} ({why}); nothing was written. Is the server address right?"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Exit;

    #[test]
    fn hostile_paths_from_a_server_are_refused() {
        for bad in [
            "../etc/passwd",
            "/etc/passwd",
            "a/../../b",
            "C:/x",
            "a\\b",
            "U\u{0308}ber.wav",
            "",
        ] {
            assert_eq!(
                safe_path(bad).err().map(|e| e.exit),
                Some(Exit::Safety),
                "{bad:?}"
            );
        }
        assert_eq!(safe_path("Media/drums.wav").unwrap(), "Media/drums.wav");
        assert!(safe_name("02 Mixing").is_ok());
        assert!(safe_name("a/b").is_err());
        assert!(safe_name("..").is_err());
    }

    #[test]
    fn names_match_ignoring_case_and_unicode_form() {
        assert!(same_name("02 Mixing", "02 mixing"));
        assert!(same_name("U\u{0308}ber", "Über"));
        assert!(!same_name("02 Mixing", "02 Mixng"));
    }
}
