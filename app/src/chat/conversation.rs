//! An open conversation: its header (model, context meter, pin, archive, settings, delete),
//! its messages, and the composer. A reply that is streaming when the page opens (from this tab
//! or any other) is followed until it ends.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::api::{DeleteConversation, MarkConversation};
use super::archive_dialog::ArchiveDialog;
use super::composer::Composer;
use super::message::{code_copy_handler, MessageItem};
use super::message_actions::{EditMessage, ReplyActions, SummaryActions};
use super::meter::{CompressButton, ContextMeter};
use super::open::OpenConversation;
use super::settings::SettingsDialog;
use super::transfer::{export_href, ExportFormat};
use super::{Conversation, Message, ModelGroup, ReplyState, Role};
use crate::i18n::*;
use crate::ui::dialog::ConfirmDelete;
use crate::ui::form::ActionError;

#[component]
pub fn ConversationView(
    conversation: Conversation,
    groups: Vec<ModelGroup>,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = OpenConversation::new(conversation.clone(), refresh);
    // In the browser only: a reply streaming when the page opened is followed from here.
    Effect::new(move |done: Option<()>| {
        if done.is_none() {
            if let Some(reply) = open
                .conversation
                .with_untracked(|c| c.streaming_reply().map(|m| m.id.clone()))
            {
                open.follow(reply);
            }
        }
    });
    let c = open.conversation;
    let title = move || {
        c.with(|c| {
            if c.title.is_empty() {
                t_string!(i18n, chat.untitled).to_string()
            } else {
                c.title.clone()
            }
        })
    };
    let model = move || c.with(|c| format!("{} · {}", c.provider.label(), c.model));
    let used = Signal::derive(move || c.with(|c| c.used_tokens()));
    let measured = Signal::derive(move || {
        c.with(|c| {
            c.last_measured()
                .is_some_and(|(_, upto)| upto == c.messages.len())
        })
    });
    let window = Signal::derive(move || c.with(|c| c.window));
    let settings_open = RwSignal::new(false);
    let archive_open = RwSignal::new(false);
    let archived = move || c.with(|c| c.archive.len());
    let language = move || match i18n.get_locale() {
        Locale::en => "en",
        Locale::de => "de",
    };
    let export = {
        let id = conversation.id.clone();
        move |format| {
            let id = id.clone();
            move || export_href(&id, format, language())
        }
    };
    let confirm_delete = RwSignal::new(false);
    let mark = ServerAction::<MarkConversation>::new();
    let delete = ServerAction::<DeleteConversation>::new();
    let navigate = use_navigate();
    Effect::watch(
        move || delete.version().get(),
        move |_, _, _| {
            if matches!(delete.value().get_untracked(), Some(Ok(()))) {
                refresh.update(|n| *n += 1);
                navigate("/chat", Default::default());
            }
        },
        false,
    );
    Effect::watch(
        move || mark.version().get(),
        move |_, _, _| open.reload(),
        false,
    );
    let id = conversation.id.clone();
    let flag_form = move |name: &'static str, on: bool, label: Signal<String>| {
        let id = id.clone();
        view! {
            <ActionForm action=mark attr:class="inline-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name=name value=on.to_string() />
                <button type="submit" class="button button-small">{label}</button>
            </ActionForm>
        }
    };
    let on_code_copy = code_copy_handler();
    view! {
        <article class="detail-panel conversation" aria-labelledby="conversation-title">
            <header class="detail-head conversation-head">
                <div class="conversation-heading">
                    <h2 id="conversation-title">{title}</h2>
                    <p class="muted">{model}</p>
                </div>
                <a href="/chat" class="button button-quiet detail-close">{t!(i18n, common.close)}</a>
            </header>
            <div class="meter-row">
                <ContextMeter used measured window />
                <CompressButton open />
            </div>
            <div class="inline-actions conversation-actions">
                {let flag_form = flag_form.clone(); move || {
                    let pinned = c.with(|c| c.pinned);
                    flag_form("pinned", !pinned, if pinned { crate::tr!(i18n, chat.unpin) } else { crate::tr!(i18n, chat.pin) })
                }}
                {move || {
                    let archived = c.with(|c| c.archived);
                    flag_form("archived", !archived, if archived { crate::tr!(i18n, chat.unarchive) } else { crate::tr!(i18n, chat.archive) })
                }}
                <button type="button" class="button button-small" on:click=move |_| settings_open.set(true)>{t!(i18n, chat.settings)}</button>
                {move || (archived() > 0).then(|| view! {
                    <button type="button" class="button button-small" on:click=move |_| archive_open.set(true)>
                        {move || t_string!(i18n, chat.archive_button, count = archived())}
                    </button>
                })}
                <a class="button button-small" href=export(ExportFormat::Markdown) download>{t!(i18n, chat.export_markdown)}</a>
                <a class="button button-small" href=export(ExportFormat::Json) download>{t!(i18n, chat.export_json)}</a>
                <button type="button" class="button button-small button-danger" on:click=move |_| confirm_delete.set(true)>{t!(i18n, chat.delete)}</button>
            </div>
            <ActionError value=mark.value() />
            <ol class="messages" aria-live="polite" on:click=on_code_copy>
                {move || {
                    let streaming = open.streaming.get();
                    let messages = c.with(|c| c.messages.clone());
                    let count = messages.len();
                    let roles: Vec<Role> = messages.iter().map(|m| m.role).collect();
                    messages.into_iter().enumerate().map(|(i, m)| {
                        let live = (streaming.as_deref() == Some(m.id.as_str())).then_some(open.live_text);
                        let answers_user = i > 0 && roles[i - 1] == Role::User;
                        let actions = actions(open, &m, i + 1 == count && answers_user);
                        match live {
                            Some(live) => view! { <MessageItem message=m live /> }.into_any(),
                            None => view! { <MessageItem message=m>{actions}</MessageItem> }.into_any(),
                        }
                    }).collect_view()
                }}
            </ol>
            {move || c.with(|c| c.messages.is_empty()).then(|| view! {
                <p class="empty-state">{t!(i18n, chat.first_message)}</p>
            })}
            <Composer open />
            <ArchiveDialog shown=archive_open open />
            <SettingsDialog open=settings_open conversation=open.conversation groups on_saved=Callback::new(move |()| open.reload()) />
            <ConfirmDelete
                open=confirm_delete
                action=delete
                id=conversation.id.clone()
                title=crate::tr!(i18n, chat.delete_title)
                body=crate::tr!(i18n, chat.delete_body)
                confirm_label=crate::tr!(i18n, chat.delete)
            />
        </article>
    }
}

/// What a message offers besides copying: edit for the user's, regenerate and versions for
/// the last reply (`last`: and it answers a message of the user's), restore for a summary;
/// nothing for a message not yet stored.
fn actions(open: OpenConversation, m: &Message, last: bool) -> Option<AnyView> {
    if m.id.starts_with("pending-") || m.state == ReplyState::Streaming {
        return None;
    }
    let message = m.clone();
    Some(match m.role {
        Role::User => view! { <EditMessage open message /> }.into_any(),
        Role::Assistant if last => view! { <ReplyActions open reply=message /> }.into_any(),
        Role::Assistant => return None,
        Role::Summary => view! { <SummaryActions open summary=message /> }.into_any(),
    })
}
