//! Song projects over real HTTP on SQLite + local files and PostgreSQL + S3: projects and
//! folders, files streamed in and out (with and without a client hash, ranges, a folder as a
//! ZIP), rename, move, delete, statistics exact under concurrent uploads, links to songs,
//! sketches and images, hostile paths and other users refused, cut-off uploads and a killed
//! server leaving nothing.

#[path = "../common/mod.rs"]
mod common;
mod hostile;
mod killed;
mod names;
mod sync_api;
mod transfer;

use app::projects::api::{GetProject, SaveProject};
use app::projects::files_api::ListProjectFiles;
use app::projects::{upload_url, Manifest, ProjectDetail, ProjectFile, ProjectForm};
use common::Client;

pub use common::{data, sha};

/// A new project with the default folders.
pub async fn project(c: &Client, name: &str) -> ProjectDetail {
    let p = c
        .run_ok(SaveProject {
            project: ProjectForm {
                name: name.into(),
                ..Default::default()
            },
        })
        .await;
    c.run_ok(GetProject { id: p.id }).await
}

/// `PUT`s a file; the status and the JSON body.
pub async fn upload(
    c: &Client,
    project: &str,
    folder: &str,
    path: &str,
    bytes: Vec<u8>,
    extra: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let mut query = vec![("path", path)];
    query.extend_from_slice(extra);
    let mut req = c
        .http
        .put(format!("{}{}", c.base, upload_url(project, folder)))
        .query(&query)
        .body(bytes);
    if let Some(token) = &c.bearer {
        req = req.bearer_auth(token);
    }
    let res = req.send().await.expect("upload");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or_default())
}

/// Uploads and expects 201; the file record.
pub async fn upload_ok(
    c: &Client,
    project: &str,
    folder: &str,
    path: &str,
    bytes: Vec<u8>,
) -> ProjectFile {
    let (status, body) = upload(c, project, folder, path, bytes, &[]).await;
    assert_eq!(status, 201, "upload of {path}: {body}");
    serde_json::from_value(body).unwrap()
}

pub async fn get(c: &Client, path: &str, range: Option<&str>) -> reqwest::Response {
    let mut req = c.http.get(format!("{}{path}", c.base));
    if let Some(token) = &c.bearer {
        req = req.bearer_auth(token);
    }
    if let Some(r) = range {
        req = req.header("range", r);
    }
    req.send().await.expect("get")
}

pub async fn manifest(c: &Client, project: &str, folder: &str) -> Manifest {
    let res = get(
        c,
        &format!("/api/v1/projects/{project}/folders/{folder}/manifest"),
        None,
    )
    .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// The project's statistics as the page shows them.
pub async fn totals(c: &Client, project: &str) -> (i64, i64) {
    let p = c.run_ok(GetProject { id: project.into() }).await.project;
    (p.total_files, p.total_bytes)
}

/// Every file of a folder's first page.
pub async fn files(c: &Client, project: &str, folder: &str) -> Vec<ProjectFile> {
    c.run_ok(ListProjectFiles {
        project: project.into(),
        folder: folder.into(),
        page: Default::default(),
    })
    .await
    .items
}
