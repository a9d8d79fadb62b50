//! `/songs`: every song with its live status beside the open one (`?id=…`). While any song is
//! still being made the list refreshes itself every two seconds, so progress shows without
//! reloading.

use crate::ui::list::ItemRow;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{get_song, list_songs};
use super::detail_panel::SongDetail;
use super::status::{state_class, state_label};
use super::Song;
use crate::demo::DemoBanner;
use crate::i18n::*;
use crate::ui::layout::{Loaded, MasterDetail, Page};
use crate::ui::time::Moment;

/// How often an unfinished list asks again.
const LIVE_EVERY_MS: u64 = 2000;

/// Bumps `tick` every [`LIVE_EVERY_MS`] while `busy` holds (in the browser only).
fn poll_while(busy: RwSignal<bool>, tick: RwSignal<u32>) {
    #[cfg(feature = "hydrate")]
    {
        let handle = set_interval_with_handle(
            move || {
                if busy.get_untracked() {
                    tick.update(|n| *n += 1);
                }
            },
            std::time::Duration::from_millis(LIVE_EVERY_MS),
        )
        .ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (busy, tick, LIVE_EVERY_MS);
}

#[component]
pub fn SongsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let selected = Memo::new(move |_| query.read().get("id"));
    // Bumped after a change to any song: list and detail load again.
    let changed = RwSignal::new(0u32);
    let tick = RwSignal::new(0u32);
    let busy = RwSignal::new(false);
    poll_while(busy, tick);
    let songs = Resource::new(
        move || (changed.get(), tick.get()),
        |_| list_songs(shared::paging::Page::FIRST),
    );
    view! {
        <Page title=crate::tr!(i18n, songs.title) actions=move || view! {
            <A href="/songs/new" attr:class="button button-primary">{t!(i18n, songs.new_song)}</A>
        }>
            <DemoBanner />
            <MasterDetail
                detail_open=Signal::derive(move || selected.get().is_some())
                master=move || view! {
                    <Loaded from=songs show={move |list: Vec<Song>| {
                        busy.set(list.iter().any(|s| !s.status.state.is_settled()));
                        view! { <SongList list selected /> }
                    }} />
                }
                detail=move || view! {
                    {move || match selected.get() {
                        Some(id) => view! { <SongPanel id changed /> }.into_any(),
                        None => view! { <p class="empty-state">{t!(i18n, songs.pick)}</p> }.into_any(),
                    }}
                }
            />
        </Page>
    }
}

/// The open song, loaded on its own so the list's live refresh never interrupts a player; it
/// polls only while this song is still being made.
#[component]
fn SongPanel(id: String, changed: RwSignal<u32>) -> impl IntoView {
    let tick = RwSignal::new(0u32);
    let busy = RwSignal::new(false);
    poll_while(busy, tick);
    let song = Resource::new(
        move || (id.clone(), changed.get(), tick.get()),
        |(id, _, _)| get_song(id),
    );
    view! {
        <Loaded from=song show={move |song: Song| {
            busy.set(!song.status.state.is_settled());
            view! { <SongDetail song changed /> }
        }} />
    }
}

#[component]
fn SongList(list: Vec<Song>, selected: Memo<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty-state">{t!(i18n, songs.empty)}</p> }.into_any();
    }
    view! {
        <ul class="item-list" aria-label=move || t_string!(i18n, songs.title)>
            {list.into_iter().map(|s| {
                let title = s.display_title(t_string!(i18n, songs.untitled));
                let status = s.status.clone();
                let label = state_label(i18n, &status);
                let active = !status.state.is_settled();
                view! {
                    <ItemRow href=format!("/songs?id={}", s.id) id=s.id.clone() selected>
                            <span class="item-title">{title}</span>
                            <span class="item-meta">
                                <span class=state_class(status.state) data-testid="song-state">{label}</span>
                                {s.is_instrumental.then(|| view! { <span class="badge">{t!(i18n, songs.instrumental_badge)}</span> })}
                                " "<Moment ms=s.created_at />
                            </span>
                            {active.then(|| view! {
                                <progress class="song-progress" max="100" value=status.progress></progress>
                            })}
                    </ItemRow>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
