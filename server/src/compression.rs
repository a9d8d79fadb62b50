//! Compressed responses: the compiled WASM, JS and CSS are compressed once at build time
//! (`scripts/precompress.mjs` writes `.br` and `.gz` beside each file) and served as they are;
//! pages, server function answers and fonts are compressed per response, brotli or gzip as the
//! client accepts. Audio, images and ranged answers are left alone: they are compressed already,
//! and a compressed byte range would no longer be the range that was asked for.

use std::path::Path;

use axum::http::{header, HeaderMap, StatusCode, Version};
use axum::Router;
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// Content types worth compressing on the fly.
const COMPRESSIBLE: [&str; 8] = [
    "text/html",
    "text/css",
    "text/plain",
    "application/json",
    "application/javascript",
    "text/javascript",
    "application/wasm",
    "image/svg+xml",
];

fn compressible(status: StatusCode, headers: &HeaderMap) -> bool {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    status != StatusCode::PARTIAL_CONTENT
        && !headers.contains_key(header::CONTENT_ENCODING)
        && !headers.contains_key(header::CONTENT_RANGE)
        && (COMPRESSIBLE.iter().any(|t| content_type.starts_with(t))
            || content_type.starts_with("font/"))
}

/// The per-response compression for everything the router answers.
pub fn layer() -> CompressionLayer<impl Predicate> {
    let predicate = SizeAbove::new(256).and(
        |status: StatusCode, _: Version, headers: &HeaderMap, _: &axum::http::Extensions| {
            compressible(status, headers)
        },
    );
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(tower_http::CompressionLevel::Fastest)
        .compress_when(predicate)
}

/// Serves `/pkg/` (the compiled bundle) with the precompressed siblings when the client takes
/// them; without them (a build that skipped the step) the per-response layer compresses.
pub fn bundle_routes<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    site_root: &str,
    pkg_dir: &str,
) -> Router<S> {
    let dir = Path::new(site_root).join(pkg_dir);
    router.nest_service(
        &format!("/{pkg_dir}"),
        ServeDir::new(dir).precompressed_br().precompressed_gzip(),
    )
}
