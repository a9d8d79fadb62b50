//! The AI Toolbox server: configuration, start-up, the HTTP router and shell commands.
//!
//! `main.rs` only parses the command line; everything here is a library so the integration tests
//! start the very same router on a random port against a real database.

pub mod commands;
mod compression;
pub mod config;
mod health;
pub mod jobs;
pub use jobs::start_jobs;
mod middleware;

use std::sync::Arc;

use axum::routing::get;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};

use app::infra::secrets::KeySource;
use app::infra::{Db, Storage};
use app::jobs::{Policy, Queue, SystemClock};
use app::providers::{Endpoint, Mureka, Ollama, OpenAi, Providers};
use app::state::{AppState, AuthSettings, ThrottlePolicy};
use config::Config;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("configuration: {0}")]
    Config(#[from] config::ConfigError),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    #[error("storage: {0}")]
    Storage(#[from] app::infra::storage::StorageError),
}

/// Connects and migrates the database, prepares directories and secrets.
pub async fn build_state(config: &Config, leptos: LeptosOptions) -> Result<AppState, StartError> {
    for dir in [&config.data_dir, &config.storage_dir] {
        std::fs::create_dir_all(dir)
            .map_err(|e| StartError::Io(format!("creating {}", dir.display()), e))?;
    }
    let mut db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    app::projects::db::fill_collision_keys(&db).await?;
    db.search_index = config.search_index;
    let secret = match &config.jwt_secret {
        Some(secret) => secret.clone(),
        None => jwt_secret_from_db(&db).await?,
    };
    let mut auth = AuthSettings::new(secret.as_bytes());
    auth.token_ttl = config.token_ttl;
    auth.cli_token_ttl = config.cli_token_ttl;
    auth.cookie_secure = config.cookie_secure;
    auth.allow_registration = config.allow_registration;
    auth.trust_forwarded_for = config.trust_forwarded_for;
    let policy = Policy {
        lease: config.job_lease,
        poll_interval: config.job_poll_interval,
        ..Policy::default()
    };
    let jobs = Queue::new(db.clone(), Arc::new(SystemClock), policy);
    let storage = open_storage(config).await?;
    {
        let storage = storage.clone();
        tokio::task::spawn_blocking(move || {
            let removed = storage.sweep_abandoned_writes();
            if removed > 0 {
                tracing::info!(removed, "half-written files of a stopped process removed");
            }
        });
    }
    let equipment_keys = Arc::new(equipment_keys(config, &db).await?);
    Ok(AppState {
        leptos,
        db,
        auth: Arc::new(auth),
        login_throttle: ThrottlePolicy {
            max_failures: config.login_max_failures as i64,
            window: config.login_window,
        },
        storage,
        providers: Arc::new(providers(config).await?),
        jobs,
        live: Default::default(),
        equipment_keys,
        project_max_file_bytes: config.project_max_file_bytes,
    })
}

/// The local directory, and the S3 bucket when one is configured (reached, and created when
/// missing, before the server accepts requests).
pub async fn open_storage(config: &Config) -> Result<Storage, StartError> {
    let storage = match &config.s3 {
        Some(s3) => Storage::with_s3(&config.storage_dir, s3).await?,
        None => Storage::local(&config.storage_dir),
    };
    Ok(storage.with_write_lease(config.storage_write_lease))
}

/// The equipment keyring: `EQUIPMENT_KEYS`, else the key file in the data directory (made on
/// first start only while no sealed value exists; see `app::infra::secrets::keyring_file`).
pub async fn equipment_keys(config: &Config, db: &Db) -> Result<KeySource, StartError> {
    if let Some(keys) = &config.equipment_keys {
        return Ok(KeySource::from_env(keys));
    }
    let sealed = app::equipment::db::count_sealed(db).await?;
    let path = equipment_key_file(config);
    Ok(
        tokio::task::spawn_blocking(move || KeySource::open_file(&path, sealed))
            .await
            .expect("opening the key file does not panic"),
    )
}

/// Where the equipment key file lives.
pub fn equipment_key_file(config: &Config) -> std::path::PathBuf {
    config.data_dir.join("equipment-keys")
}

/// The provider clients; each provider that is not configured is served by the mock, started
/// in-process once (the keyless demo), and marked as demo.
async fn providers(config: &Config) -> Result<Providers, StartError> {
    let mut mock = None;
    let openai = match &config.openai.api_key {
        Some(key) => Endpoint {
            base_url: config
                .openai
                .base_url
                .clone()
                .unwrap_or_else(|| "https://api.openai.com/v1".into()),
            api_key: Some(key.clone()),
            demo: false,
        },
        None => Endpoint {
            base_url: format!("{}/v1", demo_url(&mut mock).await?),
            api_key: Some("demo".into()),
            demo: true,
        },
    };
    let ollama = match &config.ollama.base_url {
        Some(url) => Endpoint {
            base_url: url.clone(),
            api_key: config.ollama.api_key.clone(),
            demo: false,
        },
        None => Endpoint {
            base_url: demo_url(&mut mock).await?,
            api_key: None,
            demo: true,
        },
    };
    let mureka = match &config.mureka.api_key {
        Some(key) => Endpoint {
            base_url: config
                .mureka
                .base_url
                .clone()
                .unwrap_or_else(|| "https://api.mureka.ai".into()),
            api_key: Some(key.clone()),
            demo: false,
        },
        None => Endpoint {
            base_url: demo_url(&mut mock).await?,
            api_key: Some("demo".into()),
            demo: true,
        },
    };
    let http = app::providers::http_client(config.provider_timeout);
    let mut chat = app::providers::chat::ChatProviders::new(
        ollama.clone(),
        openai.clone(),
        config.provider_timeout,
        config.chat_max_context,
        config.openai_context_windows.clone(),
    );
    chat.compress_at = config.chat_compress_at;
    Ok(Providers {
        openai: OpenAi {
            endpoint: openai,
            admin_key: config.openai_admin_key.clone(),
            image_model: config.openai_image_model.clone(),
            http: http.clone(),
        },
        ollama: Ollama {
            endpoint: ollama,
            http: http.clone(),
        },
        mureka: Mureka {
            endpoint: mureka,
            http,
        },
        chat,
    })
}

/// The signing secret shared by every server process on this database: the first process to
/// start generates it, the others read it.
async fn jwt_secret_from_db(db: &Db) -> Result<String, sqlx::Error> {
    use base64::Engine;
    app::auth::db::instance_setting_or_insert(db, "jwt_secret", || {
        let mut bytes = [0u8; 48];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes)
    })
    .await
}

