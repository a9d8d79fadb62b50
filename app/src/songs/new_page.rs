//! `/songs/new`: lyrics, style prompt, model, title, tags, instrumental — checked live by the
//! same preflight the server runs, submitted once per form (idempotency key), then off to the
//! song list where its progress shows.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::api::CreateSong;
use super::preflight::{self, SongRequest, MAX_LYRICS_CHARS, MAX_PROMPT_CHARS, MODELS};
use super::status::problem_text;
use super::to_editor::OpenInLyricStudio;
use crate::demo::DemoBanner;
use crate::i18n::*;
use crate::sketches::api::get_sketch;
use crate::sketches::Sketch;
use crate::styles::{list_style_prompts, SaveStylePrompt, MAX_NAME_CHARS};
use crate::ui::form::ActionError;
use crate::ui::layout::Page;

/// A fresh idempotency key: one per form, so a double click or a resent request makes one song.
fn fresh_key() -> String {
    #[cfg(feature = "ssr")]
    {
        uuid::Uuid::new_v4().to_string()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let part = || format!("{:08x}", (js_random() * f64::from(u32::MAX)) as u32);
        format!("{}-{}-{}-{}", part(), part(), part(), part())
    }
}

#[cfg(not(feature = "ssr"))]
fn js_random() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Math::random()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.5
    }
}

