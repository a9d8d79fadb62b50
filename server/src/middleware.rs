//! Request middleware: cross-origin refusal, the signed-in user's language, security headers,
//! and honest connection handling for requests answered before their body was read.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

use app::auth::session::{self, LOCALE_COOKIE, SESSION_COOKIE};
use app::error::AppError;
use app::server::error_response::refuse;
use app::server::AppState;

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

/// Headers every response carries: no MIME sniffing, no framing by other sites; and cache
/// lifetimes for static assets, so the cover fonts and the WASM bundle are fetched once.
pub async fn security_headers(req: Request<Body>, next: Next) -> Response {
    let cache = static_cache_policy(req.uri().path());
    let mut res = next.run(req).await;
    let ok = res.status().is_success();
    let headers = res.headers_mut();
    if let (Some(policy), true) = (cache, ok) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
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

/// Fonts never change under the same name; the bundle changes with each release, so it is
/// revalidated after an hour.
fn static_cache_policy(path: &str) -> Option<&'static str> {
    if path.starts_with("/fonts/") {
        Some("public, max-age=604800")
    } else if path.starts_with("/pkg/") || path == "/favicon.svg" {
        Some("public, max-age=3600")
    } else {
        None
    }
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
