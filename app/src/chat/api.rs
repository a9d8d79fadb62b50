//! Server functions for chat; another user's conversation answers "not found".

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Conversation, ConversationForm, ConversationPage, ConversationQuery, ModelGroup};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use {
    super::{db, reply, request, ChatProvider, PAGE_SIZE},
    crate::auth::signed_in,
    crate::error::{Field, FieldCheck},
    crate::infra::{now_ms, record_id},
    crate::state::AppState,
    shared::paging::{Page, MAX_SEARCH_CHARS},
    shared::text::SingleLine,
};

#[cfg(feature = "ssr")]
pub(super) fn checked<T>(
    result: Result<T, (Field, shared::input::InputProblem)>,
) -> Result<T, AppError> {
    result.map_err(|(field, problem)| AppError::invalid(field, problem))
}

/// The key a form sends with a submit, so a repeated submit is carried out once.
#[cfg(feature = "ssr")]
pub(super) fn request_key(key: &str) -> Result<String, AppError> {
    Ok(SingleLine::required(key, 64)
        .map_err(|_| AppError::BadRequest)?
        .into_string())
}

#[server(endpoint = "list_conversations")]
pub async fn list_conversations(
    #[server(default)] query: ConversationQuery,
) -> Result<ConversationPage, AppError> {
    let (state, user) = signed_in().await?;
    let mut query = query;
    query.search = SingleLine::parse(&query.search, MAX_SEARCH_CHARS)
        .field(Field::Search)?
        .into_string();
    let (items, total) = db::list(&state.db, &user.id, &query).await?;
    Ok(ConversationPage {
        items,
        total,
        page: query.page,
        pages: Page::count(total, PAGE_SIZE),
    })
}

#[server(endpoint = "get_conversation")]
pub async fn get_conversation(id: String) -> Result<Conversation, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    db::get(&state.db, &user.id, &id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Both providers' chat models, for the model picker.
#[server(endpoint = "chat_models")]
pub async fn chat_models() -> Result<Vec<ModelGroup>, AppError> {
    let (state, _) = signed_in().await?;
    let chat = &state.providers.chat;
    let (ollama, openai) = tokio::join!(
        chat.models(ChatProvider::Ollama.backend()),
        chat.models(ChatProvider::OpenAi.backend()),
    );
    Ok([
        (ChatProvider::Ollama, ollama),
        (ChatProvider::OpenAi, openai),
    ]
    .into_iter()
    .map(|(provider, listed)| match listed {
        Ok(models) => ModelGroup {
            provider,
            models,
            error: None,
        },
        Err(e) => ModelGroup {
            provider,
            models: Vec::new(),
            error: Some(e.into()),
        },
    })
    .collect())
}

/// The window for a model, asked of the provider (which also proves the model exists there).
#[cfg(feature = "ssr")]
async fn window(state: &AppState, settings: &request::Settings) -> Result<u32, AppError> {
    let backend = settings.provider.backend();
    let models = state.providers.chat.models(backend).await?;
    if !models.iter().any(|m| m == &settings.model) {
        return Err(AppError::invalid(
            Field::Model,
            shared::input::InputProblem::UnknownOption,
        ));
    }
    Ok(state
        .providers
        .chat
        .window(backend, &settings.model)
        .await?)
}

#[cfg(feature = "ssr")]
fn new_conversation<'a>(s: &'a request::Settings, window: u32) -> db::NewConversation<'a> {
    db::NewConversation {
        title: &s.title,
        provider: s.provider,
        model: &s.model,
        system_context: &s.system_context,
        temperature: s.temperature,
        max_reply_tokens: s.max_reply_tokens,
        window,
    }
}

/// Starts a conversation; returns its id (and opens it, for a form posted without JavaScript).
#[server(endpoint = "create_conversation")]
pub async fn create_conversation(form: ConversationForm) -> Result<String, AppError> {
    let (state, user) = signed_in().await?;
    let settings = checked(request::check_settings(&form))?;
    let window = window(&state, &settings).await?;
    let id = db::insert(
        &state.db,
        &user.id,
        &new_conversation(&settings, window),
        now_ms(),
    )
    .await?;
    if posted_from_a_page() {
        leptos_axum::redirect(&format!("/chat?id={id}"));
    }
    Ok(id)
}

/// Changes a conversation's model, system context, temperature, reply length or title.
#[server(endpoint = "update_conversation")]
pub async fn update_conversation(id: String, form: ConversationForm) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    let settings = checked(request::check_settings(&form))?;
    let window = window(&state, &settings).await?;
    let c = new_conversation(&settings, window);
    if !db::update(&state.db, &user.id, &id, &c, now_ms()).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

