//! `mirror`: the remote folder becomes what the local folder holds. New and changed files go
//! up first; remote-only files are deleted last, and only when every upload succeeded, the
//! local folder is not empty, the count is within the limit, and the user agreed (or passed
//! `--yes`). A remote file in the way of an upload (a file where the local side now has a
//! folder of its name, or the reverse) is deleted after every other upload succeeded, just
//! before the uploads it blocks. Remote files the ignore rules leave out are never deleted. `--dry-run` shows the
//! whole plan, including what the limit would stop, and changes nothing.

use std::io::{BufRead, IsTerminal, Write};

use super::upload::{begin, compare, push};
use crate::args::{Global, MirrorArgs};
use crate::error::{CliError, Result};
use crate::plan;

pub async fn run(global: &Global, args: &MirrorArgs) -> Result<()> {
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
    let deletes = &c.plan.delete;
    let limit = plan::check_deletes(
        deletes.len(),
        c.manifest.files.len(),
        c.walk.files.len(),
        args.max_delete,
    );
    let (mut summary, todo) = begin(&c, "mirror", t.dry_run);
    if t.dry_run {
        summary.deleted = deletes.iter().map(|f| f.path.clone()).collect();
        summary.note = limit
            .err()
            .map(|stop| format!("Without --dry-run this mirror would stop: {stop}"));
        return summary.finish(global.json);
    }
    limit?;
    if !deletes.is_empty() && !args.yes {
        confirm(
            &c.folder.name,
            deletes.iter().map(|f| f.path.as_str()).collect(),
        )?;
    }
    // Uploads a remote file is in the way of wait for its delete, which waits for every other
    // upload: nothing is deleted while an upload has failed.
    let uploads: Vec<&str> = todo.iter().map(|(p, _)| p.as_str()).collect();
    let (blockers, later) = plan::in_the_way(deletes, &uploads);
    let (blocked, free): (Vec<_>, Vec<_>) = todo
        .iter()
        .cloned()
        .partition(|(p, _)| blockers.iter().any(|b| plan::blocks(&b.path, p)));
    push(&api, global, &c, &free, t, &mut summary).await;
    if summary.failed.is_empty() && !blockers.is_empty() {
        delete_all(&api, &c.tree.project.id, &blockers, &mut summary).await;
        if summary.failed.is_empty() {
            push(&api, global, &c, &blocked, t, &mut summary).await;
        }
    }
    if summary.failed.is_empty() {
        delete_all(&api, &c.tree.project.id, &later, &mut summary).await;
    } else if !later.is_empty() {
        eprintln!(
            "{} remote files were not deleted because an upload failed.",
            later.len()
        );
    }
    if summary.failed.is_empty() {
        set_synced(&api, &c.tree.project.id).await;
    }
    summary.finish(global.json)
}

/// Deletes remote files, counting each in `summary`.
async fn delete_all(
    api: &crate::api::Api,
    project: &str,
    files: &[crate::api::RemoteFile],
    summary: &mut crate::summary::Summary,
) {
    for file in files {
        match api.delete_file(project, &file.id).await {
            Ok(()) => summary.deleted.push(file.path.clone()),
            // Gone already (deleted in the web app meanwhile, or by a try whose answer was
            // lost): what was wanted.
            Err(crate::api::ApiError::Status { status, .. })
                if status == reqwest::StatusCode::NOT_FOUND =>
            {
                summary.deleted.push(file.path.clone())
            }
            Err(e) => summary.fail(&file.path, e.into_cli(&format!("deleting {}", file.path))),
        }
    }
}

/// Marks the project synced now (shown in the web app); a failure to do so fails nothing.
pub async fn set_synced(api: &crate::api::Api, project: &str) {
    if let Err(e) = api.set_sync(project, "synced").await {
        eprintln!(
            "warning: the sync status was not recorded: {}",
            e.into_cli("sync status").message
        );
    }
}

/// Lists the files to delete and asks; only "y" or "yes" goes ahead.
fn confirm(folder: &str, paths: Vec<&str>) -> Result<()> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(CliError::safety(format!(
            "{} remote files would be deleted and there is no terminal to ask: check with --dry-run, then pass --yes",
            paths.len()
        )));
    }
    eprintln!(
        "These {} files in '{folder}' are not in the local folder and will be deleted:",
        paths.len()
    );
    for p in &paths {
        eprintln!("  {p}");
    }
    eprint!("Delete them? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let _ = stdin.lock().read_line(&mut answer);
    match answer.trim().to_lowercase().as_str() {
        "y" | "yes" => Ok(()),
        _ => Err(CliError::safety("nothing was changed")),
    }
}
