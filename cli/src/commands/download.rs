//! `download` (one folder into a local folder) and `clone` (every folder of a project, empty
//! ones too, under their names). Files already there with the same content are skipped; ones
//! with other content stop the run unless `--force`; every path the server sends is checked
//! before anything is written.

use std::path::{Path, PathBuf};

use crate::api::{Api, RemoteFile};
use crate::args::{CloneArgs, DownloadArgs, Global, TransferArgs};
use crate::bwlimit::BandwidthLimit;
use crate::error::{CliError, Result};
use crate::local;
use crate::plan::{self, LocalState};
use crate::progress::Progress;
use crate::resolve;
use crate::summary::Summary;
use crate::transfer;
use shared::project_path::collision_key;

/// A file to bring down and where it goes.
struct Wanted {
    file: RemoteFile,
    /// The local folder the run writes into.
    root: PathBuf,
    dest: PathBuf,
    /// As shown: the path under the local folder.
    shown: String,
}

pub async fn download(global: &Global, args: &DownloadArgs) -> Result<()> {
    let api = super::session(global)?;
    let tree = resolve::project(&api, &args.project).await?;
    let folder = resolve::folder(&tree, &args.folder)?;
    let manifest = resolve::manifest(&api, &tree, folder).await?;
    let mut wanted = Vec::new();
    for file in manifest.files {
        let path = resolve::safe_path(&file.path)?.to_string();
        wanted.push(Wanted {
            root: args.path.clone(),
            dest: args.path.join(&path),
            shown: path,
            file,
        });
    }
    if !args.transfer.dry_run {
        create_dir(&args.path)?;
    }
    let summary = Summary::new("download", &tree.project.name, args.transfer.dry_run);
    bring_down(
        &api,
        global,
        &tree.project.id,
        wanted,
        args.force,
        &args.transfer,
        summary,
    )
    .await
}

pub async fn clone(global: &Global, args: &CloneArgs) -> Result<()> {
    let api = super::session(global)?;
    let tree = resolve::project(&api, &args.project).await?;
    let root = if args.create_dir {
        args.path
            .join(resolve::safe_name(&tree.project.name).map_err(|_| {
                CliError::usage(format!(
                    "the project's name '{}' cannot be a folder name here: give a PATH without -d",
                    tree.project.name
                ))
            })?)
    } else {
        args.path.clone()
    };
    let mut wanted = Vec::new();
    let mut folders = Vec::new();
    for folder in &tree.folders {
        let name = resolve::safe_name(&folder.name)?;
        let manifest = resolve::manifest(&api, &tree, folder).await?;
        for file in manifest.files {
            let path = format!("{name}/{}", resolve::safe_path(&file.path)?);
            wanted.push(Wanted {
                root: root.clone(),
                dest: root.join(&path),
                shown: path,
                file,
            });
        }
        folders.push(root.join(name));
    }
    let dry_run = args.transfer.dry_run;
    if !dry_run {
        for dir in &folders {
            create_dir(dir)?;
        }
    }
    let summary = Summary::new("clone", &tree.project.name, dry_run);
    let done = bring_down(
        &api,
        global,
        &tree.project.id,
        wanted,
        args.force,
        &args.transfer,
        summary,
    )
    .await;
    if done.is_ok() && !dry_run {
        super::mirror::set_synced(&api, &tree.project.id).await;
    }
    done
}

/// The first symbolic link among `root/shown`'s folders and the file itself, if any.
fn link_on_the_way(root: &Path, shown: &str) -> Option<PathBuf> {
    let mut at = root.to_path_buf();
    for part in shown.split('/') {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => return Some(at),
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| CliError::local("cannot create", dir, e))
}

