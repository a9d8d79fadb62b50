//! `/sketches`: the library beside the editor. Search, filter and the open sketch live in the URL
//! (`?q=…&workflow=…&id=…`, `id=new` for a fresh one), so views can be bookmarked.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::api::{list_sketches, DeleteSketch, SaveSketch, SuggestTitle};
use super::new_lyric::NewLyricButton;
use super::{Sketch, SketchQuery, SketchWorkflow, MAX_PROMPT_CHARS, MAX_TITLE_CHARS};
use crate::demo::DemoBanner;
use crate::i18n::*;
use crate::ui::dialog::ConfirmDelete;
use crate::ui::form::ActionError;
use crate::ui::form_check::FormCheck;
use crate::ui::language::LanguageSelect;
use crate::ui::layout::{Loaded, MasterDetail, Page};
use crate::ui::list::{FilterBar, ItemRow, ListEmpty, ListUrl};
use crate::ui::time::Moment;
use crate::ui::toast::announce_success;

type I18n = leptos_i18n::I18nContext<Locale>;

/// The library's address: search, workflow filter and the open sketch.
const LIBRARY: ListUrl = ListUrl {
    path: "/sketches",
    keys: &["q", "workflow", "id"],
};

pub fn workflow_label(i18n: I18n, w: SketchWorkflow) -> String {
    match w {
        SketchWorkflow::Draft => t_string!(i18n, sketches.workflow_draft),
        SketchWorkflow::Used => t_string!(i18n, sketches.workflow_used),
        SketchWorkflow::Archived => t_string!(i18n, sketches.workflow_archived),
    }
    .to_string()
}

#[component]
pub fn SketchesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let q = query.read();
        SketchQuery {
            search: q.get("q").unwrap_or_default(),
            workflow: q.get("workflow").unwrap_or_default(),
            page: shared::paging::Page::parse(&q.get("page").unwrap_or_default()),
        }
    });
    let selected = Memo::new(move |_| query.read().get("id"));
    let refresh = RwSignal::new(0u32);
    let sketches = Resource::new(
        move || (filters.get(), refresh.get()),
        |(f, _)| list_sketches(f),
    );
    view! {
        <Page title=crate::tr!(i18n, sketches.title) actions=move || view! {
            <NewLyricButton />
            <A href="/sketches?id=new" attr:class="button button-primary">{t!(i18n, sketches.new_sketch)}</A>
        }>
            // Here, not in the editor: a component with a resource must not be created after an
            // `.await` (see songs/new_page.rs), and the editor is.
            <DemoBanner />
            <Loaded from=sketches show={move |list: Vec<Sketch>| {
                let list = StoredValue::new(list);
                let current = Memo::new(move |_| {
                    let id = selected.get()?;
                    if id == "new" {
                        return Some(Sketch::default());
                    }
                    list.read_value().iter().find(|s| s.id == id).cloned()
                });
                view! {
                    <MasterDetail
                        detail_open=Signal::derive(move || current.get().is_some())
                        master=move || view! { <SketchList list=list.get_value() filters selected /> }
                        detail=move || view! { {move || match current.get() {
                            Some(sketch) => view! { <SketchEditor sketch refresh /> }.into_any(),
                            None => view! { <p class="empty-state">{t!(i18n, sketches.pick)}</p> }.into_any(),
                        }} }
                    />
                }
            }} />
        </Page>
    }
}

