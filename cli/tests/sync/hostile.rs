//! A stand-in server for what ours never does: answers with hostile paths (a compromised or
//! mistyped server), which the client refuses before writing anything (exit code 5), and a
//! passing failure, which the client tries again.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::*;

#[derive(Clone, Default)]
struct Answers {
    folder_name: Arc<Mutex<String>>,
    file_path: Arc<Mutex<String>>,
    /// How many project lists to answer with 503 before answering properly.
    hiccups: Arc<AtomicUsize>,
}

async fn stub() -> (String, Answers) {
    let answers = Answers::default();
    let project = json!({"id": "p1", "name": "Evil", "tags": [], "sync_status": "local", "last_sync_at": null, "total_files": 1, "total_bytes": 3});
    let (list, one) = (project.clone(), project);
    let router = Router::new()
        .route("/api/v1/projects", get(move |State(a): State<Answers>| async move {
            let hiccup = a.hiccups.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
            if hiccup {
                let busy = json!({"kind": "storage_unavailable"});
                return (axum::http::StatusCode::SERVICE_UNAVAILABLE, Json(busy));
            }
            (axum::http::StatusCode::OK, Json(json!([list])))
        }))
        .route("/api/v1/projects/p1", get(|State(a): State<Answers>| async move {
            let mut tree: Value = one.clone();
            tree["folders"] = json!([{"id": "f1", "name": *a.folder_name.lock().unwrap(), "file_count": 1}]);
            Json(tree)
        }))
        .route("/api/v1/projects/p1/folders/f1/manifest", get(|State(a): State<Answers>| async move {
            Json(json!({"folder_name": "x", "files": [{"id": "x1", "path": *a.file_path.lock().unwrap(), "size": 3, "sha256": sha(b"pwn")}]}))
        }))
        .route("/api/v1/projects/p1/files/x1", get(|| async { "pwn" }))
        .with_state(answers.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{addr}"), answers)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_paths_in_answers_are_refused() {
    let (base, answers) = stub().await;
    let cli = signed_in(&base);
    let work = tempfile::tempdir().unwrap();
    let inside = work.path().join("a/b");
    std::fs::create_dir_all(&inside).unwrap();
    *answers.folder_name.lock().unwrap() = "01 Arrangement".into();
    for path in [
        "../../escape.txt",
        "/tmp/aitoolbox-escape.txt",
        "Media/../../x",
        "C:/x.txt",
        "a\\..\\..\\x",
    ] {
        *answers.file_path.lock().unwrap() = path.into();
        let out = cli
            .run(&[
                "download",
                "Evil",
                "01 Arrangement",
                inside.to_str().unwrap(),
            ])
            .await;
        assert_eq!(out.status.code(), Some(5), "{path}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("unsafe path"),
            "{}",
            text(&out.stderr)
        );
    }
    *answers.file_path.lock().unwrap() = "fine.wav".into();
    for name in ["../..", "..", "a/../../b"] {
        *answers.folder_name.lock().unwrap() = name.into();
        let out = cli.run(&["clone", "Evil", inside.to_str().unwrap()]).await;
        assert_eq!(out.status.code(), Some(5), "{name}: {}", text(&out.stderr));
    }
    assert_eq!(tree(work.path()).0.len(), 0, "nothing was written anywhere");
    assert!(!Path::new("/tmp/aitoolbox-escape.txt").exists());
    // The same server, well behaved: the file arrives.
    *answers.folder_name.lock().unwrap() = "01 Arrangement".into();
    cli.json(&[
        "download",
        "Evil",
        "01 Arrangement",
        inside.to_str().unwrap(),
    ])
    .await;
    assert_eq!(std::fs::read(inside.join("fine.wav")).unwrap(), b"pwn");
}

/// The client of a stand-in server, signed in with a token the stand-in does not check.
fn signed_in(base: &str) -> Cli {
    let cli = Cli::new(base);
    let login =
        json!({"server": base, "email": "a@b.c", "token": "t", "expires_at": 4_000_000_000u64});
    std::fs::write(cli.config.path().join("login.json"), login.to_string()).unwrap();
    cli
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_passing_server_failure_is_tried_again() {
    let (base, answers) = stub().await;
    let cli = signed_in(&base);
    answers.hiccups.store(1, Ordering::SeqCst);
    let out = cli.run(&["projects"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Evil"), "{}", text(&out.stdout));
    assert_eq!(
        answers.hiccups.load(Ordering::SeqCst),
        0,
        "the 503 was served"
    );
}
