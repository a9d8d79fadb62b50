//! Songs over real HTTP: preflight, idempotent submission, the runner taking a song through the
//! mock Mureka to stored audio, Range and download names, rating, editing, deleting, other users
//! refused, and the pages. Failures, cancel and retry are in `song_failures.rs`.

#[path = "../common/mod.rs"]
mod common;
mod fixtures;

use app::auth::api::SetLanguage;
use app::jobs::JobState;
use app::sketches::api::SaveSketch;
use app::sketches::SketchForm;
use app::songs::api::{
    CancelSong, CreateSong, DeleteSong, GetSong, ListSongs, RateChoice, RetrySong, UpdateSong,
};
use app::songs::preflight::SongRequest;
use app::songs::SongWorkflow;
use fixtures::{app_with, mock, quick, song_request, wait_song};
use shared::paging::Page;

fn create(request: SongRequest) -> CreateSong {
    CreateSong { request }
}
use common::Backend;

async fn generated_song_is_kept(backend: Backend) {
    let mock = mock(quick()).await;
    let Some(app) = app_with(backend, &mock, &[]).await else {
        return;
    };
    let c = app.admin("admin@example.org").await;
    let other = app.member("other@example.org").await;

    let created = c
        .run_ok(create(song_request(
            "**Hook**\n0001 driving home\n\nVerse:\nlights",
            "synthwave",
            "key-0001-aaaa",
        )))
        .await;
    assert!(created.new);
    assert!(
        !created.mappings.is_empty(),
        "hook was mapped to the provider's chorus"
    );
    let id = created.song.id.clone();
    let first_state = created.song.status.state;
    assert!(
        !first_state.is_settled(),
        "returns at once, before the song is made: {first_state}"
    );

    // The same idempotency key again (a double click): the same song, no second job.
    let again = c
        .run_ok(create(song_request(
            "**Hook**\n0001 driving home",
            "synthwave",
            "key-0001-aaaa",
        )))
        .await;
    assert!(!again.new);
    assert_eq!(again.song.id, id);

    let song = wait_song(&c, &id).await;
    assert_eq!(song.status.state, JobState::Succeeded, "{song:?}");
    assert_eq!(song.status.progress, 100);
    assert_eq!(song.choices.len(), 2);
    let accepted: Vec<_> = mock
        .mureka
        .submissions()
        .into_iter()
        .filter(|s| s.job_id.is_some())
        .collect();
    assert_eq!(accepted.len(), 1, "one submission for two requests");
    assert!(
        accepted[0].lyrics.contains("[Chorus]"),
        "{}",
        accepted[0].lyrics
    );

    // Audio served from our storage to the owner, with Range and a download name.
    let choice = song.choices[0].id.as_str();
    let url = format!("{}/media/songs/{choice}/mp3", app.base);
    let full = c.http.get(&url).send().await.unwrap();
    assert_eq!(full.status(), 200);
    assert_eq!(full.headers()["content-type"], "audio/mpeg");
    let bytes = full.bytes().await.unwrap();
    let part = c
        .http
        .get(&url)
        .header("range", "bytes=10-19")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(part.bytes().await.unwrap(), bytes[10..20]);
    let flac = c
        .http
        .get(format!("{}/media/songs/{choice}/flac?download=1", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(flac.status(), 200);
    let disposition = flac.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.contains("filename=\"Night Drive - 1.flac\""),
        "{disposition}"
    );
    assert_eq!(&flac.bytes().await.unwrap()[..4], b"fLaC");
    assert_eq!(other.http.get(&url).send().await.unwrap().status(), 404);

    // Rating, editing, another user's ids.
    let rate = |rating| RateChoice {
        choice_id: choice.into(),
        rating: Some(rating),
    };
    c.run_ok(rate(1)).await;
    assert_eq!(c.run_err(rate(5)).await.0, 422);
    let edited = c
        .run_ok(UpdateSong {
            id: id.clone(),
            title: "Home".into(),
            tags: "x".into(),
            workflow: "inUse".into(),
        })
        .await;
    assert_eq!(edited.workflow, SongWorkflow::InUse);
    assert_eq!(edited.choices[0].rating, Some(1));
    let refusal = |answer: (u16, String)| answer.0;
    let theirs = || id.clone();
    assert_eq!(refusal(other.run_err(GetSong { id: theirs() }).await), 404);
    assert_eq!(
        refusal(other.run_err(CancelSong { id: theirs() }).await),
        404
    );
    assert_eq!(
        refusal(other.run_err(RetrySong { id: theirs() }).await),
        404
    );
    assert_eq!(
        refusal(other.run_err(DeleteSong { id: theirs() }).await),
        404
    );
    assert_eq!(refusal(other.run_err(rate(0)).await), 404);
    let listed = other.run_ok(ListSongs { page: Page::FIRST }).await;
    assert!(listed.is_empty());

    // Delete removes the files too.
    assert_eq!(
        app.stored_files("songs").len(),
        4,
        "two choices × MP3 and FLAC"
    );
    c.run_ok(DeleteSong { id: id.clone() }).await;
    assert_eq!(app.stored_files("songs").len(), 0);
    assert_eq!(c.run_err(GetSong { id: id.clone() }).await.0, 404);
    app.stop().await;
}

both_backends!(generated_song_is_kept, fn generated_song_is_kept);

/// The pages render on the server for their owner, in the user's language.
#[tokio::test]
async fn song_and_sketch_pages_render() {
    let mock = mock(quick()).await;
    let Some(app) = app_with(Backend::Sqlite, &mock, &[]).await else {
        return;
    };
    let c = app.admin("admin@example.org").await;
    let created = c
        .run_ok(create(song_request("0001 la", "pop", "key-page-00001")))
        .await;
    let id = created.song.id;
    wait_song(&c, &id).await;
    let form = SketchForm {
        title: "Harbour Lights".into(),
        prompt: "shanty".into(),
        ..Default::default()
    };
    let sketch = c.run_ok(SaveSketch { sketch: form }).await;
    for (path, expect) in [
        (format!("/songs?id={id}"), "Night Drive"),
        ("/songs/new".to_string(), "Generate a song"),
        (format!("/songs/new?sketch={}", sketch.id), "shanty"),
        ("/sketches".to_string(), "Harbour Lights"),
        ("/profile".to_string(), "Mureka account"),
    ] {
        let res = c.get(&path).await;
        assert_eq!(res.status(), 200, "{path}");
        let html = res.text().await.unwrap();
        assert!(html.contains(expect), "{path} lacks {expect:?}");
    }
    c.run_ok(SetLanguage {
        language: "de".into(),
    })
    .await;
    let html = c.get("/songs/new").await.text().await.unwrap();
    assert!(html.contains("Song generieren"), "German");
    let anonymous = app.client().get("/songs").await;
    assert!(
        anonymous.url().path().starts_with("/login"),
        "sign-in first"
    );
    app.stop().await;
}
