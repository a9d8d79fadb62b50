//! Requests written byte by byte over TCP, for what a well-behaved HTTP client cannot send:
//! cut-off bodies, broken chunked framing, a second request on a refused connection.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends `request` on a fresh connection to `base` (half-closing it when `half_close` is set,
/// so a cut-off body ends) and returns the status code and the whole answer as text.
pub async fn send(base: &str, request: &[u8], half_close: bool) -> (u16, String) {
    let mut stream = TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    stream.write_all(request).await.unwrap();
    if half_close {
        stream.shutdown().await.unwrap();
    }
    let text = read_response(&mut stream).await;
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// A form POST to `path` with extra header lines; `Content-Length` is added unless the
/// headers frame the body themselves.
pub fn post(path: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n{headers}"
    )
    .into_bytes();
    if !headers.to_ascii_lowercase().contains("content-length")
        && !headers.to_ascii_lowercase().contains("transfer-encoding")
    {
        req.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    req.extend_from_slice(b"\r\n");
    req.extend_from_slice(body);
    req
}

/// Reads one answer: its head and as much body as `Content-Length` says (or up to the end of
/// the connection), giving up after 10 s.
pub async fn read_response(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
            let text = String::from_utf8_lossy(&answer);
            if let Some(head_end) = text.find("\r\n\r\n") {
                let length = text[..head_end]
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                    })
                    .unwrap_or(0);
                if answer.len() >= head_end + 4 + length {
                    break;
                }
            }
        }
    })
    .await;
    String::from_utf8_lossy(&answer).to_string()
}
