//! One message as the conversation shows it: the user's as plain text, the model's as safe
//! Markdown, each with a copy button, and a note for a reply that did not end normally.

use leptos::prelude::*;

use super::{Message, ReplyState, Role};
use crate::i18n::*;
use crate::ui::error_text::error_text;
use crate::ui::number::whole;

/// Copies a text and says so (in chat's words).
pub fn copier() -> impl Fn(String) + Copy + 'static {
    let i18n = use_i18n();
    crate::ui::clipboard::copier(move || t_string!(i18n, chat.copied).to_string())
}

/// A handler for the message list: a click on a code block's copy button (rendered inside
/// model output, so it has no handler of its own) copies that block.
pub fn code_copy_handler() -> impl Fn(leptos::ev::MouseEvent) + Copy + 'static {
    let copy = copier();
    move |ev| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let Some(button) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            if !button.class_list().contains("copy-code") {
                return;
            }
            let code = button
                .parent_element()
                .and_then(|block| block.query_selector("code").ok().flatten())
                .and_then(|code| code.text_content());
            if let Some(code) = code {
                copy(code);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, copy);
    }
}

#[component]
pub fn MessageItem(
    message: Message,
    /// The text of a reply that is streaming now.
    #[prop(optional)]
    live: Option<RwSignal<String>>,
    /// What can be done to it besides copying (`message_actions`).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let copy = copier();
    let role = message.role;
    let is_user = role == Role::User;
    let content = message.content.clone();
    let text = Signal::derive(move || match live {
        Some(live) => live.get(),
        None => content.clone(),
    });
    let body = move || {
        if is_user {
            view! { <div class="message-text">{text.get()}</div> }.into_any()
        } else {
            let label = t_string!(i18n, chat.copy_code).to_string();
            let html = shared::chat::markdown::to_safe_html(&text.get(), &label);
            view! { <div class="message-text markdown" inner_html=html></div> }.into_any()
        }
    };
    let streaming = message.state == ReplyState::Streaming;
    let note = move || -> Option<String> {
        Some(match message.state {
            ReplyState::Streaming | ReplyState::Done => return None,
            ReplyState::Stopped => t_string!(i18n, chat.reply_stopped).to_string(),
            ReplyState::Interrupted => t_string!(i18n, chat.reply_interrupted).to_string(),
            ReplyState::Failed => match &message.error {
                Some(e) => t_string!(
                    i18n,
                    chat.reply_failed_because,
                    reason = error_text(i18n, e)
                )
                .to_string(),
                None => t_string!(i18n, chat.reply_failed).to_string(),
            },
        })
    };
    let cut = message.done_reason.as_deref() == Some("length");
    let truncated = message.truncated.then(|| {
        let counted = whole(i18n, u64::from(message.prompt_tokens.unwrap_or(0)));
        let expected = whole(i18n, u64::from(message.prompt_estimate.unwrap_or(0)));
        t_string!(i18n, chat.truncated, counted = counted, expected = expected).to_string()
    });
    let role_label = move || match role {
        Role::User => t_string!(i18n, chat.you).to_string(),
        Role::Assistant => t_string!(i18n, chat.model).to_string(),
        Role::Summary => t_string!(i18n, chat.summary).to_string(),
    };
    let class = match role {
        Role::User => "message message-user",
        Role::Assistant => "message message-model",
        Role::Summary => "message message-summary",
    };
    view! {
        <li class=class data-state=message.state.as_str() aria-busy=streaming.then_some("true")>
            <div class="message-head">
                <span class="message-role">{role_label}</span>
                <button type="button" class="button button-quiet button-small" on:click=move |_| copy(text.get_untracked())
                    aria-label=move || t_string!(i18n, chat.copy_message)>{t!(i18n, chat.copy)}</button>
            </div>
            {body}
            {streaming.then(|| view! {
                <p class="message-note muted"><span class="spinner" aria-hidden="true"></span>{t!(i18n, chat.writing)}</p>
                <noscript><p class="message-note">{t!(i18n, chat.writing_reload)}</p></noscript>
            })}
            {move || note().map(|n| view! { <p class="message-note message-warning" role="status">{n}</p> })}
            {cut.then(|| view! { <p class="message-note muted">{t!(i18n, chat.reply_cut)}</p> })}
            {truncated.map(|t| view! { <p class="message-note message-warning" role="alert" data-testid="truncated">{t}</p> })}
            {children.map(|children| children())}
        </li>
    }
}
