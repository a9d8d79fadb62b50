//! The sync client against a running server, on SQLite + local files and on PostgreSQL + S3
//! (s3s-fs in this process, on the same disk): a 1 GiB file and 10,000 small files mirrored
//! up and cloned down, then mirrored again unchanged and with 1 % changed; each timed against
//! `cp -r` of the same tree on the same disk and, on S3, against `rclone sync --checksum` to
//! the same S3 server (when Debian's rclone is installed); the client's peak RSS from
//! `/usr/bin/time`. Prints figures, never fails on them.
//! `cargo bench -p aitoolbox-cli --bench sync`; `STORAGE_BENCH_MIB` changes the big file.

#[path = "../../server/tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use common::{Backend, TestApp};

const SMALL_FILES: usize = 10_000;

fn mib() -> u64 {
    std::env::var("STORAGE_BENCH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024)
}

fn fill(bytes: &mut [u8], seed: u64) {
    let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ seed;
    for b in bytes.chunks_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        b.copy_from_slice(&x.to_le_bytes()[..b.len()]);
    }
}

fn big_tree(dir: &Path) {
    use std::io::Write;
    std::fs::create_dir_all(dir).unwrap();
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("stems.wav")).unwrap());
    let mut block = vec![0u8; 1 << 20];
    for i in 0..mib() {
        fill(&mut block, i);
        out.write_all(&block).unwrap();
    }
    out.into_inner().unwrap().sync_all().unwrap();
}

fn small_tree(dir: &Path) {
    let mut bytes = vec![0u8; 4096];
    for i in 0..SMALL_FILES {
        let sub = dir.join(format!("take {:03}", i / 100));
        std::fs::create_dir_all(&sub).unwrap();
        fill(&mut bytes, i as u64);
        std::fs::write(sub.join(format!("slice {i:05}.wav")), &bytes).unwrap();
    }
}

/// Changes every hundredth file.
fn touch_one_percent(dir: &Path) {
    for i in (0..SMALL_FILES).step_by(100) {
        let path = dir
            .join(format!("take {:03}", i / 100))
            .join(format!("slice {i:05}.wav"));
        std::fs::write(path, format!("changed {i}")).unwrap();
    }
}

/// Runs a command under `/usr/bin/time`: seconds and peak RSS (MiB).
fn timed(program: &str, args: &[&str], envs: &[(String, String)]) -> (f64, u64) {
    let t = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("MAXRSS %M")
        .arg(program)
        .args(args)
        .envs(envs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        // The test S3 server speaks plain HTTP; a CA bundle set for the machine makes rclone's
        // S3 backend refuse to start ("unable to load custom CA bundle").
        .env_remove("AWS_CA_BUNDLE")
        .output()
        .expect("/usr/bin/time runs");
    let secs = t.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{program} {args:?}: {stdout}\n{stderr}"
    );
    let kib: u64 = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("MAXRSS "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    (secs, kib / 1024)
}

fn cp_r(from: &Path, to: &Path) -> f64 {
    let _ = std::fs::remove_dir_all(to);
    let (secs, _) = timed(
        "cp",
        &["-r", from.to_str().unwrap(), to.to_str().unwrap()],
        &[],
    );
    let _ = Command::new("sync").status();
    secs
}

fn rclone_available() -> bool {
    Command::new("rclone")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success())
}

