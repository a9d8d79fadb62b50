//! What can be done to a message besides copying it: the last reply asked for again (its
//! earlier versions one click apart), a message of the user's edited and sent again, and a
//! summary's messages brought back. Each is a plain form, so it works without scripts; with
//! them it runs in place and a new reply streams in.

use leptos::prelude::*;

use super::history::{edit_message, regenerate_reply, restore_archived, switch_reply_version};
use super::open::{request_key, OpenConversation};
use super::{Message, MAX_MESSAGE_CHARS};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::form::ErrorBanner;

/// Runs `work` unless the form was posted without scripts (then the browser posts it).
fn in_place(ev: leptos::ev::SubmitEvent, work: impl FnOnce()) {
    ev.prevent_default();
    work();
}

/// Regenerate, and the switch between the reply's versions (oldest first, this one among
/// them by when it was written).
#[component]
pub fn ReplyActions(open: OpenConversation, reply: Message) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let busy = move || open.streaming.get().is_some();
    let conversation_id = open.conversation.with_untracked(|c| c.id.clone());
    let mut versions = open
        .conversation
        .with_untracked(|c| c.reply_versions.clone());
    versions.push(reply.clone());
    versions.sort_by_key(|m| (m.created_at, m.position));
    let at = versions.iter().position(|m| m.id == reply.id).unwrap_or(0);
    let (total, shown) = (versions.len(), at + 1);
    let neighbour = |i: Option<usize>| i.and_then(|i| versions.get(i)).map(|m| m.id.clone());
    let (previous, next) = (neighbour(at.checked_sub(1)), neighbour(Some(at + 1)));
    let key = RwSignal::new(request_key());
    let regenerate = {
        let conversation_id = conversation_id.clone();
        move |ev| {
            in_place(ev, || {
                let (id, key) = (conversation_id.clone(), key.get_untracked());
                leptos::task::spawn_local(async move {
                    open.restart(regenerate_reply(id, key).await, error);
                });
            })
        }
    };
    let switch_form = {
        let conversation_id = conversation_id.clone();
        move |target: Option<String>, label: Signal<String>, text: &'static str| {
            let conversation_id = conversation_id.clone();
            target.map(|version| {
            let submit = {
                let (conversation_id, version) = (conversation_id.clone(), version.clone());
                move |ev| {
                    in_place(ev, || {
                        let (id, version) = (conversation_id.clone(), version.clone());
                        leptos::task::spawn_local(async move {
                            open.changed(switch_reply_version(id, version).await, error);
                        });
                    })
                }
            };
            view! {
                <form method="post" action="/api/switch_reply_version" class="inline-form" on:submit=submit>
                    <input type="hidden" name="conversation_id" value=conversation_id />
                    <input type="hidden" name="version_id" value=version />
                    <button type="submit" class="button button-quiet button-small" aria-label=label
                        disabled=busy>{text}</button>
                </form>
            }
        })
        }
    };
    view! {
        <div class="message-actions">
            {(total > 1).then(|| view! {
                <div class="versions" role="group" aria-label=move || t_string!(i18n, chat.versions_label)>
                    {switch_form(previous.clone(), crate::tr!(i18n, chat.version_previous), "‹")}
                    <span class="muted" data-testid="reply-version">
                        {move || t_string!(i18n, chat.version_of, shown = shown, total = total)}
                    </span>
                    {switch_form(next.clone(), crate::tr!(i18n, chat.version_next), "›")}
                </div>
            })}
            <form method="post" action="/api/regenerate_reply" class="inline-form" on:submit=regenerate>
                <input type="hidden" name="conversation_id" value=conversation_id.clone() />
                <input type="hidden" name="request_key" value=move || key.get() />
                <button type="submit" class="button button-small" disabled=busy>{t!(i18n, chat.regenerate)}</button>
            </form>
            {move || error.get().map(|error| view! { <ErrorBanner error /> })}
        </div>
    }
}

