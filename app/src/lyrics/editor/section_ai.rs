//! The server side of a section suggestion: the prompt (the template's instructions, the whole
//! song, the section) and the model's streamed answer as text pieces.
//!
//! It runs on the template's model at Ollama, like every other template operation; only the
//! transport differs (streamed, so the writer watches the suggestion form).

use futures::Stream;

use super::SectionAction;
use crate::error::AppError;
use crate::providers::chat::{ChatBackend, ChatCall, ChatEvent, Turn};
use crate::state::AppState;
use crate::templates::{db as templates, PromptTemplate};

/// The user turn: the song for context, then the section, then the template's closing
/// instruction (`{lines}` in it is the number of lines to add).
pub fn user_turn(
    template: &PromptTemplate,
    song: &str,
    label: &str,
    text: &str,
    lines: u32,
) -> String {
    let name = if label.is_empty() { "untitled" } else { label };
    let post = template
        .post_condition
        .replace("{lines}", &lines.to_string());
    format!(
        "The whole song:\n{}\n\nThe section ({name}):\n{}\n\n{}",
        song.trim(),
        text.trim(),
        post.trim()
    )
}

/// Opens the model's stream for `action` on the section; errors before the first piece (no
/// template, provider down) are returned here, later ones end the stream.
pub async fn start(
    state: &AppState,
    action: SectionAction,
    song: &str,
    label: &str,
    text: &str,
    lines: u32,
) -> Result<impl Stream<Item = Result<String, AppError>> + Send + 'static, AppError> {
    let template = templates::by_purpose(&state.db, "lyrics", action.template_action())
        .await?
        .filter(|t| t.active)
        .ok_or_else(|| {
            tracing::error!(action = action.template_action(), "lyrics template missing");
            AppError::NotFound
        })?;
    let chat = &state.providers.chat;
    let window = chat.window(ChatBackend::Ollama, &template.model).await?;
    let call = ChatCall {
        model: template.model.clone(),
        turns: vec![
            Turn {
                role: "system",
                content: template.pre_condition.clone(),
            },
            Turn {
                role: "user",
                content: user_turn(&template, song, label, text, lines),
            },
        ],
        temperature: template.temperature,
        max_reply_tokens: u32::try_from(template.max_tokens).unwrap_or(u32::MAX),
        window,
    };
    let reply = chat.stream(ChatBackend::Ollama, &call).await?;
    Ok(futures::stream::unfold(Some(reply), |reply| async move {
        let mut reply = reply?;
        loop {
            match reply.next().await {
                Ok(Some(ChatEvent::Text(piece))) if piece.is_empty() => continue,
                Ok(Some(ChatEvent::Text(piece))) => return Some((Ok(piece), Some(reply))),
                Ok(Some(ChatEvent::End(_))) | Ok(None) => return None,
                Err(e) => return Some((Err(AppError::from(e)), None)),
            }
        }
    }))
}
