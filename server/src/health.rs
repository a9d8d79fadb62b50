//! `GET /health`: is the database reachable, which versions are running, and where new files
//! go (`filesystem` or `s3`; an unreachable S3 stops the start, so a running server has it).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use app::state::AppState;

pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let version = env!("CARGO_PKG_VERSION");
    let backend = state.db.backend.name();
    let storage = state.storage.default_backend().as_str();
    match state.db.version().await {
        Ok(db_version) => (
            StatusCode::OK,
            Json(json!({
                "status": "ok",
                "version": version,
                "database": { "reachable": true, "backend": backend, "version": db_version },
                "storage": { "backend": storage },
            })),
        ),
        Err(err) => {
            tracing::error!(error = %err, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({
                    "status": "unavailable",
                    "version": version,
                    "database": { "reachable": false, "backend": backend },
                })),
            )
        }
    }
}