#[component]
pub fn NewSongPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let sketch_id = Memo::new(move |_| query.read().get("sketch").unwrap_or_default());
    // Rendered on the server and carried into hydration, so both agree on the key.
    let first_key = Resource::new_blocking(|| (), |_| async { fresh_key() });
    let sketch = Resource::new_blocking(
        move || sketch_id.get(),
        |id| async move {
            if id.is_empty() {
                None
            } else {
                get_sketch(id).await.ok()
            }
        },
    );
    // Every resource of the page is created here, before anything is awaited: one created
    // after an `.await` inside a `Suspend` takes a hydration id that differs between the
    // server (which may run a boundary's body more than once) and the browser, and the browser
    // then hydrates it with another resource's data and panics.
    let styles = SavedStyles::new();
    view! {
        <Page title=crate::tr!(i18n, songs.new_title)>
            <DemoBanner />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let key = first_key.await;
                    let sketch = sketch.await;
                    view! { <SongForm key sketch=sketch sketch_id=sketch_id.get_untracked() styles /> }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn SongForm(
    key: String,
    sketch: Option<Sketch>,
    sketch_id: String,
    styles: SavedStyles,
) -> impl IntoView {
    let i18n = use_i18n();
    let Sketch {
        title: title0,
        lyrics: lyrics0,
        prompt: prompt0,
        tags: tags0,
        ..
    } = sketch.clone().unwrap_or_default();
    let key = RwSignal::new(key);
    let lyrics = RwSignal::new(lyrics0);
    let title = RwSignal::new(title0);
    let prompt = RwSignal::new(prompt0);
    let instrumental = RwSignal::new(false);
    let model = RwSignal::new("auto".to_string());
    let create = ServerAction::<CreateSong>::new();
    let navigate = use_navigate();
    Effect::watch(
        move || create.version().get(),
        move |_, _, _| {
            if let Some(Ok(created)) = create.value().get_untracked() {
                key.set(fresh_key());
                navigate(
                    &format!("/songs?id={}", created.song.id),
                    Default::default(),
                );
            }
        },
        false,
    );
    let check = Memo::new(move |_| {
        preflight::check(&SongRequest {
            lyrics: lyrics.get(),
            prompt: prompt.get(),
            model: model.get(),
            instrumental: instrumental.get(),
            ..Default::default()
        })
    });
    let lyric_chars = move || lyrics.with(|l| l.chars().count());
    view! {
        <ActionForm action=create attr:class="form card song-form" attr:aria-busy=move || create.pending().get().to_string()>
            <input type="hidden" name="request[idempotency_key]" prop:value=move || key.get() value=key.get_untracked() />
            <input type="hidden" name="request[sketch_id]" value=sketch_id />
            <label class="check">
                <input type="checkbox" name="request[instrumental]" value="true"
                    prop:checked=move || instrumental.get()
                    on:change=move |ev| instrumental.set(event_target_checked(&ev)) />
                {t!(i18n, songs.instrumental)}
            </label>
            <div class="field" class:hidden={move || instrumental.get()}>
                <label for="song-lyrics">{t!(i18n, fields.lyrics)}</label>
                <textarea id="song-lyrics" name="request[lyrics]" rows="12" class="mono"
                    prop:value=move || lyrics.get()
                    on:input=move |ev| lyrics.set(event_target_value(&ev))>{lyrics.get_untracked()}</textarea>
                <p class="hint" class:over={move || lyric_chars() > MAX_LYRICS_CHARS}>
                    {move || format!("{} / {MAX_LYRICS_CHARS}", lyric_chars())}
                </p>
                <OpenInLyricStudio sketch lyrics prompt title=title.into() />
            </div>
            <div class="field">
                <label for="song-prompt">{t!(i18n, songs.style_prompt)}</label>
                <textarea id="song-prompt" name="request[prompt]" rows="3" maxlength=MAX_PROMPT_CHARS
                    placeholder=move || t_string!(i18n, songs.style_placeholder)
                    prop:value=move || prompt.get()
                    on:input=move |ev| prompt.set(event_target_value(&ev))>{prompt.get_untracked()}</textarea>
                <StylePicker prompt styles />
            </div>
            <div class="form-row">
                <div class="field">
                    <label for="song-model">{t!(i18n, fields.model)}</label>
                    <select id="song-model" name="request[model]" on:change=move |ev| model.set(event_target_value(&ev))>
                        {MODELS.iter().map(|m| view! { <option value=*m>{*m}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="song-title">{t!(i18n, fields.title)}</label>
                    <input id="song-title" name="request[title]" maxlength=preflight::MAX_TITLE_CHARS value=title.get_untracked()
                        on:input=move |ev| title.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="song-tags">{t!(i18n, fields.tags)}</label>
                    <input id="song-tags" name="request[tags]" value=tags0 />
                </div>
            </div>
            <section class="preflight" aria-live="polite" data-testid="preflight">
                <h2 class="small-heading">{t!(i18n, songs.preflight)}</h2>
                {move || match check.get() {
                    Err((field, problem)) => view! {
                        <p class="banner banner-warn">{problem_text(i18n, field, problem)}</p>
                    }.into_any(),
                    Ok(checked) if checked.mappings.is_empty() => view! {
                        <p class="muted">{t!(i18n, songs.preflight_ok)}</p>
                    }.into_any(),
                    Ok(checked) => view! {
                        <p class="muted">{t!(i18n, songs.preflight_mapped)}</p>
                        <ul class="mapping-list">
                            {checked.mappings.into_iter().map(|m| {
                                let from = if m.from.is_empty() { "—".to_string() } else { m.from };
                                view! { <li><code>{from}</code>" → "<code>{format!("[{}]", m.to.name())}</code></li> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }}
            </section>
            <ActionError value=create.value() />
            <button type="submit" class="button button-primary"
                disabled=move || create.pending().get() || check.with(Result::is_err)>
                {move || if create.pending().get() {
                    view! { <span class="spinner" aria-hidden="true"></span>{t!(i18n, songs.submitting)} }.into_any()
                } else {
                    t!(i18n, songs.generate).into_any()
                }}
            </button>
        </ActionForm>
    }
}

/// The saved styles and the action that adds one, made by the page before it awaits anything.
#[derive(Clone, Copy)]
struct SavedStyles {
    save: ServerAction<SaveStylePrompt>,
    list: Resource<Result<Vec<crate::styles::StylePrompt>, crate::error::AppError>>,
}

impl SavedStyles {
    fn new() -> Self {
        let save = ServerAction::<SaveStylePrompt>::new();
        let list = Resource::new(move || save.version().get(), |_| list_style_prompts());
        SavedStyles { save, list }
    }
}

/// The user's saved style prompts: picking one fills the style field; the current style can be
/// kept under a name.
#[component]
fn StylePicker(prompt: RwSignal<String>, styles: SavedStyles) -> impl IntoView {
    let i18n = use_i18n();
    let SavedStyles { save, list: styles } = styles;
    let name = RwSignal::new(String::new());
    let on_save = move |_| {
        save.dispatch(SaveStylePrompt {
            name: name.get_untracked(),
            prompt: prompt.get_untracked(),
        });
    };
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let list = styles.await.unwrap_or_default();
                (!list.is_empty()).then(|| view! {
                    <div class="chip-row" role="group" aria-label=move || t_string!(i18n, songs.saved_styles)>
                        {list.into_iter().map(|s| {
                            let text = s.prompt.clone();
                            view! {
                                <button type="button" class="chip" title=s.prompt.clone()
                                    on:click=move |_| prompt.set(text.clone())>{s.name}</button>
                            }
                        }).collect_view()}
                    </div>
                })
            })}
        </Transition>
        <div class="input-with-button compact">
            <input aria-label=move || t_string!(i18n, songs.style_name) maxlength=MAX_NAME_CHARS
                placeholder=move || t_string!(i18n, songs.style_name)
                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            <button type="button" class="button" on:click=on_save
                disabled=move || save.pending().get() || name.with(|n| n.trim().is_empty()) || prompt.with(|p| p.trim().is_empty())>
                {t!(i18n, songs.save_style)}
            </button>
        </div>
        <ActionError value=save.value() />
    }
}