#[server(endpoint = "rename_conversation")]
pub async fn rename_conversation(id: String, title: String) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    let title = checked(request::check_title(&title))?;
    if !db::rename(&state.db, &user.id, &id, &title).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Pins or unpins (`pinned`), archives or restores (`archived`) a conversation.
#[server(endpoint = "mark_conversation")]
pub async fn mark_conversation(
    id: String,
    #[server(default)] pinned: Option<bool>,
    #[server(default)] archived: Option<bool>,
) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    for (flag, on) in [(db::Flag::Pinned, pinned), (db::Flag::Archived, archived)] {
        if let Some(on) = on {
            if !db::set_flag(&state.db, &user.id, &id, flag, on).await? {
                return Err(AppError::NotFound);
            }
        }
    }
    Ok(())
}

#[server(endpoint = "delete_conversation")]
pub async fn delete_conversation(id: String) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&id)?;
    if !db::delete(&state.db, &user.id, &id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The ids of a sent message and of its reply, which streams from
/// `/live/v1/chat/replies/{reply_id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sent {
    pub message_id: String,
    pub reply_id: String,
}

/// Sends a message and starts the reply. Refused, changing nothing, when the prompt would not
/// fit the model's window with room for the reply (the provider would silently drop part of
/// the conversation) and compressing the older messages first would not make it fit. `request_key` makes a repeated submit send once. A form posted without
/// JavaScript is answered when the reply is complete, so the page it returns to shows it.
#[server(endpoint = "send_message")]
pub async fn send_message(
    conversation_id: String,
    content: String,
    request_key: String,
) -> Result<Sent, AppError> {
    let (state, user) = signed_in().await?;
    record_id(&conversation_id)?;
    let content = checked(request::check_message(&content))?;
    let request_key = self::request_key(&request_key)?;
    let mut c = db::get(&state.db, &user.id, &conversation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // A repeated submit is answered with what the first one started, before any other check.
    if let Some(earlier) = db::find_exchange(&state.db, &conversation_id, &request_key).await? {
        if posted_from_a_page() {
            wait_for_reply(&state, &earlier.reply_id).await;
        }
        return Ok(Sent {
            message_id: earlier.message_id,
            reply_id: earlier.reply_id,
        });
    }
    let estimate = c.estimate(Some(&content));
    let mut with_message = c.clone();
    with_message
        .messages
        .push(super::Message::pending("", super::Role::User, &content));
    super::compress::ensure_room(&state, &with_message, estimate).await?;
    let exchange = db::add_exchange(
        &state.db,
        &user.id,
        &conversation_id,
        &content,
        &request_key,
        estimate,
        now_ms(),
    )
    .await?;
    if !exchange.repeated {
        // Started at once from what is known (no await between the commit and the start, so
        // a dropped request cannot leave a reply that nothing produces).
        c.messages.push(super::Message {
            id: exchange.message_id.clone(),
            ..super::Message::pending("", super::Role::User, &content)
        });
        reply::spawn(
            state.clone(),
            reply::ReplyRequest {
                conversation: c,
                reply_id: exchange.reply_id.clone(),
            },
        );
    }
    if posted_from_a_page() {
        wait_for_reply(&state, &exchange.reply_id).await;
    }
    Ok(Sent {
        message_id: exchange.message_id,
        reply_id: exchange.reply_id,
    })
}

/// Whether the request is a plain HTML form post (no JavaScript), which expects a page back.
#[cfg(feature = "ssr")]
pub(super) fn posted_from_a_page() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// Waits until this process's reply is complete (bounded by the provider's idle timeout per
/// wait, as the producer itself is).
#[cfg(feature = "ssr")]
pub(super) async fn wait_for_reply(state: &AppState, reply_id: &str) {
    let Some(mut live) = state.live.follow(reply_id) else {
        return;
    };
    let idle = state.providers.chat.idle;
    while !live.borrow_and_update().finished {
        match tokio::time::timeout(idle, live.changed()).await {
            Ok(Ok(())) => {}
            _ => break,
        }
    }
}

/// Stops a streaming reply; the text so far is kept.
#[server(endpoint = "stop_reply")]
pub async fn stop_reply(reply_id: String) -> Result<(), AppError> {
    let (state, user) = signed_in().await?;
    record_id(&reply_id)?;
    if db::request_stop(&state.db, &user.id, &reply_id).await? {
        state.live.stop(&reply_id);
        return Ok(());
    }
    // Finished already: nothing to stop. Not the user's: not found.
    match db::reply_text(&state.db, &user.id, &reply_id).await? {
        Some(_) => Ok(()),
        None => Err(AppError::NotFound),
    }
}