#[component]
fn SketchList(
    list: Vec<Sketch>,
    filters: Memo<SketchQuery>,
    selected: Memo<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let f = filters.get_untracked();
    let empty = list.is_empty();
    let filtered = f.workflow_filter();
    let workflow_options: Vec<(SketchWorkflow, bool)> = SketchWorkflow::ALL
        .iter()
        .map(|w| (*w, filtered == Some(*w)))
        .collect();
    let search = f.search.clone();
    let query = use_query_map();
    view! {
        <FilterBar url=LIBRARY submit_label=crate::tr!(i18n, sketches.filter)>
            <input type="search" name="q" value=search
                aria-label=move || t_string!(i18n, sketches.search)
                placeholder=move || t_string!(i18n, sketches.search) />
            <select name="workflow" aria-label=move || t_string!(i18n, fields.workflow)
                onchange="this.form.requestSubmit()">
                <option value="">{t!(i18n, sketches.workflow_active)}</option>
                {workflow_options.into_iter().map(|(w, selected)| view! {
                    <option value=w.as_str() selected=selected>{move || workflow_label(i18n, w)}</option>
                }).collect_view()}
            </select>
        </FilterBar>
        {empty.then(|| view! {
            <ListEmpty
                filtered=LIBRARY.is_filtered(&query.read_untracked())
                clear_href=LIBRARY.path.to_string()
                empty=crate::tr!(i18n, sketches.empty)
                no_match=crate::tr!(i18n, sketches.no_match)
            />
        })}
        <ul class="item-list" aria-label=move || t_string!(i18n, sketches.title)>
            {list.into_iter().map(|s| {
                let title = if s.title.is_empty() { t_string!(i18n, sketches.untitled).to_string() } else { s.title.clone() };
                let workflow = s.workflow;
                let badge = format!("badge badge-{workflow}");
                let href = LIBRARY.href(&query.read_untracked(), &[("id", &s.id)]);
                view! {
                    <ItemRow href id=s.id.clone() selected>
                        <span class="item-title">{title}</span>
                        <span class="item-meta">
                            <span class=badge>{move || workflow_label(i18n, workflow)}</span>
                            " "<Moment ms=s.updated_at />
                        </span>
                        <span class="item-sub">{s.prompt.clone()}</span>
                    </ItemRow>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn SketchEditor(sketch: Sketch, refresh: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let save = ServerAction::<SaveSketch>::new();
    let delete = ServerAction::<DeleteSketch>::new();
    let suggest = ServerAction::<SuggestTitle>::new();
    let confirm = RwSignal::new(false);
    let is_new = sketch.id.is_empty();
    let checked = FormCheck::new(|s: &SaveSketch| super::request::check(&s.sketch).map(drop));
    let title = RwSignal::new(sketch.title.clone());
    let lyrics = RwSignal::new(sketch.lyrics.clone());
    let prompt = RwSignal::new(sketch.prompt.clone());
    // The version the next save starts from; every save moves it on.
    let version = RwSignal::new(sketch.version);
    announce_success(save.version(), save.value(), move || {
        t_string!(i18n, sketches.saved).to_string()
    });
    announce_success(delete.version(), delete.value(), move || {
        t_string!(i18n, sketches.deleted).to_string()
    });
    Effect::watch(
        move || suggest.version().get(),
        move |_, _, _| {
            if let Some(Ok(t)) = suggest.value().get_untracked() {
                title.set(t);
            }
        },
        false,
    );
    {
        let navigate = navigate.clone();
        Effect::watch(
            move || save.version().get() + delete.version().get(),
            move |_, _, _| {
                refresh.update(|n| *n += 1);
                if let Some(Ok(saved)) = save.value().get_untracked() {
                    version.set(saved.version);
                    if is_new {
                        navigate(&format!("/sketches?id={}", saved.id), Default::default());
                    }
                }
                if matches!(delete.value().get_untracked(), Some(Ok(()))) {
                    navigate("/sketches", Default::default());
                }
            },
            false,
        );
    }
    let on_suggest = move |_| {
        let text = lyrics.with_untracked(|l| {
            if l.trim().is_empty() {
                prompt.get_untracked()
            } else {
                l.clone()
            }
        });
        suggest.dispatch(SuggestTitle { text });
    };
    let id = sketch.id.clone();
    let delete_id = StoredValue::new(sketch.id.clone());
    let heading = if is_new {
        t_string!(i18n, sketches.new_sketch).to_string()
    } else if sketch.title.is_empty() {
        t_string!(i18n, sketches.untitled).to_string()
    } else {
        sketch.title.clone()
    };
    view! {
        <article class="detail-panel sketch-editor">
            <header class="detail-head">
                <h2>{heading}</h2>
                <A href="/sketches" attr:class="button button-quiet detail-close">{t!(i18n, common.close)}</A>
            </header>
            <ActionForm action=save attr:class="form" on:submit:capture=checked.on_submit() on:input=checked.on_input()>
                <input type="hidden" name="sketch[id]" value=id.clone() />
                <input type="hidden" name="sketch[version]" prop:value=move || version.get().to_string() value=version.get_untracked().to_string() />
                <div class="field">
                    <label for="sketch-title">{t!(i18n, fields.title)}</label>
                    <div class="input-with-button">
                        <input id="sketch-title" name="sketch[title]" maxlength=MAX_TITLE_CHARS
                            prop:value=move || title.get() value=title.get_untracked()
                            on:input=move |ev| title.set(event_target_value(&ev)) />
                        <button type="button" class="button" on:click=on_suggest
                            disabled=move || suggest.pending().get() || (lyrics.with(|l| l.trim().is_empty()) && prompt.with(|p| p.trim().is_empty()))>
                            {move || if suggest.pending().get() {
                                view! { <span class="spinner" aria-hidden="true"></span>{t!(i18n, sketches.suggesting)} }.into_any()
                            } else {
                                t!(i18n, sketches.suggest_title).into_any()
                            }}
                        </button>
                    </div>
                    <ActionError value=suggest.value() />
                </div>
                <div class="field">
                    <label for="sketch-lyrics">{t!(i18n, fields.lyrics)}</label>
                    <textarea id="sketch-lyrics" name="sketch[lyrics]" rows="12" class="mono"
                        prop:value=move || lyrics.get()
                        on:input=move |ev| lyrics.set(event_target_value(&ev))>{sketch.lyrics.clone()}</textarea>
                </div>
                <div class="field">
                    <label for="sketch-prompt">{t!(i18n, songs.style_prompt)}</label>
                    <textarea id="sketch-prompt" name="sketch[prompt]" rows="3" required maxlength=MAX_PROMPT_CHARS
                        placeholder=move || t_string!(i18n, songs.style_placeholder)
                        prop:value=move || prompt.get()
                        on:input=move |ev| prompt.set(event_target_value(&ev))>{sketch.prompt.clone()}</textarea>
                </div>
                <div class="form-row">
                    <div class="field">
                        <label for="sketch-tags">{t!(i18n, fields.tags)}</label>
                        <input id="sketch-tags" name="sketch[tags]" value=sketch.tags.clone() />
                    </div>
                    <div class="field">
                        <label for="sketch-language">{t!(i18n, lyrics.language)}</label>
                        <LanguageSelect id="sketch-language" name="sketch[language]" selected=sketch.language />
                    </div>
                    <div class="field">
                        <label for="sketch-workflow">{t!(i18n, fields.workflow)}</label>
                        <select id="sketch-workflow" name="sketch[workflow]">
                            {SketchWorkflow::ALL.iter().map(|&w| view! {
                                <option value=w.as_str() selected=sketch.workflow == w>{move || workflow_label(i18n, w)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                {checked.problem()}
                <ActionError value=save.value() />
                <div class="inline-actions">
                    <button type="submit" class="button button-primary" disabled=move || save.pending().get()>{t!(i18n, common.save)}</button>
                    {(!is_new).then(|| view! {
                        <a class="button" href=format!("/sketches/{}/lyrics", id)>{t!(i18n, lyrics.open_in_editor)}</a>
                        <a class="button" href=format!("/songs/new?sketch={}", id)>{t!(i18n, sketches.generate_song)}</a>
                        <button type="button" class="button button-danger" on:click=move |_| confirm.set(true)>{t!(i18n, sketches.delete)}</button>
                    })}
                </div>
            </ActionForm>
            <ConfirmDelete
                open=confirm
                action=delete
                id=delete_id.get_value()
                title=crate::tr!(i18n, sketches.delete_title)
                body=crate::tr!(i18n, sketches.delete_body)
                confirm_label=crate::tr!(i18n, sketches.delete)
            />
            <crate::ui::asset_places::AssetPlacesSlot kind="sketch" id=delete_id.get_value() />
        </article>
    }
}
