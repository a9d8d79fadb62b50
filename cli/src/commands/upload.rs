//! `upload` (local files into a project folder) and what `mirror` shares with it: reading
//! the local folder, hashing it, and comparing it with the remote folder's manifest.

use std::collections::BTreeMap;
use std::path::Path;

use crate::api::{Api, Folder, Manifest, ProjectTree};
use crate::args::{Global, TransferArgs, UploadArgs};
use crate::bwlimit::BandwidthLimit;
use crate::error::{CliError, Result};
use crate::ignore_rules::IgnoreRules;
use crate::local::{self, Walk};
use crate::plan::{self, MirrorPlan};
use crate::progress::Progress;
use crate::resolve;
use crate::summary::Summary;
use crate::transfer::{self, UploadTarget};

/// A local folder set against a remote one.
pub struct Compared {
    pub tree: ProjectTree,
    pub folder: Folder,
    pub walk: Walk,
    pub hashes: BTreeMap<String, String>,
    pub manifest: Manifest,
    pub plan: MirrorPlan,
}

pub async fn compare(
    api: &Api,
    global: &Global,
    project: &str,
    folder: &str,
    root: &Path,
    excludes: &[String],
    transfers: u16,
) -> Result<Compared> {
    let tree = resolve::project(api, project).await?;
    let folder = resolve::folder(&tree, folder)?.clone();
    let config_dir = crate::config::dir().ok();
    let mut rules = IgnoreRules::load(root, config_dir.as_deref(), excludes)?;
    let walk = local::walk(root, &mut rules)?;
    let total: u64 = walk.files.values().map(|f| f.size).sum();
    let progress = Progress::new(total, walk.files.len(), global.json);
    progress.label("hashing");
    let hashed = super::run_parallel(
        transfers.max(2),
        walk.files.values().map(|f| {
            let progress = progress.clone();
            async move {
                let sha = local::hash(f.abs.clone()).await;
                progress.advance(f.size);
                sha.map(|sha| (f.path.clone(), sha))
            }
        }),
    )
    .await;
    progress.finish();
    let hashes = hashed.into_iter().collect::<Result<BTreeMap<_, _>>>()?;
    let manifest = resolve::manifest(api, &tree, &folder).await?;
    let mut plan = plan::mirror(&hashes, &manifest.files);
    plan.delete
        .retain(|f| !rules.covers(&f.path) && !walk.skipped_links.contains(&f.path));
    Ok(Compared {
        tree,
        folder,
        walk,
        hashes,
        manifest,
        plan,
    })
}

/// Uploads `paths` of `c` (replacing remote files when `replace`), recording each in
/// `summary` under `uploaded` or `updated`.
pub async fn push(
    api: &Api,
    global: &Global,
    c: &Compared,
    paths: &[(String, bool)],
    transfer: &TransferArgs,
    summary: &mut Summary,
) {
    if paths.is_empty() {
        return;
    }
    let files: Vec<_> = paths
        .iter()
        .map(|(p, replace)| (&c.walk.files[p], *replace))
        .collect();
    let total = files.iter().map(|(f, _)| f.size).sum();
    let progress = Progress::new(total, files.len(), global.json);
    progress.label("uploading");
    let limit = BandwidthLimit::new(transfer.bwlimit);
    let results = super::run_parallel(
        transfer.transfers,
        files.into_iter().map(|(file, replace)| {
            let (progress, limit) = (progress.clone(), limit.clone());
            async move {
                let to = UploadTarget {
                    project: &c.tree.project.id,
                    folder: &c.folder.id,
                    replace,
                };
                let bar = progress.file(&file.path, file.size);
                let sha = &c.hashes[&file.path];
                let done = transfer::upload(api, &to, file, sha, &limit, &bar).await;
                bar.finish();
                (file, replace, done)
            }
        }),
    )
    .await;
    progress.finish();
    for (file, replace, done) in results {
        match done {
            Ok(()) => {
                summary.bytes += file.size;
                let list = if replace {
                    &mut summary.updated
                } else {
                    &mut summary.uploaded
                };
                list.push(file.path.clone());
            }
            Err(err) => summary.fail(&file.path, err.describe(&file.path)),
        }
    }
}

/// The summary a run of `command` starts from, and the uploads to do: local files the server
/// cannot take are failures before anything moves; a dry run lists the uploads instead (and
/// gets none to do).
pub fn begin(c: &Compared, command: &'static str, dry_run: bool) -> (Summary, Vec<(String, bool)>) {
    let mut summary = Summary::new(command, &c.tree.project.name, dry_run);
    for (path, why) in &c.walk.refused {
        summary.fail(path, CliError::failed(format!("{path}: {why}")));
    }
    for path in c.walk.files.keys() {
        if let Err(problem) = shared::project_path::normalise(path) {
            summary.fail(
                path,
                CliError::failed(format!(
                    "{path}: the server cannot keep this name ({problem:?})"
                )),
            );
        }
    }
    // Names a disk that ignores case takes for one (possible on Linux): the server keeps one.
    let mut seen = std::collections::HashMap::new();
    for path in c.walk.files.keys() {
        if let Some(first) = seen.insert(shared::project_path::collision_key(path), path) {
            summary.fail(
                path,
                CliError::failed(format!(
                    "{path}: differs from '{first}' only in case, and the server keeps one of the two (as macOS and Windows do); rename one"
                )),
            );
        }
    }
    summary.skipped += c.walk.skipped_links.len();
    summary.unchanged = c.plan.unchanged;
    let failed: Vec<String> = summary.failed.iter().map(|f| f.path.clone()).collect();
    let todo: Vec<(String, bool)> = c
        .plan
        .upload
        .iter()
        .map(|p| (p.clone(), false))
        .chain(c.plan.update.iter().map(|p| (p.clone(), true)))
        .filter(|(p, _)| !failed.contains(p))
        .collect();
    if !dry_run {
        return (summary, todo);
    }
    for (path, replace) in todo {
        let list = if replace {
            &mut summary.updated
        } else {
            &mut summary.uploaded
        };
        list.push(path);
    }
    (summary, Vec::new())
}

pub async fn run(global: &Global, args: &UploadArgs) -> Result<()> {
    let api = super::session(global)?;
    let t = &args.transfer;
    let c = compare(
        &api,
        global,
        &args.project,
        &args.folder,
        &args.path,
        &args.exclude,
        t.transfers,
    )
    .await?;
    if !args.force {
        plan::check_conflicts(
            &c.plan.update,
            "files on the server differ from your local ones",
        )?;
    }
    let (mut summary, todo) = begin(&c, "upload", t.dry_run);
    push(&api, global, &c, &todo, t, &mut summary).await;
    summary.finish(global.json)
}