async fn run(backend: Backend, work: &Path) {
    let Some(app) = TestApp::spawn(backend, &[]).await else {
        println!("sync/{backend:?}: skipped (no PostgreSQL)");
        return;
    };
    let web = app.admin("bench@example.org").await;
    let config = work.join(format!("config-{backend:?}"));
    std::fs::create_dir_all(&config).unwrap();
    let bin = env!("CARGO_BIN_EXE_aitoolbox");
    let env = vec![
        (
            "AITOOLBOX_CONFIG_DIR".to_string(),
            config.display().to_string(),
        ),
        ("AITOOLBOX_SERVER".to_string(), app.base.clone()),
    ];
    let mut login = Command::new(bin)
        .args(["login", "--email", "bench@example.org", "--password-stdin"])
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = login.stdin.take().unwrap();
        writeln!(stdin, "{}", common::PASSWORD).unwrap();
    }
    assert!(tokio::task::spawn_blocking(move || login.wait().unwrap())
        .await
        .unwrap()
        .success());
    web.run_ok(app::projects::api::SaveProject {
        project: app::projects::ProjectForm {
            name: "Bench".into(),
            ..Default::default()
        },
    })
    .await;
    let name = format!("{backend:?}").to_lowercase();
    let s3 = app.config.s3.as_ref().map(|s| s.bucket.clone());
    for (case, folder, make) in [
        ("1 GiB file", "01 Arrangement", big_tree as fn(&Path)),
        ("10,000 files", "04 Stems", small_tree as fn(&Path)),
    ] {
        let local = work.join(format!("{name}-{folder}"));
        make(&local);
        let l = local.to_str().unwrap().to_string();
        let cp = cp_r(&local, &work.join(format!("{name}-cp")));
        let cli = |args: Vec<String>| {
            let env = env.clone();
            async move {
                tokio::task::spawn_blocking(move || {
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    timed(bin, &args, &env)
                })
                .await
                .unwrap()
            }
        };
        // The same mirror three times: the first upload, unchanged, and with 1 % changed.
        let mirror = || {
            cli(vec![
                "mirror".into(),
                "Bench".into(),
                folder.into(),
                l.clone(),
                "--yes".into(),
            ])
        };
        let up = mirror().await;
        let clone_dir = work.join(format!("{name}-clone-{folder}"));
        let down = cli(vec![
            "download".into(),
            "Bench".into(),
            folder.into(),
            clone_dir.display().to_string(),
        ])
        .await;
        let same = mirror().await;
        println!(
            "sync/{name} {case}: mirror up {:.1} s, download {:.1} s (cp -r {:.1} s: {:.0} % and {:.0} % of its speed); mirror unchanged {:.1} s; peak RSS {} / {} / {} MiB (target <= 64)",
            up.0, down.0, cp, 100.0 * cp / up.0, 100.0 * cp / down.0, same.0, up.1, down.1, same.1
        );
        if folder == "04 Stems" {
            touch_one_percent(&local);
            let changed = mirror().await;
            println!(
                "sync/{name} {case}: mirror with 1 % changed {:.1} s, peak RSS {} MiB",
                changed.0, changed.1
            );
        }
        if let (Some(bucket), true) = (&s3, rclone_available()) {
            let s = common::s3::S3Server::shared();
            let vars = s.vars(bucket);
            let get = |k: &str| {
                vars.iter()
                    .find(|(n, _)| n == k)
                    .map(|(_, v)| v.clone())
                    .unwrap()
            };
            let rclone_env = vec![
                ("RCLONE_CONFIG_BENCH_TYPE".to_string(), "s3".to_string()),
                (
                    "RCLONE_CONFIG_BENCH_PROVIDER".to_string(),
                    "Other".to_string(),
                ),
                (
                    "RCLONE_CONFIG_BENCH_ENDPOINT".to_string(),
                    get("S3_ENDPOINT"),
                ),
                (
                    "RCLONE_CONFIG_BENCH_ACCESS_KEY_ID".to_string(),
                    get("S3_ACCESS_KEY"),
                ),
                (
                    "RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY".to_string(),
                    get("S3_SECRET_KEY"),
                ),
                (
                    "RCLONE_CONFIG_BENCH_REGION".to_string(),
                    "us-east-1".to_string(),
                ),
            ];
            let target = format!("bench:{bucket}/rclone-{}", folder.replace(' ', "-"));
            let run_rclone = || {
                let (env, l, target) = (rclone_env.clone(), l.clone(), target.clone());
                tokio::task::spawn_blocking(move || {
                    timed(
                        "rclone",
                        &["sync", "--checksum", "--transfers", "4", &l, &target],
                        &env,
                    )
                })
            };
            let first = run_rclone().await.unwrap();
            let again = run_rclone().await.unwrap();
            println!(
                "sync/{name} {case}: rclone sync --checksum {:.1} s, again unchanged {:.1} s, peak RSS {} MiB",
                first.0, again.0, first.1
            );
        } else if s3.is_some() {
            println!("sync/{name} {case}: rclone not installed (apt-get install rclone): no rclone figures");
        }
        let _ = std::fs::remove_dir_all(&local);
        let _ = std::fs::remove_dir_all(&clone_dir);
    }
    app.stop().await;
}

#[tokio::main]
async fn main() {
    // The server's own errors (RUST_LOG=error), next to the figures.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    // On the disk the server stores to (not a RAM disk), as `cp -r` is measured there too.
    let work =
        tempfile::tempdir_in(std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into()))
            .or_else(|_| tempfile::tempdir())
            .unwrap();
    run(Backend::Sqlite, work.path()).await;
    run(Backend::Postgres, work.path()).await;
}