/// Edit a message of the user's and send it again; what followed it is archived.
#[component]
pub fn EditMessage(open: OpenConversation, message: Message) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let details = NodeRef::<leptos::html::Details>::new();
    let draft = RwSignal::new(message.content.clone());
    let key = RwSignal::new(request_key());
    let conversation_id = open.conversation.with_untracked(|c| c.id.clone());
    let field_id = format!("edit-{}", message.id);
    let submit = {
        let (conversation_id, message_id) = (conversation_id.clone(), message.id.clone());
        move |ev| {
            in_place(ev, || {
                let args = (
                    conversation_id.clone(),
                    message_id.clone(),
                    draft.get_untracked(),
                    key.get_untracked(),
                );
                leptos::task::spawn_local(async move {
                    let sent = edit_message(args.0, args.1, args.2, args.3).await;
                    let ok = sent.is_ok();
                    open.restart(sent, error);
                    if ok {
                        if let Some(details) = details.get_untracked() {
                            details.set_open(false);
                        }
                        key.set(request_key());
                    }
                });
            })
        }
    };
    view! {
        <details class="message-edit" node_ref=details>
            <summary class="button button-quiet button-small">{t!(i18n, chat.edit)}</summary>
            <form method="post" action="/api/edit_message" class="stack" on:submit=submit>
                <input type="hidden" name="conversation_id" value=conversation_id />
                <input type="hidden" name="message_id" value=message.id.clone() />
                <input type="hidden" name="request_key" value=move || key.get() />
                <label for=field_id.clone() class="visually-hidden">{t!(i18n, chat.edit_label)}</label>
                <textarea id=field_id name="content" rows="3" required maxlength=MAX_MESSAGE_CHARS
                    prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
                <p class="muted">{t!(i18n, chat.edit_note)}</p>
                <div class="inline-actions">
                    <button type="submit" class="button button-primary button-small"
                        disabled=move || open.streaming.get().is_some()>{t!(i18n, chat.edit_send)}</button>
                </div>
                {move || error.get().map(|error| view! { <ErrorBanner error /> })}
            </form>
        </details>
    }
}

/// A summary's messages brought back in its place.
#[component]
pub fn SummaryActions(open: OpenConversation, summary: Message) -> impl IntoView {
    let i18n = use_i18n();
    let count = open.conversation.with_untracked(|c| {
        c.archive
            .iter()
            .find(|b| b.id == summary.id)
            .map_or(0, |b| b.messages)
    });
    view! {
        <div class="message-actions">
            <span class="muted">{move || t_string!(i18n, chat.summary_of, count = count)}</span>
            <RestoreButton open batch_id=summary.id.clone() label=crate::tr!(i18n, chat.restore_summary) />
        </div>
    }
}

/// Brings an archived batch back (a summary's messages, an earlier branch); what it replaces
/// is archived in turn. A plain form, in place with scripts.
#[component]
pub fn RestoreButton(
    open: OpenConversation,
    batch_id: String,
    #[prop(into)] label: Signal<String>,
    #[prop(optional)] primary: bool,
) -> impl IntoView {
    let error = RwSignal::new(None::<AppError>);
    let conversation_id = open.conversation.with_untracked(|c| c.id.clone());
    let submit = {
        let (conversation_id, batch) = (conversation_id.clone(), batch_id.clone());
        move |ev| {
            in_place(ev, || {
                let (id, batch) = (conversation_id.clone(), batch.clone());
                leptos::task::spawn_local(async move {
                    open.changed(restore_archived(id, batch).await, error);
                });
            })
        }
    };
    let class = if primary {
        "button button-small button-primary"
    } else {
        "button button-small"
    };
    view! {
        <form method="post" action="/api/restore_archived" class="inline-form" on:submit=submit>
            <input type="hidden" name="conversation_id" value=conversation_id />
            <input type="hidden" name="batch_id" value=batch_id />
            <button type="submit" class=class disabled=move || open.streaming.get().is_some()>{label}</button>
        </form>
        {move || error.get().map(|error| view! { <ErrorBanner error /> })}
    }
}
