//! The conversation's archive: every branch an edit replaced and every stretch a summary
//! replaced, newest first, each readable in full and able to come back (what it would
//! replace is archived in turn, so nothing is lost either way).

use leptos::prelude::*;

use super::history::get_archived;
use super::message::MessageItem;
use super::message_actions::RestoreButton;
use super::open::OpenConversation;
use super::{ArchiveReason, BatchInfo};
use crate::i18n::*;
use crate::ui::dialog::Dialog;
use crate::ui::form::ErrorBanner;
use crate::ui::time::Moment;

#[component]
pub fn ArchiveDialog(shown: RwSignal<bool>, open: OpenConversation) -> impl IntoView {
    let i18n = use_i18n();
    let batches = Memo::new(move |_| open.conversation.with(|c| c.archive.clone()));
    view! {
        <Dialog open=shown title=crate::tr!(i18n, chat.archive_title)>
            <p class="muted">{t!(i18n, chat.archive_intro)}</p>
            <ul class="archive-list">
                <For each=move || batches.get() key=|b| b.id.clone() let(batch)>
                    <ArchivedBatchItem batch open />
                </For>
            </ul>
        </Dialog>
    }
}

#[component]
fn ArchivedBatchItem(batch: BatchInfo, open: OpenConversation) -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(false);
    let conversation_id = open.conversation.with_untracked(|c| c.id.clone());
    let messages = {
        let (conversation_id, batch_id) = (conversation_id.clone(), batch.id.clone());
        LocalResource::new(move || {
            let (conversation_id, batch_id) = (conversation_id.clone(), batch_id.clone());
            let wanted = shown.get();
            async move {
                if wanted {
                    get_archived(conversation_id, batch_id)
                        .await
                        .map(|b| b.messages)
                } else {
                    Ok(Vec::new())
                }
            }
        })
    };
    let reason = batch.reason;
    let heading = move || match reason {
        ArchiveReason::Edited => t_string!(i18n, chat.archive_edited).to_string(),
        ArchiveReason::Compressed => t_string!(i18n, chat.archive_compressed).to_string(),
        ArchiveReason::Regenerated => t_string!(i18n, chat.archive_regenerated).to_string(),
    };
    let count = batch.messages;
    view! {
        <li class="archive-item card">
            <div class="archive-head">
                <strong>{heading}</strong>
                <span class="muted"><Moment ms=batch.archived_at /></span>
                <span class="muted">{move || t_string!(i18n, chat.archive_count, count = count)}</span>
            </div>
            <p class="archive-preview">{batch.first_words.clone()}</p>
            <div class="inline-actions">
                <button type="button" class="button button-small" aria-expanded=move || shown.get().to_string()
                    on:click=move |_| shown.update(|s| *s = !*s)>
                    {move || if shown.get() { t_string!(i18n, chat.archive_hide) } else { t_string!(i18n, chat.archive_show) }}
                </button>
                <RestoreButton open batch_id=batch.id.clone() label=crate::tr!(i18n, chat.archive_restore) primary=true />
            </div>
            {move || shown.get().then(|| view! {
                <Suspense fallback=|| view! { <crate::ui::layout::PageLoading /> }>
                    {move || Suspend::new(async move {
                        match messages.await {
                            Ok(list) => view! {
                                <ol class="messages archived-messages">
                                    {list.into_iter().map(|message| view! { <MessageItem message /> }).collect_view()}
                                </ol>
                            }.into_any(),
                            Err(error) => view! { <ErrorBanner error /> }.into_any(),
                        }
                    })}
                </Suspense>
            })}
        </li>
    }
}
