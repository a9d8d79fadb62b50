//! "Edit in the lyric studio" on the song form: the form's lyrics go into its sketch (or a new
//! draft sketch, with the style prompt and title), and the studio opens; its "Use in song"
//! brings them back to this form.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::error::AppError;
use crate::i18n::*;
use crate::lyrics::editor::api::save_lyrics;
use crate::lyrics::editor::LyricsForm;
use crate::sketches::api::new_lyric;
use crate::sketches::{LyricDraft, Sketch};
use crate::ui::form::ErrorBanner;

#[component]
pub fn OpenInLyricStudio(
    sketch: Option<Sketch>,
    lyrics: RwSignal<String>,
    prompt: RwSignal<String>,
    title: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let sketch = StoredValue::new(sketch);
    let open = move |_| {
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let text = lyrics.get_untracked();
            let id = match sketch.get_value() {
                Some(s) if s.lyrics.trim_end() == text.trim_end() => Ok(s.id),
                Some(s) => save_lyrics(LyricsForm {
                    id: s.id.clone(),
                    version: s.version,
                    lyrics: text,
                    language: s.language.tag().to_string(),
                    structure: s.structure.to_text(),
                })
                .await
                .map(|_| s.id),
                None => {
                    new_lyric(LyricDraft {
                        title: title.get_untracked(),
                        lyrics: text,
                        prompt: prompt.get_untracked(),
                        language: String::new(),
                    })
                    .await
                }
            };
            busy.set(false);
            match id {
                Ok(id) => navigate(&format!("/sketches/{id}/lyrics"), Default::default()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <button type="button" class="button button-quiet" on:click=open disabled=move || busy.get()>
            {t!(i18n, songs.open_in_studio)}
        </button>
        {move || error.get().map(|error| view! { <ErrorBanner error /> })}
    }
}
