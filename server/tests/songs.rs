//! Songs over real HTTP: preflight, idempotent submission, the runner taking a song through the
//! mock Mureka to stored audio, Range and download names, rating, editing, deleting, other users
//! refused, and the pages. Failures, cancel and retry are in `song_failures.rs`.

mod common;

use common::songs::{app_with, files_under, mock, quick, song_args, wait_settled};
use common::Backend;
use serde_json::Value;

async fn generated_song_is_kept(backend: Backend) {
    let mock = mock(quick()).await;
    let Some(app) = app_with(backend, &mock, &[]).await else {
        return;
    };
    let c = app.admin("admin@example.org").await;
    let other = app.member("other@example.org").await;

    let created: Value = c
        .call_ok(
            "create_song",
            &song_args(
                "**Hook**\n0001 driving home\n\nVerse:\nlights",
                "synthwave",
                "key-0001-aaaa",
            ),
        )
        .await;
    assert_eq!(created["new"], true);
    let mappings = created["mappings"].as_array().unwrap();
    assert!(
        !mappings.is_empty(),
        "hook was mapped to the provider's chorus"
    );
    let id = created["song"]["id"].as_str().unwrap().to_string();
    let first_state = created["song"]["status"]["state"].as_str().unwrap();
    assert!(
        ["Queued", "Submitting", "Running"].contains(&first_state),
        "returns at once, before the song is made: {first_state}"
    );

    // The same idempotency key again (a double click): the same song, no second job.
    let again: Value = c
        .call_ok(
            "create_song",
            &song_args("**Hook**\n0001 driving home", "synthwave", "key-0001-aaaa"),
        )
        .await;
    assert_eq!(again["new"], false);
    assert_eq!(again["song"]["id"], id.as_str());

    let song = wait_settled(&c, &id).await;
    assert_eq!(song["status"]["state"], "Succeeded", "{song}");
    assert_eq!(song["status"]["progress"], 100);
    let choices = song["choices"].as_array().unwrap();
    assert_eq!(choices.len(), 2);
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
    let choice = choices[0]["id"].as_str().unwrap();
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
    c.call_ok::<()>("rate_choice", &[("choice_id", choice), ("rating", "1")])
        .await;
    let bad = c
        .call("rate_choice", &[("choice_id", choice), ("rating", "5")])
        .await;
    assert_eq!(bad.status, 422);
    let edited: Value = c
        .call_ok(
            "update_song",
            &[
                ("id", &id),
                ("title", "Home"),
                ("tags", "x"),
                ("workflow", "inUse"),
            ],
        )
        .await;
    assert_eq!(edited["workflow"], "inUse");
    assert_eq!(edited["choices"][0]["rating"], 1);
    for (name, args) in [
        ("get_song", vec![("id", id.as_str())]),
        ("cancel_song", vec![("id", id.as_str())]),
        ("retry_song", vec![("id", id.as_str())]),
        ("delete_song", vec![("id", id.as_str())]),
        ("rate_choice", vec![("choice_id", choice), ("rating", "0")]),
    ] {
        let answer = other.call(name, &args).await;
        assert_eq!(answer.status, 404, "{name} must refuse another user's song");
    }
    let listed: Vec<Value> = other.call_ok("list_songs", &[]).await;
    assert!(listed.is_empty());

    // Delete removes the files too.
    let files_dir = app.config.storage_dir.join("songs");
    let count = |dir: &std::path::Path| files_under(dir).len();
    assert_eq!(count(&files_dir), 4, "two choices × MP3 and FLAC");
    c.call_ok::<()>("delete_song", &[("id", &id)]).await;
    assert_eq!(count(&files_dir), 0);
    assert_eq!(c.call("get_song", &[("id", &id)]).await.status, 404);
    app.stop().await;
}

#[tokio::test]
async fn generated_song_is_kept_sqlite() {
    generated_song_is_kept(Backend::Sqlite).await
}

#[tokio::test]
async fn generated_song_is_kept_postgres() {
    generated_song_is_kept(Backend::Postgres).await
}

/// The pages render on the server for their owner, in the user's language.
#[tokio::test]
async fn song_and_sketch_pages_render() {
    let mock = mock(quick()).await;
    let Some(app) = app_with(Backend::Sqlite, &mock, &[]).await else {
        return;
    };
    let c = app.admin("admin@example.org").await;
    let created: Value = c
        .call_ok(
            "create_song",
            &song_args("0001 la", "pop", "key-page-00001"),
        )
        .await;
    let id = created["song"]["id"].as_str().unwrap();
    wait_settled(&c, id).await;
    let sketch: Value = c
        .call_ok(
            "save_sketch",
            &[("title", "Harbour Lights"), ("prompt", "shanty")],
        )
        .await;
    for (path, expect) in [
        (format!("/songs?id={id}"), "Night Drive"),
        ("/songs/new".to_string(), "Generate a song"),
        (
            format!("/songs/new?sketch={}", sketch["id"].as_str().unwrap()),
            "shanty",
        ),
        ("/sketches".to_string(), "Harbour Lights"),
        ("/profile".to_string(), "Mureka account"),
    ] {
        let res = c.get(&path).await;
        assert_eq!(res.status(), 200, "{path}");
        let html = res.text().await.unwrap();
        assert!(html.contains(expect), "{path} lacks {expect:?}");
    }
    c.call_ok::<()>("set_language", &[("language", "de")]).await;
    let html = c.get("/songs/new").await.text().await.unwrap();
    assert!(html.contains("Song generieren"), "German");
    let anonymous = app.client().get("/songs").await;
    assert!(
        anonymous.url().path().starts_with("/login"),
        "sign-in first"
    );
    app.stop().await;
}