/// Compares `wanted` with what is on disk, stops on local changes (unless `force`), then
/// downloads what is missing or different.
async fn bring_down(
    api: &Api,
    global: &Global,
    project: &str,
    wanted: Vec<Wanted>,
    force: bool,
    t: &TransferArgs,
    mut summary: Summary,
) -> Result<()> {
    refuse_case_twins(&wanted)?;
    let states = super::run_parallel(
        t.transfers.max(2),
        wanted.iter().enumerate().map(|(i, w)| local_state(i, w)),
    )
    .await;
    let states = states.into_iter().collect::<Result<Vec<_>>>()?;
    // `run_parallel` answers in any order: states carry their index.
    let mut ordered = vec![LocalState::Missing; wanted.len()];
    for (i, state) in states {
        ordered[i] = state;
    }
    let paths: Vec<&str> = wanted.iter().map(|w| w.shown.as_str()).collect();
    let plan = plan::download(&ordered, &paths, force);
    plan::check_conflicts(&plan.conflicts, "local files differ from the server's")?;
    summary.unchanged = plan.same;
    if t.dry_run {
        summary.downloaded = plan
            .fetch
            .iter()
            .map(|&i| wanted[i].shown.clone())
            .collect();
        return summary.finish(global.json);
    }
    let total = plan.fetch.iter().map(|&i| wanted[i].file.size).sum();
    let progress = Progress::new(total, plan.fetch.len(), global.json);
    progress.label("downloading");
    let limit = BandwidthLimit::new(t.bwlimit);
    let results = super::run_parallel(
        t.transfers,
        plan.fetch.iter().map(|&i| {
            let (w, progress, limit) = (&wanted[i], progress.clone(), limit.clone());
            let replace = ordered[i] == LocalState::Different;
            async move {
                let bar = progress.file(&w.shown, w.file.size);
                let done =
                    transfer::download(api, project, &w.file, &w.dest, replace, &limit, &bar).await;
                bar.finish();
                (w, done)
            }
        }),
    )
    .await;
    progress.finish();
    for (w, done) in results {
        match done {
            Ok(()) => {
                summary.bytes += w.file.size;
                summary.downloaded.push(w.shown.clone());
            }
            Err(err) => summary.fail(&w.shown, err.describe(&w.shown)),
        }
    }
    summary.finish(global.json)
}

/// Two server paths that differ only in case (`Mix.wav`, `mix.wav`) are one file on macOS and
/// Windows: one would silently replace the other, so neither is written.
fn refuse_case_twins(wanted: &[Wanted]) -> Result<()> {
    let mut seen = std::collections::HashMap::new();
    for w in wanted {
        if let Some(first) = seen.insert(collision_key(&w.shown), &w.shown) {
            return Err(CliError::safety(format!(
                "'{first}' and '{}' differ only in case and would be one file on macOS and Windows; rename one in the web app. Nothing was changed",
                w.shown
            )));
        }
    }
    Ok(())
}

/// Whether the file is already there, the same or different (size first, then SHA-256).
/// A symbolic link on the way stops the run: the download would land outside the folder.
async fn local_state(index: usize, w: &Wanted) -> Result<(usize, LocalState)> {
    if let Some(link) = link_on_the_way(&w.root, &w.shown) {
        return Err(CliError::safety(format!(
            "{} is a symbolic link: downloads do not write through links (the file would land outside {}). Nothing was changed",
            link.display(),
            w.root.display()
        )));
    }
    match tokio::fs::metadata(&w.dest).await {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((index, LocalState::Missing)),
        Err(e) => Err(CliError::local("cannot read", &w.dest, e)),
        Ok(meta) if !meta.is_file() => Err(CliError::safety(format!(
            "{} is in the way (not a file); nothing was changed",
            w.dest.display()
        ))),
        Ok(meta) if meta.len() != w.file.size => Ok((index, LocalState::Different)),
        Ok(_) => {
            let sha = local::hash(w.dest.clone()).await?;
            let same = sha.eq_ignore_ascii_case(&w.file.sha256);
            Ok((
                index,
                if same {
                    LocalState::Same
                } else {
                    LocalState::Different
                },
            ))
        }
    }
}
