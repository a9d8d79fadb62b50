//! Serving stored files over HTTP: Range requests (seeking in audio, resumed downloads),
//! `ETag`/`If-None-Match`, and download names. Feature modules decide who may see what and
//! call [`serve_owned_file`].

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::storage::{Backend, ByteRange, Storage, StorageError};
use super::StorageKey;
use crate::error::AppError;

/// The query of every media URL: `?download=1` asks for a file to save rather than show.
#[derive(serde::Deserialize)]
pub struct MediaQuery {
    #[serde(default)]
    download: Option<String>,
}

impl MediaQuery {
    pub fn wants_download(&self) -> bool {
        self.download.is_some()
    }
}

/// A stored file its owner asked for, after the feature checked that they own it.
pub struct OwnedFile {
    pub backend: Backend,
    pub key: StorageKey,
    pub mime: String,
    /// Unique per stored object; stored files never change, so it never goes stale.
    pub etag: String,
    /// The name to save the file under, when the owner asked to download it.
    pub download_name: Option<String>,
}

/// Answers with a file its owner may see: ranges and validators as [`serve_object`], cached
/// privately for a year (files never change once written; an edit is a new object). With
/// presigned downloads configured, an S3 object is a redirect to the bucket instead.
pub async fn serve_owned_file(storage: &Storage, headers: &HeaderMap, file: OwnedFile) -> Response {
    if let Some(url) = storage
        .presigned_url(
            file.backend,
            &file.key,
            &file.mime,
            file.download_name.as_deref(),
        )
        .await
    {
        return match HeaderValue::from_str(&url) {
            Ok(location) => (
                StatusCode::TEMPORARY_REDIRECT,
                [
                    (header::LOCATION, location),
                    (
                        header::CACHE_CONTROL,
                        HeaderValue::from_static("private, no-store"),
                    ),
                ],
            )
                .into_response(),
            Err(_) => AppError::Internal.into_response(),
        };
    }
    let disposition = file.download_name.map(Disposition::Attachment);
    let mut response = serve_object(
        storage,
        headers,
        file.backend,
        &file.key,
        &file.mime,
        &file.etag,
        disposition,
    )
    .await;
    // Only the file itself: a 404, 416 or an outage must not be remembered for a year.
    if matches!(
        response.status(),
        StatusCode::OK | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED
    ) {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, max-age=31536000, immutable"),
        );
    }
    response
}

/// How the browser should treat the file.
pub enum Disposition {
    /// Save it under this name.
    Attachment(String),
}

/// What the `Range` header asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum RangeRequest {
    /// No (usable) Range header: the whole file.
    Full,
    From(ByteRange),
    /// The last n bytes (`bytes=-n`).
    Suffix(u64),
    /// Syntactically a byte range, but one we cannot serve.
    Unsatisfiable,
}

/// Parses a single `bytes=` range. Multiple ranges are answered with the whole file, which
/// RFC 9110 allows and no media player needs otherwise.
pub fn parse_range(value: Option<&str>) -> RangeRequest {
    let Some(spec) = value.and_then(|v| v.trim().strip_prefix("bytes=")) else {
        return RangeRequest::Full;
    };
    if spec.contains(',') {
        return RangeRequest::Full;
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return RangeRequest::Unsatisfiable;
    };
    let (a, b) = (a.trim(), b.trim());
    match (a.is_empty(), b.is_empty()) {
        (true, false) => match b.parse::<u64>() {
            Ok(0) | Err(_) => RangeRequest::Unsatisfiable,
            Ok(n) => RangeRequest::Suffix(n),
        },
        (false, _) => {
            let Ok(start) = a.parse::<u64>() else {
                return RangeRequest::Unsatisfiable;
            };
            let end = if b.is_empty() {
                None
            } else {
                match b.parse::<u64>() {
                    Ok(e) if e >= start => Some(e),
                    _ => return RangeRequest::Unsatisfiable,
                }
            };
            RangeRequest::From(ByteRange { start, end })
        }
        (true, true) => RangeRequest::Unsatisfiable,
    }
}

fn etag_matches(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
}

