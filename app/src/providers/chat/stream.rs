//! A streamed reply as it arrives: Ollama's newline-delimited JSON and OpenAI's server-sent
//! events read into the same events, with an idle timeout per piece instead of a total one.

use std::time::Duration;

use serde_json::Value;

use super::{ChatEnd, ChatEvent};
use crate::error::{ProviderName, ProviderProblem};
use crate::providers::ProviderError;

#[derive(Debug, Clone, Copy)]
pub(super) enum Format {
    OllamaLines,
    OpenAiEvents,
}

/// A reply as it arrives. A silence longer than the idle timeout is a provider timeout, but a
/// long reply is never cut off as a whole.
pub struct ReplyStream {
    provider: ProviderName,
    format: Format,
    response: reqwest::Response,
    idle: Duration,
    buffer: Vec<u8>,
    /// OpenAI: what arrived before `[DONE]`.
    end: ChatEnd,
    closed: bool,
}

impl ReplyStream {
    /// The next piece of text or the end; `None` after the end.
    pub async fn next(&mut self) -> Result<Option<ChatEvent>, ProviderError> {
        loop {
            while let Some(line) = self.take_line() {
                if let Some(event) = self.parse(&line)? {
                    if matches!(event, ChatEvent::End(_)) {
                        self.closed = true;
                    }
                    return Ok(Some(event));
                }
            }
            if self.closed {
                return Ok(None);
            }
            let chunk = tokio::time::timeout(self.idle, self.response.chunk()).await;
            match chunk {
                Err(_) => {
                    return Err(ProviderError::new(
                        self.provider,
                        ProviderProblem::Timeout,
                        "no data within the idle timeout",
                    ))
                }
                Ok(Err(e)) => return Err(ProviderError::transport(self.provider, e)),
                Ok(Ok(Some(bytes))) => self.buffer.extend_from_slice(&bytes),
                Ok(Ok(None)) => {
                    if !self.buffer.is_empty() {
                        self.buffer.push(b'\n');
                        continue;
                    }
                    return Err(ProviderError::new(
                        self.provider,
                        ProviderProblem::BadResponse,
                        "the stream ended before the reply did",
                    ));
                }
            }
        }
    }

    fn take_line(&mut self) -> Option<String> {
        let at = self.buffer.iter().position(|b| *b == b'\n')?;
        let line: Vec<u8> = self.buffer.drain(..=at).collect();
        Some(String::from_utf8_lossy(&line).trim().to_string())
    }

    fn parse(&mut self, line: &str) -> Result<Option<ChatEvent>, ProviderError> {
        let json = match self.format {
            Format::OllamaLines if line.is_empty() => return Ok(None),
            Format::OllamaLines => line,
            Format::OpenAiEvents => match line.strip_prefix("data:").map(str::trim) {
                Some("[DONE]") => return Ok(Some(ChatEvent::End(std::mem::take(&mut self.end)))),
                Some(data) => data,
                None => return Ok(None), // comments, `event:` lines, blank separators
            },
        };
        let value: Value = serde_json::from_str(json).map_err(|e| {
            ProviderError::new(self.provider, ProviderProblem::BadResponse, e.to_string())
        })?;
        if !value["error"].is_null() {
            // A failure after the answer began: the provider's own words, as for a status.
            return Err(ProviderError::answered(self.provider, 502, json));
        }
        let count = |v: &Value| v.as_u64().map(|n| n.min(u64::from(u32::MAX)) as u32);
        Ok(match self.format {
            Format::OllamaLines if value["done"] == true => Some(ChatEvent::End(ChatEnd {
                prompt_tokens: count(&value["prompt_eval_count"]),
                reply_tokens: count(&value["eval_count"]),
                done_reason: value["done_reason"].as_str().map(String::from),
            })),
            Format::OllamaLines => text_event(&value["message"]["content"]),
            Format::OpenAiEvents => {
                if let Some(usage) = value.get("usage").filter(|u| !u.is_null()) {
                    self.end.prompt_tokens = count(&usage["prompt_tokens"]);
                    self.end.reply_tokens = count(&usage["completion_tokens"]);
                }
                let choice = &value["choices"][0];
                if let Some(reason) = choice["finish_reason"].as_str() {
                    self.end.done_reason = Some(reason.to_string());
                }
                text_event(&choice["delta"]["content"])
            }
        })
    }
}

fn text_event(content: &Value) -> Option<ChatEvent> {
    content
        .as_str()
        .filter(|t| !t.is_empty())
        .map(|t| ChatEvent::Text(t.to_string()))
}

/// Sends `request`; a refusal (401, 429, 400 `context_length_exceeded`, …) becomes the error.
pub(super) async fn open(
    provider: ProviderName,
    format: Format,
    request: reqwest::RequestBuilder,
    idle: Duration,
) -> Result<ReplyStream, ProviderError> {
    let response = tokio::time::timeout(idle, request.send())
        .await
        .map_err(|_| ProviderError::new(provider, ProviderProblem::Timeout, "no answer"))?
        .map_err(|e| ProviderError::transport(provider, e))?;
    let status = response.status();
    if !status.is_success() {
        let body = response.text().await.unwrap_or_default();
        return Err(ProviderError::answered(provider, status.as_u16(), &body));
    }
    Ok(ReplyStream {
        provider,
        format,
        response,
        idle,
        buffer: Vec::new(),
        end: ChatEnd::default(),
        closed: false,
    })
}
