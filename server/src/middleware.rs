//! Request middleware: cross-origin refusal, the signed-in user's language, security headers,
//! and honest connection handling for requests answered before their body was read.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use app::auth::session::{self, LOCALE_COOKIE, SESSION_COOKIE};
use app::error::AppError;
use app::infra::error_response::refuse;
use app::state::AppState;

/// Refuses state-changing requests that a browser sent on behalf of another site.
///
/// Browsers mark every request with `Sec-Fetch-Site` and every POST with `Origin`; either one
/// naming another site means a forged form or script. Requests with neither come from
/// non-browser clients (the CLI), which cannot be tricked into sending the user's cookie.
pub async fn refuse_cross_origin(
    State(allowed): State<Arc<Vec<String>>>,
    req: Request,
    next: Next,
) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let foreign = match (fetch_site, origin) {
        (Some("same-origin" | "none"), _) => false,
        (Some(_), _) => true,
        (None, Some(origin)) => !origin_matches(origin, host, &allowed),
        (None, None) => false,
    };
    if foreign {
        tracing::warn!(origin, fetch_site, path = %req.uri().path(), "refused cross-origin request");
        return refuse(req.into_body(), AppError::CrossOrigin).await;
    }
    next.run(req).await
}

fn origin_matches(origin: &str, host: Option<&str>, allowed: &[String]) -> bool {
    let origin = origin.trim_end_matches('/');
    if allowed.iter().any(|a| a == origin) {
        return true;
    }
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
}

/// Renders pages in the signed-in user's stored language even when this browser's locale
/// cookie says otherwise (signed in elsewhere, cookie cleared): the precedence is user setting,
/// then cookie, then `Accept-Language`. It rewrites the request's cookie for the renderer and
/// sends the corrected cookie back.
pub async fn locale_from_profile(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let is_page = req.method() == Method::GET
        && !req.uri().path().starts_with("/api/")
        && !req.uri().path().starts_with("/pkg/")
        && req.uri().path() != "/health";
    if !is_page {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let wanted = match session::cookie_value(&parts, SESSION_COOKIE) {
        Some(token) => session::user_for_token(&state, &token)
            .await
            .ok()
            .flatten()
            .and_then(|u| u.language),
        None => None,
    };
    let current = session::cookie_value(&parts, LOCALE_COOKIE);
    let Some(wanted) = wanted.filter(|w| Some(w) != current.as_ref()) else {
        return next.run(Request::from_parts(parts, body)).await;
    };
    let others: Vec<String> = parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|c| !c.is_empty() && !c.starts_with(&format!("{LOCALE_COOKIE}=")))
        .map(String::from)
        .collect();
    let cookie = [others, vec![format!("{LOCALE_COOKIE}={wanted}")]]
        .concat()
        .join("; ");
    parts.headers.remove(header::COOKIE);
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        parts.headers.insert(header::COOKIE, value);
    }
    req = Request::from_parts(parts, body);
    let mut res = next.run(req).await;
    let set = format!("{LOCALE_COOKIE}={wanted}; Path=/; SameSite=Lax; Max-Age=31536000");
    if let Ok(value) = HeaderValue::from_str(&set) {
        res.headers_mut().append(header::SET_COOKIE, value);
    }
    res
}

/// Headers every response carries: no MIME sniffing, no framing by other sites; and how long
/// a browser may keep what it got (see [`cache_policy`]).
pub async fn security_headers(req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let is_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let status = res.status();
    let cacheable = is_page || status.is_success() || status == StatusCode::NOT_MODIFIED;
    let headers = res.headers_mut();
    if cacheable && !headers.contains_key(header::CACHE_CONTROL) {
        if let Some(policy) = cache_policy(&path, is_page) {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        }
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    res
}

/// A bundle file whose name carries its content hash (`aitoolbox.<hash>.wasm`, written by
/// cargo-leptos's `hash-files`) never changes under that name, so browsers keep it for a year
/// without asking again; a new release has new names. Fonts keep their names across releases
/// but never change either: a week. Unhashed bundle files (a build without hashing) and the
/// icon are revalidated after an hour. Pages hold the signed-in user's data and change with
/// every action: the browser may keep them for back/forward but asks the server each time, and
/// shared caches never store them. Error answers carry no lifetime at all.
pub(crate) fn cache_policy(path: &str, is_page: bool) -> Option<&'static str> {
    if is_page {
        Some("private, no-cache")
    } else if path.starts_with("/pkg/") && has_content_hash(path) {
        Some("public, max-age=31536000, immutable")
    } else if path.starts_with("/fonts/") {
        Some("public, max-age=604800")
    } else if path.starts_with("/pkg/") || path == "/favicon.svg" {
        Some("public, max-age=3600")
    } else {
        None
    }
}

/// Whether a file name has cargo-leptos's hash part: 22 URL-safe Base64 characters (an MD5)
/// between the stem and the extension. Its placeholder for unhashed builds is 22 underscores.
fn has_content_hash(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut parts = name.rsplit('.');
    let (_ext, hash) = (parts.next(), parts.next().unwrap_or(""));
    hash.len() == 22
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !hash.bytes().all(|b| b == b'_')
}

/// Says `Connection: close` on any answer given before the request's body was read to its end
/// (an extractor's refusal, a check that failed early): the unread rest would otherwise be taken
/// for the next request, so the server drops the connection, and without this header the
/// client's next request on it fails for no visible reason. Requests without a body pass as
/// they are.
pub async fn close_if_body_unread(req: Request, next: Next) -> Response {
    use http_body::Body as _;
    let (parts, body) = req.into_parts();
    if body.is_end_stream() {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let read = Arc::new(AtomicBool::new(false));
    let tracked = Body::new(ReadToEnd {
        inner: body,
        read: read.clone(),
    });
    let mut res = next.run(Request::from_parts(parts, tracked)).await;
    if !read.load(Ordering::Acquire) {
        res.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    res
}

/// A request body that notes when it has been read to its end.
struct ReadToEnd {
    inner: Body,
    read: Arc<AtomicBool>,
}

impl http_body::Body for ReadToEnd {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let frame = Pin::new(&mut self.inner).poll_frame(cx);
        if matches!(frame, Poll::Ready(None)) || self.inner.is_end_stream() {
            self.read.store(true, Ordering::Release);
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashed_bundle_files_are_immutable() {
        let immutable = Some("public, max-age=31536000, immutable");
        for hashed in [
            "/pkg/aitoolbox.Gq9kXZ0w3nC1pTqYv8aB-_.wasm",
            "/pkg/__wasm_split.Gq9kXZ0w3nC1pTqYv8aB-_.js",
            "/pkg/chunk_3_feature.Gq9kXZ0w3nC1pTqYv8aB-_.wasm",
        ] {
            assert_eq!(cache_policy(hashed, false), immutable, "{hashed}");
        }
        for plain in [
            "/pkg/aitoolbox.wasm",
            "/pkg/__wasm_split.______________________.js",
            "/pkg/aitoolbox.css",
        ] {
            assert_eq!(
                cache_policy(plain, false),
                Some("public, max-age=3600"),
                "{plain}"
            );
        }
        assert_eq!(cache_policy("/images", true), Some("private, no-cache"));
        assert_eq!(
            cache_policy("/fonts/a.ttf", false),
            Some("public, max-age=604800")
        );
        assert_eq!(cache_policy("/api/login", false), None);
    }
}
