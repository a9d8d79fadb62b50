//! What a server function may be sent, checked once before any of them runs.
//!
//! The framework reads a body on its own and calls everything that goes wrong on the way a
//! "deserialization" error, and it decodes percent-escapes that are not UTF-8 into U+FFFD without
//! a word. Here, in front of every `/api/` call, the body is read under a size limit (413 over
//! it, 400 when it breaks off or its chunked framing is broken), refused when it is encoded in a
//! way no server function reads (400), and its form fields are checked to be text: a value that
//! is not UTF-8 or holds NUL is refused with 422 naming its field. The framework then gets the
//! body as bytes it can no longer fail to read.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use shared::input::InputProblem;

use super::error_response::{is_server_fn, refuse};
use crate::error::{AppError, Field};

/// Largest body a server function accepts: far above the longest form (20,000 characters of
/// lyrics, percent-encoded), far below what could hurt. Files travel over streaming endpoints.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// The server functions that take a file's text: their body may hold one, form-encoded
/// (which can triple JSON's punctuation).
const FILE_TEXT_FUNCTIONS: [&str; 1] = ["/api/import_conversation"];

/// The most a server function's body may take.
fn body_limit(path: &str) -> usize {
    if FILE_TEXT_FUNCTIONS.contains(&path) {
        shared::input::MAX_FILE_TEXT_BYTES * 3 + 1024
    } else {
        MAX_BODY_BYTES
    }
}
/// Deepest key nesting a form may use (`request[lyrics]` is one level).
const MAX_KEY_DEPTH: usize = 4;
/// Longest form key.
const MAX_KEY_BYTES: usize = 256;
/// Arguments that only say where to go next: whatever they hold, the function falls back to a
/// safe place (`safe_next` sends anything odd to the start page), so a crafted sign-in link
/// still lets the person sign in instead of failing the whole form.
const NAVIGATION_KEYS: [&str; 1] = ["next"];

/// The middleware; see the module docs.
pub async fn checked_server_fn_body(req: Request, next: Next) -> Response {
    if !is_server_fn(req.uri()) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let limit = body_limit(parts.uri.path());
    if let Err(err) = check_headers(&parts.method, &parts.headers, limit) {
        tracing::debug!(path = %parts.uri.path(), error = %err, "server function body refused");
        return refuse(body, err).await;
    }
    let bytes = match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            let err = if e.is::<http_body_util::LengthLimitError>() {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest
            };
            tracing::debug!(path = %parts.uri.path(), error = %e, "server function body unreadable");
            // Whatever is left of the body is unread: the connection cannot be reused.
            let mut response = err.into_response();
            response.headers_mut().insert(
                header::CONNECTION,
                header::HeaderValue::from_static("close"),
            );
            return response;
        }
    };
    let query = parts.uri.query().unwrap_or("").as_bytes();
    if let Err(err) = check_form(query).and_then(|()| check_form(&bytes)) {
        tracing::debug!(path = %parts.uri.path(), error = %err, "server function arguments refused");
        return refuse(Body::empty(), err).await;
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Refuses bodies no server function reads before reading them: compressed (no server
/// function decompresses), of another media type than a form, or declared too large.
fn check_headers(method: &Method, headers: &HeaderMap, limit: usize) -> Result<(), AppError> {
    let text = |name| headers.get(name).map(|v| v.to_str().unwrap_or("\u{0}"));
    if let Some(encoding) = text(header::CONTENT_ENCODING) {
        if !encoding.trim().eq_ignore_ascii_case("identity") {
            return Err(AppError::BadRequest);
        }
    }
    if let Some(length) = text(header::CONTENT_LENGTH) {
        match length.trim().parse::<u64>() {
            Ok(n) if n > limit as u64 => return Err(AppError::PayloadTooLarge),
            Ok(_) => {}
            Err(_) => return Err(AppError::BadRequest),
        }
    }
    if *method == Method::POST {
        // Every server function takes a URL-encoded form (the default input encoding); one
        // that takes another encoding adds it here together with its text check.
        let media_type = text(header::CONTENT_TYPE).map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
        match media_type.as_deref() {
            None | Some("application/x-www-form-urlencoded") => {}
            Some(_) => return Err(AppError::BadRequest),
        }
    }
    Ok(())
}

/// Checks every key and value of a URL-encoded form: keys bounded and shallow, values text.
///
/// A key given twice is refused too (except list keys, `name[]`): which of the two values counts
/// would otherwise depend on the decoder.
fn check_form(form: &[u8]) -> Result<(), AppError> {
    let mut seen = std::collections::HashSet::new();
    for pair in form.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let (key, value) = match pair.iter().position(|b| *b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        let key = String::from_utf8(percent_decode(key)).map_err(|_| AppError::BadRequest)?;
        let depth = key.matches('[').count();
        if key.len() > MAX_KEY_BYTES || depth > MAX_KEY_DEPTH || key.contains('\u{0}') {
            return Err(AppError::BadRequest);
        }
        if !key.ends_with("[]") && !seen.insert(key.clone()) {
            return Err(AppError::BadRequest);
        }
        if NAVIGATION_KEYS.contains(&key.as_str()) {
            continue;
        }
        let value = percent_decode(value);
        if std::str::from_utf8(&value).is_err() || value.contains(&0) {
            return Err(match Field::from_argument(&key) {
                Some(field) => AppError::invalid(field, InputProblem::InvalidCharacters),
                None => AppError::BadRequest,
            });
        }
    }
    Ok(())
}

/// `application/x-www-form-urlencoded` decoding to bytes: `+` is a space, `%XX` a byte; a `%`
/// not followed by two hex digits stays as it is (as the framework's decoder keeps it).
fn percent_decode(input: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < input.len() => match (hex(input[i + 1]), hex(input[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_like_browsers_send_them() {
        assert_eq!(percent_decode(b"a+b%20c%C3%BC"), "a b cü".as_bytes());
        assert_eq!(percent_decode(b"100%"), b"100%");
        assert_eq!(percent_decode(b"%zz%4"), b"%zz%4");
        assert_eq!(percent_decode(b"%41"), b"A");
    }

    #[test]
    fn values_must_be_text_and_keys_shallow() {
        assert!(check_form(b"title=Gr%C3%BC%C3%9Fe&tags=").is_ok());
        assert_eq!(
            check_form(b"title=a%00b"),
            Err(AppError::invalid(
                Field::Title,
                InputProblem::InvalidCharacters
            ))
        );
        assert_eq!(
            check_form(b"request%5Blyrics%5D=%FF"),
            Err(AppError::invalid(
                Field::Lyrics,
                InputProblem::InvalidCharacters
            ))
        );
        assert_eq!(check_form(b"id=%00"), Err(AppError::BadRequest));
        assert!(
            check_form(b"next=%00%FF").is_ok(),
            "the caller falls back to a safe page"
        );
        assert_eq!(check_form(b"a[b][c][d][e][f]=1"), Err(AppError::BadRequest));
        assert_eq!(check_form(b"title=a&title=b"), Err(AppError::BadRequest));
        assert!(check_form(b"ids[]=a&ids[]=b").is_ok());
    }
}
