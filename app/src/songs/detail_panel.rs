//! One song: its status with cancel or retry, a player per choice with rating and downloads,
//! title/tags/workflow, and delete behind a confirmation.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::api::{CancelSong, DeleteSong, RateChoice, RetrySong, UpdateSong};
use super::status::{error_label, state_class, state_label};
use super::{Song, SongChoice, SongWorkflow};
use crate::i18n::*;
use crate::jobs::JobState;
use crate::ui::dialog::ConfirmDelete;
use crate::ui::form::ActionError;
use crate::ui::time::Moment;
use crate::ui::toast::announce_success;

type I18n = leptos_i18n::I18nContext<Locale>;

fn workflow_label(i18n: I18n, w: SongWorkflow) -> String {
    match w {
        SongWorkflow::OnWork => t_string!(i18n, songs.workflow_on_work),
        SongWorkflow::InUse => t_string!(i18n, songs.workflow_in_use),
        SongWorkflow::NotUsed => t_string!(i18n, songs.workflow_not_used),
    }
    .to_string()
}

/// `3:07`.
fn duration(ms: i64) -> String {
    let s = (ms + 500) / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

#[component]
pub fn SongDetail(song: Song, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let cancel = ServerAction::<CancelSong>::new();
    let retry = ServerAction::<RetrySong>::new();
    let update = ServerAction::<UpdateSong>::new();
    let delete = ServerAction::<DeleteSong>::new();
    let confirm = RwSignal::new(false);
    announce_success(update.version(), update.value(), move || {
        t_string!(i18n, songs.saved).to_string()
    });
    announce_success(delete.version(), delete.value(), move || {
        t_string!(i18n, songs.deleted).to_string()
    });
    Effect::watch(
        move || {
            cancel.version().get()
                + retry.version().get()
                + update.version().get()
                + delete.version().get()
        },
        move |_, _, _| {
            changed.update(|n| *n += 1);
            if matches!(delete.value().get_untracked(), Some(Ok(()))) {
                navigate("/songs", Default::default());
            }
        },
        false,
    );
    let title = song.display_title(t_string!(i18n, songs.untitled));
    let status = song.status.clone();
    let state = status.state;
    let error = error_label(i18n, &status);
    let id = StoredValue::new(song.id.clone());
    let created = song.created_at;
    let choice_title = StoredValue::new(title.clone());
    view! {
        <article class="detail-panel song-detail">
            <header class="detail-head">
                <h2>{title.clone()}</h2>
                <A href="/songs" attr:class="button button-quiet detail-close">{t!(i18n, common.close)}</A>
            </header>
            <div class="song-status" role="status" aria-live="polite">
                <span class=state_class(state) data-testid="detail-state">{state_label(i18n, &status)}</span>
                {(!state.is_settled()).then(|| view! {
                    <progress class="song-progress" max="100" value=status.progress></progress>
                })}
                {error.map(|e| view! {
                    <p class="banner banner-error">
                        {e}
                        {status.error_message.clone().filter(|m| !m.is_empty()).map(|m| view! { <span class="muted">" — "{m}</span> })}
                    </p>
                })}
                {(state == JobState::Interrupted).then(|| view! { <p class="hint">{t!(i18n, songs.interrupted_hint)}</p> })}
                <div class="inline-actions">
                    {(!state.is_settled()).then(|| view! {
                        <ActionForm action=cancel>
                            <input type="hidden" name="id" value=id.get_value() />
                            <button type="submit" class="button">{t!(i18n, songs.cancel)}</button>
                        </ActionForm>
                    })}
                    {state.can_retry().then(|| view! {
                        <ActionForm action=retry>
                            <input type="hidden" name="id" value=id.get_value() />
                            <button type="submit" class="button button-primary">{t!(i18n, songs.retry)}</button>
                        </ActionForm>
                    })}
                </div>
                <ActionError value=cancel.value() />
                <ActionError value=retry.value() />
            </div>
            {(!song.choices.is_empty()).then(|| view! {
                <ol class="choice-list">
                    {song.choices.clone().into_iter().map(|c| view! { <ChoicePlayer choice=c title=choice_title.get_value() /> }).collect_view()}
                </ol>
            })}
            <ActionForm action=update attr:class="form compact">
                <input type="hidden" name="id" value=id.get_value() />
                <div class="form-row">
                    <div class="field">
                        <label for="song-edit-title">{t!(i18n, fields.title)}</label>
                        <input id="song-edit-title" name="title" value=song.title.clone() maxlength=super::preflight::MAX_TITLE_CHARS />
                    </div>
                    <div class="field">
                        <label for="song-edit-tags">{t!(i18n, fields.tags)}</label>
                        <input id="song-edit-tags" name="tags" value=song.tags.clone() />
                    </div>
                    <div class="field">
                        <label for="song-edit-workflow">{t!(i18n, fields.workflow)}</label>
                        <select id="song-edit-workflow" name="workflow">
                            {SongWorkflow::ALL.iter().map(|&w| view! {
                                <option value=w.as_str() selected=song.workflow == w>{move || workflow_label(i18n, w)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <ActionError value=update.value() />
                <div class="inline-actions">
                    <button type="submit" class="button">{t!(i18n, common.save)}</button>
                    <button type="button" class="button button-danger" on:click=move |_| confirm.set(true)>{t!(i18n, songs.delete)}</button>
                </div>
            </ActionForm>
            <dl class="facts">
                {(!song.is_instrumental).then(|| view! {
                    <dt>{t!(i18n, fields.lyrics)}</dt><dd><pre class="lyrics">{song.lyrics.clone()}</pre></dd>
                })}
                {song.is_instrumental.then(|| view! { <dt>{t!(i18n, songs.instrumental)}</dt><dd>"✓"</dd> })}
                <dt>{t!(i18n, songs.style_prompt)}</dt><dd class="prompt">{song.prompt.clone()}</dd>
                <dt>{t!(i18n, fields.model)}</dt><dd>{song.model.clone()}</dd>
                <dt>{t!(i18n, songs.created)}</dt><dd><Moment ms=created /></dd>
            </dl>
            <ConfirmDelete
                open=confirm
                action=delete
                id=id.get_value()
                title=crate::tr!(i18n, songs.delete_title)
                body=crate::tr!(i18n, songs.delete_body)
                confirm_label=crate::tr!(i18n, songs.delete)
            />
            <crate::ui::asset_places::AssetPlacesSlot kind="song" id=id.get_value() />
        </article>
    }
}

/// A choice: native audio player (seeking uses HTTP Range), thumbs up/down, downloads.
#[component]
fn ChoicePlayer(choice: SongChoice, title: String) -> impl IntoView {
    let i18n = use_i18n();
    let rate = ServerAction::<RateChoice>::new();
    let rating = RwSignal::new(choice.rating);
    let id = choice.id.clone();
    let set = move |value: i64| {
        let next = if rating.get_untracked() == Some(value) {
            None
        } else {
            Some(value)
        };
        rating.set(next);
        rate.dispatch(RateChoice {
            choice_id: id.clone(),
            rating: next,
        });
    };
    let set_up = set.clone();
    let label = format!("{title} · {}", choice.index + 1);
    view! {
        <li class="choice" data-testid="song-choice">
            <div class="choice-head">
                <strong>{format!("{} {}", t_string!(i18n, songs.choice), choice.index + 1)}</strong>
                <span class="muted">{duration(choice.duration_ms)}</span>
            </div>
            <audio controls preload="none" src=choice.mp3_url() aria-label=label></audio>
            <div class="inline-actions">
                <button type="button" class="icon-button rate-up" aria-pressed=move || (rating.get() == Some(1)).to_string()
                    aria-label=move || t_string!(i18n, songs.thumbs_up) title=move || t_string!(i18n, songs.thumbs_up)
                    on:click=move |_| set_up(1)><Thumb down=false /></button>
                <button type="button" class="icon-button rate-down" aria-pressed=move || (rating.get() == Some(0)).to_string()
                    aria-label=move || t_string!(i18n, songs.thumbs_down) title=move || t_string!(i18n, songs.thumbs_down)
                    on:click=move |_| set(0)><Thumb down=true /></button>
                <a class="button button-quiet" href=format!("{}?download=1", choice.mp3_url()) download="">"MP3"</a>
                {choice.has_flac.then(|| view! {
                    <a class="button button-quiet" href=format!("{}?download=1", choice.flac_url()) download="">"FLAC"</a>
                })}
            </div>
            <ActionError value=rate.value() />
        </li>
    }
}

/// A thumb icon (drawn here, so it does not depend on an emoji font).
#[component]
fn Thumb(down: bool) -> impl IntoView {
    view! {
        <svg class="thumb-icon" class:flipped=down viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path fill="currentColor" d="M2 10h4v11H2z M8 21h9.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 10h-5.5l.9-4.2A1.8 1.8 0 0 0 12.6 3.6L8 9.5z" />
        </svg>
    }
}
