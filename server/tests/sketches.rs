//! The sketch library and saved music styles over real HTTP: create, edit, search, filter, AI
//! title through the template path, "generate song" marking the sketch used, other users refused.

mod common;

use serde_json::Value;

both_backends!(sketches_are_kept_searched_and_owned, ["JOB_WORKERS" => "0"], |app| async move {
    let c = app.admin("admin@example.org").await;
    let other = app.member("other@example.org").await;

    let missing = c.call("save_sketch", &[("title", "No style"), ("prompt", " ")]).await;
    assert_eq!(missing.status, 422, "the style prompt is required");
    let first: Value = c
        .call_ok(
            "save_sketch",
            &[("title", "Harbour Lights"), ("lyrics", "[Verse]\nships at night"), ("prompt", "sea shanty, choir"), ("tags", "sea")],
        )
        .await;
    assert_eq!(first["workflow"], "draft");
    let id = first["id"].as_str().unwrap().to_string();
    c.call_ok::<Value>("save_sketch", &[("title", "100% rain_drops"), ("prompt", "lofi")]).await;

    let found: Vec<Value> = c.call_ok("list_sketches", &[("query[search]", "SHIPS")]).await;
    assert_eq!(found.len(), 1, "search covers lyrics, case-insensitive");
    let literal: Vec<Value> = c.call_ok("list_sketches", &[("query[search]", "0% r")]).await;
    assert_eq!(literal.len(), 1, "% is literal");
    let underscore: Vec<Value> = c.call_ok("list_sketches", &[("query[search]", "n_d")]).await;
    assert_eq!(underscore.len(), 1, "_ is literal");

    let edited: Value = c
        .call_ok(
            "save_sketch",
            &[("id", &id), ("title", "Harbour Lights"), ("lyrics", "new"), ("prompt", "shanty"), ("workflow", "archived")],
        )
        .await;
    assert_eq!(edited["workflow"], "archived");
    let active: Vec<Value> = c.call_ok("list_sketches", &[]).await;
    assert_eq!(active.len(), 1, "archived sketches leave the default view");
    let archived: Vec<Value> = c.call_ok("list_sketches", &[("query[workflow]", "archived")]).await;
    assert_eq!(archived.len(), 1);
    let bad = c.call("save_sketch", &[("id", &id), ("prompt", "x"), ("workflow", "done")]).await;
    assert_eq!(bad.status, 422);

    // Other users see nothing and change nothing.
    assert_eq!(other.call("get_sketch", &[("id", &id)]).await.status, 404);
    assert_eq!(other.call("save_sketch", &[("id", &id), ("prompt", "mine")]).await.status, 404);
    assert_eq!(other.call("delete_sketch", &[("id", &id)]).await.status, 404);
    let theirs: Vec<Value> = other.call_ok("list_sketches", &[]).await;
    assert!(theirs.is_empty());

    // A title from the model (the demo Ollama), one clean line.
    let title: String = c.call_ok("suggest_title", &[("text", "0001 ships leaving the harbour at night")]).await;
    assert!(!title.is_empty() && !title.contains('\n') && !title.starts_with('"'), "{title:?}");
    let refused = c.call("suggest_title", &[("text", "0002 anything")]).await;
    assert_eq!(refused.error_kind(), "provider");

    // Generating a song from the sketch marks it used; another user's sketch is refused.
    let created: Value = c
        .call_ok(
            "create_song",
            &[
                ("request[lyrics]", "ships at night"),
                ("request[prompt]", "shanty"),
                ("request[sketch_id]", &id),
                ("request[idempotency_key]", "key-from-sketch-1"),
            ],
        )
        .await;
    assert_eq!(created["song"]["sketch_id"], id.as_str());
    let used: Value = c.call_ok("get_sketch", &[("id", &id)]).await;
    assert_eq!(used["workflow"], "used");
    let stolen = other
        .call(
            "create_song",
            &[
                ("request[lyrics]", "x"),
                ("request[prompt]", "y"),
                ("request[sketch_id]", &id),
                ("request[idempotency_key]", "key-from-sketch-2"),
            ],
        )
        .await;
    assert_eq!(stolen.status, 404);

    c.call_ok::<()>("delete_sketch", &[("id", &id)]).await;
    assert_eq!(c.call("get_sketch", &[("id", &id)]).await.status, 404);
    let song: Value = c.call_ok("get_song", &[("id", created["song"]["id"].as_str().unwrap())]).await;
    assert!(song["sketch_id"].is_null(), "the song stays, unlinked");
    app
});

both_backends!(music_styles_are_saved_per_user, ["JOB_WORKERS" => "0"], |app| async move {
    let c = app.admin("admin@example.org").await;
    let other = app.member("other@example.org").await;
    let saved: Value = c.call_ok("save_style_prompt", &[("name", "Night drive"), ("prompt", "synthwave, 90 bpm")]).await;
    c.call_ok::<Value>("save_style_prompt", &[("name", "Ballad"), ("prompt", "piano ballad")]).await;
    let replaced: Value = c.call_ok("save_style_prompt", &[("name", "Night drive"), ("prompt", "darker synthwave")]).await;
    assert_eq!(replaced["id"], saved["id"], "same name, same entry");
    let list: Vec<Value> = c.call_ok("list_style_prompts", &[]).await;
    assert_eq!(list.len(), 2);
    assert_eq!(list[1]["prompt"], "darker synthwave");
    assert_eq!(c.call("save_style_prompt", &[("name", " "), ("prompt", "x")]).await.status, 422);
    let long = "x".repeat(1025);
    assert_eq!(c.call("save_style_prompt", &[("name", "Long"), ("prompt", &long)]).await.status, 422);
    let id = saved["id"].as_str().unwrap();
    assert_eq!(other.call("delete_style_prompt", &[("id", id)]).await.status, 404);
    let theirs: Vec<Value> = other.call_ok("list_style_prompts", &[]).await;
    assert!(theirs.is_empty());
    c.call_ok::<()>("delete_style_prompt", &[("id", id)]).await;
    let list: Vec<Value> = c.call_ok("list_style_prompts", &[]).await;
    assert_eq!(list.len(), 1);
    app
});
