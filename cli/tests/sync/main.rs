//! The real `aitoolbox` binary against a running server, on SQLite + local files and on
//! PostgreSQL + S3: sign-in, clone, local edits, a dry run that changes nothing, a mirror,
//! a second clone identical to the first; the safety stops; a download killed midway and run
//! again; expired and refused tokens, another user's project, hostile paths in answers.

#[path = "../../../server/tests/common/mod.rs"]
mod common;
mod guards;
mod hostile;
mod round_trip;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use app::projects::api::{GetProject, SaveProject};
use app::projects::{ProjectDetail, ProjectForm};
pub use common::{data, sha};
use common::{Client, TestApp};
use unicode_normalization::UnicodeNormalization;

/// The binary with its own config directory (its own sign-in).
pub struct Cli {
    pub config: tempfile::TempDir,
    pub server: String,
}

impl Cli {
    pub fn new(server: &str) -> Cli {
        Cli {
            config: tempfile::tempdir().unwrap(),
            server: server.to_string(),
        }
    }

    pub fn command(&self, args: &[&str]) -> tokio::process::Command {
        let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_aitoolbox"));
        cmd.args(args)
            .env("AITOOLBOX_CONFIG_DIR", self.config.path())
            .env("AITOOLBOX_SERVER", &self.server)
            .env_remove("AITOOLBOX_EMAIL")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true);
        cmd
    }

    /// Runs to the end with `stdin` as input.
    pub async fn run_with(&self, args: &[&str], stdin: &str) -> Output {
        use tokio::io::AsyncWriteExt;
        let mut child = self.command(args).spawn().expect("the binary starts");
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.as_bytes()).await.unwrap();
        drop(input);
        child.wait_with_output().await.unwrap()
    }

    pub async fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, "").await
    }

    /// Runs and expects exit code `code`; stdout as text.
    pub async fn expect(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args).await;
        assert_eq!(
            out.status.code(),
            Some(code),
            "aitoolbox {args:?}\nstdout: {}\nstderr: {}",
            text(&out.stdout),
            text(&out.stderr)
        );
        text(&out.stdout)
    }

    /// `--json` run expected to succeed: the summary.
    pub async fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.expect(0, &all).await).unwrap()
    }

    pub async fn login(&self, email: &str) {
        let out = self
            .run_with(
                &["login", "--email", email, "--password-stdin"],
                &format!("{}\n", common::PASSWORD),
            )
            .await;
        assert_eq!(out.status.code(), Some(0), "login: {}", text(&out.stderr));
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file under `root` (relative path in NFC → SHA-256), and every directory.
pub fn tree(root: &Path) -> (BTreeMap<String, String>, Vec<String>) {
    let mut files = BTreeMap::new();
    let mut dirs = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(root.join(&rel)).unwrap() {
            let entry = entry.unwrap();
            let path = rel.join(entry.file_name());
            let shown: String = path.to_string_lossy().replace('\\', "/").nfc().collect();
            if entry.file_type().unwrap().is_dir() {
                dirs.push(shown);
                stack.push(path);
            } else {
                files.insert(shown, sha(&std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    dirs.sort();
    (files, dirs)
}

pub fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A new project with the default folders, made in the web app.
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

/// Uploads through the web app's HTTP endpoint; the file's SHA-256.
pub async fn upload_http(
    c: &Client,
    project: &str,
    folder: &str,
    path: &str,
    bytes: Vec<u8>,
) -> String {
    let url = format!("{}{}", c.base, app::projects::upload_url(project, folder));
    let res = c
        .http
        .put(url)
        .query(&[("path", path)])
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    sha(&bytes)
}

/// A signed-in command line for `app`'s first account.
pub async fn signed_in(app: &TestApp, email: &str) -> (Client, Cli) {
    let web = app.admin(email).await;
    let cli = Cli::new(&app.base);
    cli.login(email).await;
    (web, cli)
}
