//! `/chat`: conversations beside the open one. Search, archive view, page and the open
//! conversation live in the URL (`?q=…&show=archived&page=2&id=…`, `id=new` to start one).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{chat_models, get_conversation, list_conversations};
use super::conversation::ConversationView;
use super::settings::NewConversation;
use super::{ConversationCard, ConversationPage, ConversationQuery};
use crate::demo::DemoBanner;
use crate::i18n::*;
use crate::ui::form::ErrorBanner;
use crate::ui::layout::{Loaded, MasterDetail, Page, PageLoading};
use crate::ui::list::{FilterBar, ItemRow, ListEmpty, ListUrl, Pager};
use crate::ui::time::Moment;

/// The chat's address: search, archive view, page and the open conversation.
pub const CHAT: ListUrl = ListUrl {
    path: "/chat",
    keys: &["q", "show", "page", "id"],
};

#[component]
pub fn ChatPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        ConversationQuery {
            search: q.get("q").unwrap_or_default(),
            show: q.get("show").unwrap_or_default(),
            page: shared::paging::Page::parse(&q.get("page").unwrap_or_default()),
        }
    });
    let selected = Memo::new(move |_| query.read().get("id").filter(|id| !id.is_empty()));
    // Bumped when a conversation changes in a way the list shows (title, pin, archive, delete).
    let refresh = RwSignal::new(0u32);
    let list = Resource::new(
        move || (filters.get(), refresh.get()),
        |(f, _)| list_conversations(f),
    );
    // Every resource up front (see ARCHITECTURE.md): the open conversation and the models.
    let conversation = Resource::new(
        move || selected.get().filter(|id| id != "new"),
        |id| async move {
            match id {
                Some(id) => get_conversation(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let models = Resource::new(
        move || selected.get().is_some(),
        |wanted| async move {
            if wanted {
                chat_models().await
            } else {
                Ok(Vec::new())
            }
        },
    );
    let importing = RwSignal::new(false);
    view! {
        <Page title=crate::tr!(i18n, chat.title) actions=move || view! {
            <button type="button" class="button" on:click=move |_| importing.set(true)>{t!(i18n, chat.import)}</button>
            <A href="/chat?id=new" attr:class="button button-primary">{t!(i18n, chat.new)}</A>
        }>
            <DemoBanner />
            <super::import_dialog::ImportDialog shown=importing refresh />
            <MasterDetail
                detail_open=Signal::derive(move || selected.get().is_some())
                master=move || view! {
                    <Loaded from=list show={move |page| view! { <ConversationList page selected /> }} />
                }
                detail=move || view! {
                    <Transition fallback=|| view! { <PageLoading /> }>
                        {move || Suspend::new(async move {
                            if selected.get().as_deref() == Some("new") {
                                return match models.await {
                                    Ok(groups) => view! { <NewConversation groups refresh /> }.into_any(),
                                    Err(error) => view! { <ErrorBanner error /> }.into_any(),
                                };
                            }
                            match (conversation.await, models.await) {
                                (Ok(Some(c)), Ok(groups)) => view! { <ConversationView conversation=c groups refresh /> }.into_any(),
                                (Ok(None), _) => view! { <p class="empty-state">{t!(i18n, chat.pick)}</p> }.into_any(),
                                (Err(error), _) | (_, Err(error)) => view! { <ErrorBanner error /> }.into_any(),
                            }
                        })}
                    </Transition>
                }
            />
        </Page>
    }
}

#[component]
fn ConversationList(page: ConversationPage, selected: Memo<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let current = query.read_untracked();
    let search = current.get("q").unwrap_or_default();
    let archived = current.get("show").as_deref() == Some("archived");
    let (page_no, pages) = (page.page, page.pages);
    view! {
        <FilterBar url=CHAT submit_label=crate::tr!(i18n, chat.search_button)>
            <input type="search" name="q" value=search
                aria-label=move || t_string!(i18n, chat.search)
                placeholder=move || t_string!(i18n, chat.search) />
            <select name="show" aria-label=move || t_string!(i18n, chat.show) onchange="this.form.requestSubmit()">
                <option value="">{t!(i18n, chat.show_active)}</option>
                <option value="archived" selected=archived>{t!(i18n, chat.show_archived)}</option>
            </select>
        </FilterBar>
        {page.items.is_empty().then(|| view! {
            <ListEmpty
                filtered=CHAT.is_filtered(&query.read_untracked())
                clear_href=CHAT.path.to_string()
                empty=crate::tr!(i18n, chat.empty)
                no_match=crate::tr!(i18n, chat.no_match)
                create=move || view! { <a class="button button-primary" href="/chat?id=new">{t!(i18n, chat.new)}</a> }
            />
        })}
        <ul class="item-list" aria-label=move || t_string!(i18n, chat.title)>
            {page.items.into_iter().map(|c| view! { <ConversationItem c selected /> }).collect_view()}
        </ul>
        <Pager url=CHAT current=page_no pages />
    }
}

#[component]
fn ConversationItem(c: ConversationCard, selected: Memo<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let href = CHAT.href(&query.read_untracked(), &[("id", &c.id)]);
    let title = if c.title.is_empty() {
        t_string!(i18n, chat.untitled).to_string()
    } else {
        c.title.clone()
    };
    view! {
        <ItemRow href id=c.id.clone() selected>
                <span class="item-title">
                    {c.pinned.then(|| view! {
                        <span class="pin" role="img" aria-label=move || t_string!(i18n, chat.pinned)>"📌"</span>" "
                    })}
                    {title}
                </span>
                <span class="item-meta">
                    <span class="badge">{c.provider.label()}</span>
                    " "{c.model.clone()}" · "<Moment ms=c.last_activity_at />
                </span>
        </ItemRow>
    }
}
