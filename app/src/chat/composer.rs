//! Writing a message: Enter sends, Shift+Enter starts a new line. The message appears at once
//! and its reply streams in below it; while it does, a stop button ends it. What the next
//! prompt will take is shown as the user types, and a message that would not fit is held back
//! with the reason. Without JavaScript the form posts and the page comes back with the answer.

use leptos::prelude::*;
use shared::chat::context;

use super::api::{send_message, stop_reply};
use super::open::{request_key, OpenConversation};
use super::request::check_message;
use super::{Message, Role, MAX_MESSAGE_CHARS};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::form::ErrorBanner;
use crate::ui::number::whole;

const PENDING_MESSAGE: &str = "pending-message";
const PENDING_REPLY: &str = "pending-reply";

#[component]
pub fn Composer(open: OpenConversation) -> impl IntoView {
    let i18n = use_i18n();
    let c = open.conversation;
    let draft = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let sending = RwSignal::new(false);
    let key = RwSignal::new(request_key());
    // Stop pressed before the server named the reply: stopped as soon as it does.
    let stop_wanted = RwSignal::new(false);
    let conversation_id = c.with_untracked(|c| c.id.clone());
    let estimate = Memo::new(move |_| {
        let text = draft.get();
        c.with(|c| c.estimate(Some(text.trim())))
    });
    let room = move || c.with(|c| (context::reply_room(c.max_reply_tokens, c.window), c.window));
    let fits = move || {
        let (reply_room, window) = room();
        context::fits(estimate.get(), reply_room, window)
    };
    let busy = move || open.streaming.get().is_some() || sending.get();
    let send = {
        let conversation_id = conversation_id.clone();
        move || {
            let content = draft.get_untracked();
            if let Err((field, problem)) = check_message(&content) {
                error.set(Some(AppError::invalid(field, problem)));
                return;
            }
            if busy() || !fits() {
                return;
            }
            c.update(|c| {
                c.messages
                    .push(Message::pending(PENDING_MESSAGE, Role::User, &content));
                c.messages
                    .push(Message::pending(PENDING_REPLY, Role::Assistant, ""));
            });
            open.streaming.set(Some(PENDING_REPLY.into()));
            open.live_text.set(String::new());
            draft.set(String::new());
            error.set(None);
            sending.set(true);
            stop_wanted.set(false);
            let (conversation_id, sent_key) = (conversation_id.clone(), key.get_untracked());
            leptos::task::spawn_local(async move {
                match send_message(conversation_id, content.clone(), sent_key).await {
                    Ok(sent) => {
                        key.set(request_key());
                        c.update(|c| {
                            for m in &mut c.messages {
                                match m.id.as_str() {
                                    PENDING_MESSAGE => m.id = sent.message_id.clone(),
                                    PENDING_REPLY => m.id = sent.reply_id.clone(),
                                    _ => {}
                                }
                            }
                        });
                        if stop_wanted.get_untracked() {
                            let reply = sent.reply_id.clone();
                            leptos::task::spawn_local(async move {
                                let _ = stop_reply(reply).await;
                            });
                        }
                        open.follow(sent.reply_id);
                    }
                    Err(e) => {
                        c.update(|c| c.messages.retain(|m| !m.id.starts_with("pending-")));
                        open.streaming.set(None);
                        draft.set(content);
                        error.set(Some(e));
                    }
                }
                sending.set(false);
            });
        }
    };
    let on_submit = {
        let send = send.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            send();
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let plain = !(ev.shift_key() || ev.alt_key() || ev.ctrl_key() || ev.meta_key());
        if ev.key() == "Enter" && plain && !ev.is_composing() {
            ev.prevent_default();
            send();
        }
    };
    let stop = move |_| {
        if let Some(reply) = open
            .streaming
            .get_untracked()
            .filter(|id| !id.starts_with("pending-"))
        {
            leptos::task::spawn_local(async move {
                let _ = stop_reply(reply).await;
            });
        }
    };
    let estimate_text = move || {
        let (reply_room, window) = room();
        let values = (
            whole(i18n, u64::from(estimate.get())),
            whole(i18n, u64::from(reply_room)),
            whole(i18n, u64::from(window)),
        );
        if fits() {
            t_string!(i18n, chat.next_prompt, prompt = values.0, window = values.2).to_string()
        } else {
            t_string!(
                i18n,
                errors.context_full,
                prompt = values.0,
                reply_room = values.1,
                window = values.2
            )
            .to_string()
        }
    };
    view! {
        <form class="composer" method="post" action="/api/send_message" on:submit=on_submit>
            <input type="hidden" name="conversation_id" value=conversation_id />
            <input type="hidden" name="request_key" value=move || key.get() />
            <label for="chat-message" class="visually-hidden">{t!(i18n, fields.message)}</label>
            <textarea id="chat-message" name="content" rows="3" required maxlength=MAX_MESSAGE_CHARS
                placeholder=move || t_string!(i18n, chat.placeholder)
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=on_keydown></textarea>
            <div class="composer-foot">
                <p class="muted composer-estimate" class:message-warning=move || !fits() data-testid="next-prompt">{estimate_text}</p>
                {move || if open.streaming.get().is_some() {
                    view! { <button type="button" class="button button-danger" on:click=stop>{t!(i18n, chat.stop)}</button> }.into_any()
                } else {
                    view! {
                        <button type="submit" class="button button-primary" disabled=move || busy() || !fits()>{t!(i18n, chat.send)}</button>
                    }.into_any()
                }}
            </div>
            {move || error.get().map(|error| view! { <ErrorBanner error /> })}
        </form>
    }
}
