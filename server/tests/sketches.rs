//! The sketch library and saved music styles over real HTTP: create, edit, search, filter, AI
//! title through the template path, "generate song" marking the sketch used, other users refused.

mod common;

use app::sketches::api::{DeleteSketch, GetSketch, ListSketches, SaveSketch, SuggestTitle};
use app::sketches::{SketchForm, SketchQuery, SketchWorkflow};
use app::songs::api::{CreateSong, GetSong};
use app::songs::preflight::SongRequest;
use app::styles::api::{DeleteStylePrompt, ListStylePrompts, SaveStylePrompt};

fn form(title: &str, prompt: &str) -> SketchForm {
    SketchForm {
        title: title.into(),
        prompt: prompt.into(),
        ..Default::default()
    }
}

fn search(text: &str) -> ListSketches {
    ListSketches {
        query: SketchQuery {
            search: text.into(),
            ..Default::default()
        },
    }
}

fn song_from(sketch_id: &str, key: &str) -> CreateSong {
    CreateSong {
        request: SongRequest {
            lyrics: "ships at night".into(),
            prompt: "shanty".into(),
            sketch_id: Some(sketch_id.into()),
            idempotency_key: key.into(),
            ..Default::default()
        },
    }
}

both_backends!(sketches_are_kept_searched_and_owned, ["JOB_WORKERS" => "0"], |app| async move {
    let c = app.admin("admin@example.org").await;
    let other = app.member("other@example.org").await;

    let missing = c.run_err(SaveSketch { sketch: form("No style", " ") }).await;
    assert_eq!(missing.0, 422, "the style prompt is required");
    let first = SketchForm {
        lyrics: "[Verse]\nships at night".into(),
        tags: "sea".into(),
        ..form("Harbour Lights", "sea shanty, choir")
    };
    let first = c.run_ok(SaveSketch { sketch: first }).await;
    assert_eq!(first.workflow, SketchWorkflow::Draft);
    let id = first.id.clone();
    c.run_ok(SaveSketch { sketch: form("100% rain_drops", "lofi") }).await;

    assert_eq!(c.run_ok(search("SHIPS")).await.len(), 1, "search covers lyrics, case-insensitive");
    assert_eq!(c.run_ok(search("0% r")).await.len(), 1, "% is literal");
    assert_eq!(c.run_ok(search("n_d")).await.len(), 1, "_ is literal");

    let edit = SketchForm {
        id: id.clone(),
        lyrics: "new".into(),
        workflow: "archived".into(),
        version: first.version,
        ..form("Harbour Lights", "shanty")
    };
    let edited = c.run_ok(SaveSketch { sketch: edit.clone() }).await;
    assert_eq!(edited.workflow, SketchWorkflow::Archived);
    assert_eq!(edited.version, first.version + 1);
    let stale = c.run_err(SaveSketch { sketch: SketchForm { lyrics: "older tab".into(), ..edit } }).await;
    assert_eq!(stale, (409, "changed_elsewhere".into()), "a form from before the last save is refused");
    assert_eq!(c.run_ok(GetSketch { id: id.clone() }).await.lyrics, "new", "and changes nothing");
    assert_eq!(c.run_ok(search("")).await.len(), 1, "archived sketches leave the default view");
    let archived = ListSketches {
        query: SketchQuery {
            workflow: "archived".into(),
            ..Default::default()
        },
    };
    assert_eq!(c.run_ok(archived).await.len(), 1);
    let bad = SketchForm {
        id: id.clone(),
        workflow: "done".into(),
        ..form("", "x")
    };
    assert_eq!(c.run_err(SaveSketch { sketch: bad }).await.0, 422);

    // Other users see nothing and change nothing.
    let mine = || id.clone();
    assert_eq!(other.run_err(GetSketch { id: mine() }).await.0, 404);
    let theft = SketchForm {
        id: mine(),
        ..form("", "mine")
    };
    assert_eq!(other.run_err(SaveSketch { sketch: theft }).await.0, 404);
    assert_eq!(other.run_err(DeleteSketch { id: mine() }).await.0, 404);
    assert!(other.run_ok(search("")).await.is_empty());

    // A title from the model (the demo Ollama), one clean line.
    let title = c
        .run_ok(SuggestTitle { text: "0001 ships leaving the harbour at night".into() })
        .await;
    assert!(!title.is_empty() && !title.contains('\n') && !title.starts_with('"'), "{title:?}");
    let refused = c.run_err(SuggestTitle { text: "0002 anything".into() }).await;
    assert_eq!(refused.1, "provider");

    // Generating a song from the sketch marks it used; another user's sketch is refused.
    let created = c.run_ok(song_from(&id, "key-from-sketch-1")).await;
    assert_eq!(created.song.sketch_id.as_deref(), Some(id.as_str()));
    assert_eq!(c.run_ok(GetSketch { id: mine() }).await.workflow, SketchWorkflow::Used);
    assert_eq!(other.run_err(song_from(&id, "key-from-sketch-2")).await.0, 404);

    c.run_ok(DeleteSketch { id: mine() }).await;
    assert_eq!(c.run_err(GetSketch { id: mine() }).await.0, 404);
    let song = c.run_ok(GetSong { id: created.song.id.clone() }).await;
    assert!(song.sketch_id.is_none(), "the song stays, unlinked");
    app
});

both_backends!(music_styles_are_saved_per_user, ["JOB_WORKERS" => "0"], |app| async move {
    let c = app.admin("admin@example.org").await;
    let other = app.member("other@example.org").await;
    let style = |name: &str, prompt: &str| SaveStylePrompt {
        name: name.into(),
        prompt: prompt.into(),
    };
    let saved = c.run_ok(style("Night drive", "synthwave, 90 bpm")).await;
    c.run_ok(style("Ballad", "piano ballad")).await;
    let replaced = c.run_ok(style("Night drive", "darker synthwave")).await;
    assert_eq!(replaced.id, saved.id, "same name, same entry");
    let list = c.run_ok(ListStylePrompts {}).await;
    assert_eq!(list.len(), 2);
    assert_eq!(list[1].prompt, "darker synthwave");
    assert_eq!(c.run_err(style(" ", "x")).await.0, 422);
    assert_eq!(c.run_err(style("Long", &"x".repeat(1025))).await.0, 422);
    let delete = || DeleteStylePrompt { id: saved.id.clone() };
    assert_eq!(other.run_err(delete()).await.0, 404);
    assert!(other.run_ok(ListStylePrompts {}).await.is_empty());
    c.run_ok(delete()).await;
    assert_eq!(c.run_ok(ListStylePrompts {}).await.len(), 1);
    app
});