/// RFC 6266 `attachment` with an ASCII fallback name and the UTF-8 name.
pub fn content_disposition(name: &str) -> HeaderValue {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// Answers a GET for a stored object, streamed: 200, 206 for a range, 304 when the client's
/// copy is current, 416 for a range outside the file, 404 when the file is missing.
pub async fn serve_object(
    storage: &Storage,
    headers: &HeaderMap,
    backend: Backend,
    key: &StorageKey,
    mime: &str,
    etag: &str,
    disposition: Option<Disposition>,
) -> Response {
    let mut base = HeaderMap::new();
    base.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if let Ok(v) = HeaderValue::from_str(etag) {
        base.insert(header::ETAG, v);
    }
    if let Some(Disposition::Attachment(name)) = &disposition {
        base.insert(header::CONTENT_DISPOSITION, content_disposition(name));
    }
    if etag_matches(headers, etag) {
        return (StatusCode::NOT_MODIFIED, base).into_response();
    }
    let range = parse_range(headers.get(header::RANGE).and_then(|v| v.to_str().ok()));
    let wanted = match range {
        RangeRequest::Full => None,
        RangeRequest::From(r) => Some(r),
        RangeRequest::Suffix(n) => match storage.size(backend, key).await {
            Ok(total) => Some(ByteRange {
                start: total.saturating_sub(n),
                end: None,
            }),
            Err(e) => return storage_failure(e, base, 0),
        },
        RangeRequest::Unsatisfiable => {
            let total = storage.size(backend, key).await.unwrap_or(0);
            return storage_failure(StorageError::BadRange, base, total);
        }
    };
    let read = match storage.read(backend, key, wanted).await {
        Ok(r) => r,
        Err(StorageError::BadRange) => {
            let total = storage.size(backend, key).await.unwrap_or(0);
            return storage_failure(StorageError::BadRange, base, total);
        }
        Err(e) => return storage_failure(e, base, 0),
    };
    let mut headers = base;
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(mime).unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    let status = if wanted.is_some() {
        if let Ok(v) =
            HeaderValue::from_str(&format!("bytes {}-{}/{}", read.start, read.end, read.total))
        {
            headers.insert(header::CONTENT_RANGE, v);
        }
        StatusCode::PARTIAL_CONTENT
    } else {
        StatusCode::OK
    };
    // Known up front, so clients see sizes and progress although the body is a stream.
    let length = if read.total == 0 {
        0
    } else {
        read.end - read.start + 1
    };
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    (status, headers, Body::from_stream(read.body)).into_response()
}

fn storage_failure(err: StorageError, mut headers: HeaderMap, total: u64) -> Response {
    match err {
        StorageError::NotFound => AppError::NotFound.into_response(),
        StorageError::BadRange => {
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{total}")) {
                headers.insert(header::CONTENT_RANGE, v);
            }
            (StatusCode::RANGE_NOT_SATISFIABLE, headers).into_response()
        }
        other => AppError::from(other).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse() {
        let from = |start, end| RangeRequest::From(ByteRange { start, end });
        assert_eq!(parse_range(None), RangeRequest::Full);
        assert_eq!(parse_range(Some("bytes=0-99")), from(0, Some(99)));
        assert_eq!(parse_range(Some("bytes=100-")), from(100, None));
        assert_eq!(parse_range(Some("bytes=-500")), RangeRequest::Suffix(500));
        assert_eq!(parse_range(Some("bytes=0-1,5-6")), RangeRequest::Full);
        assert_eq!(parse_range(Some("bytes=9-3")), RangeRequest::Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=x-")), RangeRequest::Unsatisfiable);
        assert_eq!(parse_range(Some("items=0-1")), RangeRequest::Full);
    }

    #[test]
    fn download_names_are_quoted_safely() {
        let v = content_disposition("Grün \"x\".png");
        let s = v.to_str().unwrap();
        assert!(
            s.starts_with("attachment; filename=\"Gr_n _x_.png\""),
            "{s}"
        );
        assert!(
            s.contains("filename*=UTF-8''Gr%C3%BCn%20%22x%22.png"),
            "{s}"
        );
    }
}
