//! Entry point: `server` (or `server serve`) runs the app; `server reset-password --email X`
//! resets a password from the shell.

use std::process::ExitCode;

/// mimalloc keeps freed large blocks for reuse; glibc maps every multi-megabyte image buffer
/// afresh, and the page faults alone cost more than drawing a cover.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use server::config::Config;

const USAGE: &str = "usage:
  server [serve]                                 run the web app
  server reset-password --email EMAIL [--password-stdin]
                                                 set a new password (printed when generated)
                                                 and sign the account out everywhere
  server rotate-equipment-key                    add a new key to DATA_DIR/equipment-keys,
                                                 re-seal every equipment secret under it while
                                                 the app keeps serving, then retire the old keys
  server storage check [--repair] [--json] [--no-hash]
                                                 compare the records of stored files with both
                                                 backends: records without objects, objects
                                                 without records, size and SHA-256 mismatches;
                                                 --repair removes objects nothing records and
                                                 records missing digests. Exits 0 when all
                                                 agree, 1 when a problem remains, 3 when the
                                                 check itself failed";

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,leptos_i18n=warn".into()),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("invalid configuration: {e}");
            return ExitCode::from(2);
        }
    };
    match args.first().map(String::as_str) {
        None | Some("serve") => run(config).await,
        Some("reset-password") => reset_password(config, &args[1..]).await,
        Some("rotate-equipment-key") => rotate_equipment_key(config).await,
        Some("storage") if args.get(1).map(String::as_str) == Some("check") => {
            storage_check(config, &args[2..]).await
        }
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("unknown command '{other}'\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

async fn run(config: Config) -> ExitCode {
    let leptos = server::leptos_options(&config);
    let state = match server::build_state(&config, leptos).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(config.listen_addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("LISTEN_ADDR: cannot listen on {}: {e}", config.listen_addr);
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(
        "AI Toolbox listening on http://{} ({} database)",
        config.listen_addr,
        state.db.backend.name()
    );
    tracing::info!("files: {}", state.storage.describe());
    let jobs = server::start_jobs(&state, &config).await;
    let router = server::router(state, config.allowed_origins.clone());
    let served = server::serve(listener, router, shutdown_signal()).await;
    // Requests are done; let job steps in flight finish (or release their jobs) before exiting.
    if let Some(jobs) = jobs {
        jobs.shutdown(std::time::Duration::from_secs(20)).await;
    }
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn rotate_equipment_key(config: Config) -> ExitCode {
    if config.equipment_keys.is_some() {
        eprintln!(
            "EQUIPMENT_KEYS is set: the server cannot change keys it reads from the environment. \
             Unset it to use the key file DATA_DIR/equipment-keys (copy the keys there first)."
        );
        return ExitCode::from(2);
    }
    let db = match connect(&config).await {
        Some(db) => db,
        None => return ExitCode::FAILURE,
    };
    let source = match server::equipment_keys(&config, &db).await {
        Ok(source) => source,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let grace = std::time::Duration::from_secs(5);
    match app::equipment::rotate::rotate(&db, &source, grace).await {
        Ok(done) => {
            println!(
                "Key {} now seals every equipment secret ({} records re-sealed); retired keys: {:?}.",
                done.new_key, done.resealed, done.retired
            );
            println!(
                "Back up {} now: the retired keys no longer open anything.",
                server::equipment_key_file(&config).display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("rotation failed: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn storage_check(config: Config, args: &[String]) -> ExitCode {
    let known = ["--repair", "--json", "--no-hash"];
    if let Some(bad) = args.iter().find(|a| !known.contains(&a.as_str())) {
        eprintln!("unknown option '{bad}'\n{USAGE}");
        return ExitCode::from(2);
    }
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let Some(db) = connect(&config).await else {
        return ExitCode::from(3);
    };
    let storage = match server::open_storage(&config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(3);
        }
    };
    let options = app::infra::storage::check::CheckOptions {
        repair: has("--repair"),
        hashes: !has("--no-hash"),
    };
    match app::infra::storage::check::check(&db, &storage, options).await {
        Ok(report) => {
            if has("--json") {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                );
            } else {
                print!("{}", app::infra::storage::check::describe(&report));
            }
            if report.has_problems() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("storage check failed: {e}");
            ExitCode::from(3)
        }
    }
}

/// The database, migrated; errors are printed.
async fn connect(config: &Config) -> Option<app::infra::Db> {
    let db = match app::infra::Db::connect(&config.database_url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("DATABASE_URL: {e}");
            return None;
        }
    };
    if let Err(e) = db.migrate().await {
        eprintln!("database migration: {e}");
        return None;
    }
    Some(db)
}

async fn reset_password(config: Config, args: &[String]) -> ExitCode {
    let email = args
        .windows(2)
        .find(|w| w[0] == "--email")
        .map(|w| w[1].clone());
    let Some(email) = email else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let given = if args.iter().any(|a| a == "--password-stdin") {
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).is_err() {
            eprintln!("could not read the password from standard input");
            return ExitCode::FAILURE;
        }
        Some(line.trim_end_matches(['\r', '\n']).to_string())
    } else {
        None
    };
    let generated = given.is_none();
    let Some(db) = connect(&config).await else {
        return ExitCode::FAILURE;
    };
    match server::commands::reset_password(&db, &email, given).await {
        Ok(password) => {
            if generated {
                println!("New password for {email}: {password}");
            } else {
                println!("Password for {email} changed.");
            }
            println!("All sessions of this account have been signed out.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests can finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