/// Leptos' site settings (where the compiled WASM, JS and CSS are), from the `LEPTOS_*`
/// variables cargo-leptos sets, with defaults matching its output layout.
///
/// A release build names its bundle files by content hash and lists the names in `hash.txt`
/// beside the server binary; pages then link those names, which browsers may keep for a
/// year. The file's presence switches this on, so the binary runs as built without
/// cargo-leptos's variables; `LEPTOS_HASH_FILES` overrides.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let var = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    let hash_file = var("LEPTOS_HASH_FILE_NAME", "hash.txt");
    let hash_file_present = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(&hash_file)))
        .is_some_and(|path| path.is_file());
    let hash_files = config.hash_files.unwrap_or(hash_file_present);
    LeptosOptions::builder()
        .output_name(var("LEPTOS_OUTPUT_NAME", "aitoolbox"))
        .site_root(var("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(config.listen_addr)
        .hash_file(hash_file.into())
        .hash_files(hash_files)
        .build()
}

/// The complete HTTP application.
pub fn router(state: AppState, allowed_origins: Vec<String>) -> Router {
    // Once per process: listing the routes renders the app with resource loading suppressed
    // by a process-wide flag, so a second listing (a test building another app) would make
    // any page rendering meanwhile wait forever for a resource that never loads.
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    let routes = ROUTES.get_or_init(|| generate_route_list(app::App)).clone();
    let context_state = state.clone();
    let fallback_state = state.clone();
    let leptos = state.leptos.clone();
    let router = compression::bundle_routes(
        Router::<AppState>::new(),
        &state.leptos.site_root,
        &state.leptos.site_pkg_dir,
    );
    router
        .route("/health", get(health::health))
        .route("/media/images/{id}", get(app::images::file_routes::image))
        .route(
            "/media/images/{id}/thumb",
            get(app::images::file_routes::thumb),
        )
        .route(
            "/media/songs/{choice}/{format}",
            get(app::songs::audio_routes::audio),
        )
        .route(
            "/live/v1/chat/replies/{id}",
            get(app::chat::events::reply_events),
        )
        .route(
            "/export/v1/chat/{file}",
            get(app::chat::transfer::route::export),
        )
        .merge(app::auth::tokens_v1::routes())
        .merge(app::projects::transfer::routes())
        .merge(app::projects::sync_v1::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || app::shell(leptos.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            move || provide_context(fallback_state.clone()),
            app::shell,
        ))
        // Server functions only: every body read under one limit and text policy, every error
        // answered with its own status.
        .layer(axum::middleware::from_fn(
            app::infra::request_body::checked_server_fn_body,
        ))
        // The limits are request_body's, per function (an import is allowed more than a form);
        // axum's own 2 MB default would refuse a large import as a bare 400 behind them.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn(
            app::infra::error_response::server_fn_statuses,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::locale_from_profile,
        ))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(allowed_origins),
            middleware::refuse_cross_origin,
        ))
        .layer(compression::layer())
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(axum::middleware::from_fn(middleware::close_if_body_unread))
        .with_state(state)
}

/// Serves until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Without it a streamed reply's first token waits for the client's delayed ACK of the
    // event before it (Nagle): 40 ms more to the first token, measured by the chat benchmark.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY could not be set");
        }
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// The in-process mock's base URL, starting it on first use.
async fn demo_url(mock: &mut Option<String>) -> Result<String, StartError> {
    if let Some(url) = mock {
        return Ok(url.clone());
    }
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let server = mock::start(addr, mock::MockConfig::default())
        .await
        .map_err(|e| StartError::Io("starting the demo providers".into(), e))?;
    tracing::info!("demo providers (mock) at {}", server.base_url);
    Ok(mock.insert(server.base_url).clone())
}
