//! `server storage check` (the real binary, `--json`) finding an orphan, a lost object and a
//! changed one, and repairing the orphan; an S3 that cannot be used stopping the start.

use super::*;

fn check_command(app: &TestApp, args: &[&str]) -> (i32, serde_json::Value) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_server"));
    command
        .args(["storage", "check", "--json"])
        .args(args)
        .env_clear()
        .env("DATABASE_URL", &app.config.database_url)
        .env("DATA_DIR", &app.config.data_dir)
        .env("RUST_LOG", "error");
    if let Some(s3) = &app.config.s3 {
        command.envs(S3Server::shared().vars(&s3.bucket));
    }
    let out = command.output().expect("run server storage check");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "not JSON: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

fn keys(report: &serde_json::Value, field: &str) -> Vec<String> {
    report[field]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap().to_string())
        .collect()
}

async fn storage_check_finds_and_repairs(backend: Backend) {
    let Some(app) = TestApp::spawn(backend, &[]).await else {
        return;
    };
    let storage = storage_of(&app).await;
    let db = &app.db;
    store(db, &storage, "songs/test/kept.bin", data(5000)).await;
    store(db, &storage, "songs/test/lost.bin", data(100)).await;
    store(db, &storage, "songs/test/changed.bin", data(300)).await;
    let (code, report) = check_command(&app, &[]);
    assert_eq!(code, 0, "{report}");

    // An object nobody records, a record whose object went, an object changed behind our back.
    storage
        .write(
            &StorageKey::new("songs/test/orphan.bin").unwrap(),
            chunked(data(77), 10, None),
            WriteCheck::default(),
        )
        .await
        .unwrap();
    storage
        .delete(
            storage.default_backend(),
            &StorageKey::new("songs/test/lost.bin").unwrap(),
        )
        .await
        .unwrap();
    let mut changed = data(300);
    changed[0] ^= 1;
    storage
        .write(
            &StorageKey::new("songs/test/changed.bin").unwrap(),
            chunked(changed, 100, None),
            WriteCheck::default(),
        )
        .await
        .unwrap();

    let (code, report) = check_command(&app, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(keys(&report, "orphan_objects"), ["songs/test/orphan.bin"]);
    assert_eq!(keys(&report, "missing_objects"), ["songs/test/lost.bin"]);
    assert_eq!(keys(&report, "hash_mismatches"), ["songs/test/changed.bin"]);
    let summaries = report["backends"].as_array().unwrap();
    let ours = summaries
        .iter()
        .find(|b| b["backend"] == storage.default_backend().as_str())
        .expect("the default backend is checked");
    assert_eq!(ours["objects"], 3, "{report}");

    let (_, repaired) = check_command(&app, &["--repair"]);
    assert_eq!(repaired["removed_orphans"], 1, "{repaired}");
    let left = listed(&storage).await;
    assert!(
        !left.contains(&"songs/test/orphan.bin".to_string()),
        "{left:?}"
    );
    assert!(left.contains(&"songs/test/kept.bin".to_string()));
    let (_, after) = check_command(&app, &[]);
    assert!(keys(&after, "orphan_objects").is_empty(), "{after}");
    app.stop().await;
}
both_backends!(storage_check_finds_and_repairs, fn storage_check_finds_and_repairs);

/// A configured S3 that cannot be used stops the start with a message saying why.
#[tokio::test]
async fn unusable_s3_stops_the_start_clearly() {
    let s3 = S3Server::shared();
    let start = |endpoint: String, secret: &str| {
        let mut vars: std::collections::HashMap<String, String> =
            s3.vars(&common::s3::bucket_name()).into_iter().collect();
        vars.insert("S3_ENDPOINT".into(), endpoint);
        vars.insert("S3_SECRET_KEY".into(), secret.into());
        let config = server::config::Config::from_lookup(|k| vars.get(k).cloned()).unwrap();
        async move {
            server::open_storage(&config)
                .await
                .map(|_| ())
                .unwrap_err()
                .to_string()
        }
    };
    let refused = start(s3.endpoint.clone(), "not-the-secret").await;
    assert!(refused.contains("refused the credentials"), "{refused}");
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let unreachable = start(format!("http://{closed}"), common::s3::SECRET_KEY).await;
    assert!(
        unreachable.contains("cannot reach S3_ENDPOINT"),
        "{unreachable}"
    );
}
