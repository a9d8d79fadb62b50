//! `/covers?image=ID`: pick an image, set title and artist, watch the live preview, apply.
//! The picked image lives in the URL, so the picker is plain links and the back button works.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use shared::images::{cover_check, CoverIssue};
use shared::overlay::OverlaySpec;

use super::api::{cover_candidates, ApplyOverlay};
use super::controls::{LetteringControls, PositionControls, TextControls};
use super::preview::CoverPreview;
use super::{fit, Part, EXPORT_SIDES};
use crate::auth::use_session;
use crate::i18n::*;
use crate::images::api::get_image;
use crate::images::{ImageCard, ImageDetail};
use crate::ui::form::{ActionError, ErrorBanner};
use crate::ui::layout::{Page, PageLoading};
use crate::ui::progress::Elapsed;
use crate::ui::toast::announce_success;

#[component]
pub fn CoversPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let picked = Memo::new(move |_| query.read().get("image").filter(|s| !s.is_empty()));
    let candidates = Resource::new(|| (), |_| cover_candidates());
    let image = Resource::new(
        move || picked.get(),
        |id| async move {
            match id {
                Some(id) => get_image(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let session = use_session().session;
    view! {
        <Page
            title=crate::tr!(i18n, covers.title)
            actions=move || view! { <a class="button" href="/images">{t!(i18n, nav.gallery)}</a> }
        >
            <Suspense fallback=|| view! { <PageLoading /> }>
                {move || Suspend::new(async move {
                    match candidates.await {
                        Ok(list) => view! { <Picker list picked /> }.into_any(),
                        Err(error) => view! { <ErrorBanner error /> }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=|| view! { <PageLoading /> }>
                {move || Suspend::new(async move {
                    let artist = session
                        .await
                        .ok()
                        .and_then(|s| s.user)
                        .map(|u| u.artist_name)
                        .unwrap_or_default();
                    match image.await {
                        Ok(Some(image)) => view! { <Editor image artist /> }.into_any(),
                        // The picker above is the whole page until an image is chosen.
                        Ok(None) => ().into_any(),
                        Err(error) => view! { <ErrorBanner error /> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

/// The images on offer: a labelled grid until one is chosen, then a strip above the editor
/// with the chosen one marked.
#[component]
fn Picker(list: Vec<ImageCard>, picked: Memo<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! {
            <p class="empty-state">
                {t!(i18n, covers.no_candidates)}" "
                <a href="/images/new">{t!(i18n, nav.generate)}</a>
            </p>
        }
        .into_any();
    }
    let list = StoredValue::new(list);
    // Rebuilt only when the page switches between choosing and editing, not on every pick,
    // so the strip keeps its scroll position and the focused link.
    let choosing = Memo::new(move |_| picked.with(Option::is_none));
    let tile = move |card: ImageCard, labelled: bool| {
        let id = card.id.clone();
        let current = move || picked.get().as_deref() == Some(id.as_str());
        let title = if card.title.is_empty() {
            t_string!(i18n, images.untitled).to_string()
        } else {
            card.title.clone()
        };
        let alt = if labelled {
            String::new()
        } else {
            title.clone()
        };
        let caption = labelled.then(|| title.clone());
        view! {
            <A href=format!("/covers?image={}", card.id)
                attr:class="cover-pick" attr:aria-current=move || current().then_some("true")
                attr:title=title>
                <img src=card.thumb_url() alt=alt loading="lazy" width="96" height="96" />
                {caption.map(|c| view! { <span class="cover-pick-title">{c}</span> })}
            </A>
        }
    };
    view! {
        {move || if choosing.get() {
            view! {
                <section class="cover-choose" aria-labelledby="cover-choose-heading">
                    <h2 id="cover-choose-heading">{t!(i18n, covers.choose_heading)}</h2>
                    <p class="muted">{t!(i18n, covers.choose_prompt)}" "{t!(i18n, covers.pick_hint)}</p>
                    <nav class="cover-grid" aria-labelledby="cover-choose-heading">
                        {list.get_value().into_iter().map(|card| tile(card, true)).collect_view()}
                    </nav>
                </section>
            }.into_any()
        } else {
            view! {
                <nav class="cover-picker" aria-label=move || t_string!(i18n, covers.pick)>
                    {list.get_value().into_iter().map(|card| tile(card, false)).collect_view()}
                </nav>
            }.into_any()
        }}
    }
    .into_any()
}

#[component]
fn Editor(image: ImageDetail, artist: String) -> impl IntoView {
    let i18n = use_i18n();
    let (w, h) = (image.width as u32, image.height as u32);
    let artist = (!artist.trim().is_empty()).then_some(artist.as_str());
    let mut initial = OverlaySpec::new(&image.title, artist);
    initial.artist_prefix = t_string!(i18n, covers.artist_prefix_default).to_string();
    let spec = RwSignal::new(initial);
    let active = RwSignal::new(Part::Title);
    let guides = RwSignal::new(true);
    let export = RwSignal::new(0u32);
    let apply = ServerAction::<ApplyOverlay>::new();
    announce_success(apply.version(), apply.value(), move || {
        t_string!(i18n, covers.applied).to_string()
    });
    let out = move || match export.get() {
        0 => (w, h),
        side => fit(w, h, side),
    };
    let issues = Signal::derive(move || {
        let (ow, oh) = out();
        spec.with(|s| cover_check(ow, oh, Some(s)))
    });
    let id = image.id.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let spec = spec.get_untracked();
        apply.dispatch(ApplyOverlay {
            id: id.clone(),
            spec: serde_json::to_string(&spec).unwrap_or_default(),
            export_side: export.get_untracked(),
        });
    };
    view! {
        <div class="cover-editor">
            <div class="cover-main">
                <CoverPreview image_id=image.id.clone() width=w height=h spec active guides />
                <p class="hint">{t!(i18n, covers.drag_hint)}</p>
                <CheckList issues />
            </div>
            <form class="card form cover-controls" on:submit=on_submit
                attr:aria-busy=move || apply.pending().get().to_string()>
                <TextControls part=Part::Title spec />
                <TextControls part=Part::Artist spec />
                <LetteringControls spec />
                <PositionControls spec active />
                <div class="form-row cover-export-row">
                    <div class="field">
                        <label for="cover-export">{t!(i18n, covers.export)}</label>
                        <select id="cover-export" on:change=move |ev| {
                            export.set(event_target_value(&ev).parse().unwrap_or(0));
                        }>
                            <option value="0">{move || t_string!(i18n, covers.export_original, w, h).to_string()}</option>
                            {EXPORT_SIDES.into_iter().filter(|s| *s > w.max(h)).map(|side| view! {
                                <option value=side>{move || t_string!(i18n, covers.export_side, side).to_string()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || guides.get()
                            on:change=move |ev| guides.set(event_target_checked(&ev)) />
                        {t!(i18n, covers.guides)}
                    </label>
                </div>
                <ActionError value=apply.value() />
                <button type="submit" class="button button-primary" disabled=move || apply.pending().get()>
                    {move || if apply.pending().get() {
                        view! { <span class="spinner" aria-hidden="true"></span>{t!(i18n, covers.applying)}" "<Elapsed /> }.into_any()
                    } else {
                        t!(i18n, covers.apply).into_any()
                    }}
                </button>
            </form>
        </div>
        {move || apply.value().get().and_then(Result::ok).map(|image| view! { <Applied image /> })}
    }
}

/// What distributors would reject, for the size that "apply" would produce.
#[component]
fn CheckList(#[prop(into)] issues: Signal<Vec<CoverIssue>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="cover-check" aria-live="polite" data-testid="cover-check">
            <h2>{t!(i18n, covers.check)}</h2>
            {move || {
                let list = issues.get();
                if list.is_empty() {
                    return view! { <p class="ok">{t!(i18n, covers.check_ok)}</p> }.into_any();
                }
                view! {
                    <ul class="issues">
                        {list.into_iter().map(|issue| view! { <li>{issue_text(i18n, &issue)}</li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

fn issue_text(i18n: leptos_i18n::I18nContext<Locale>, issue: &CoverIssue) -> String {
    match issue {
        CoverIssue::TooSmall { width, height } => {
            t_string!(i18n, covers.issue_too_small, w = *width, h = *height).to_string()
        }
        CoverIssue::NotSquare { width, height } => {
            t_string!(i18n, covers.issue_not_square, w = *width, h = *height).to_string()
        }
        CoverIssue::ExtraText { text } => {
            t_string!(i18n, covers.issue_extra_text, text = text.clone()).to_string()
        }
    }
}

/// The stored result: a new image beside the untouched original.
#[component]
fn Applied(image: ImageDetail) -> impl IntoView {
    let i18n = use_i18n();
    let issues = cover_check(
        image.width as u32,
        image.height as u32,
        image.overlay.as_ref(),
    );
    view! {
        <section class="card cover-result" data-testid="cover-result" data-image-id=image.id.clone()>
            <h2>{t!(i18n, covers.result)}</h2>
            <div class="cover-result-body">
                <img src=image.thumb_url() alt=image.title.clone() width="192" height="192" />
                <div>
                    <p>{t!(i18n, covers.applied)}" "{t!(i18n, covers.original_kept)}</p>
                    <p class="muted">{format!("{} × {} px", image.width, image.height)}</p>
                    <CheckList issues=Signal::stored(issues) />
                    <div class="inline-actions">
                        <a class="button" href=format!("/images?id={}", image.id)>{t!(i18n, covers.open_result)}</a>
                        <a class="button button-primary" href=image.download_url() download="">{t!(i18n, covers.download)}</a>
                    </div>
                </div>
            </div>
        </section>
    }
}
