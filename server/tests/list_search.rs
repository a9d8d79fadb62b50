//! The list pattern's search (`app::infra::list_query`): the trigram indexes find exactly the
//! rows a `LIKE` scan over every row finds, for the gallery and the sketch library, on SQLite
//! and PostgreSQL — wildcards, quotes, short searches and text in any searched column.

mod common;

use app::images::ImageQuery;
use app::infra::Db;
use app::profile::api::GetProfile;
use app::sketches::api::SaveSketch;
use app::sketches::{SketchForm, SketchQuery};
use common::TestApp;

const TEXTS: &[&str] = &[
    "Night Sea",
    "a 100% red_fox",
    r#"say "hi" now"#,
    "über den wolken",
    "straße nach süden",
    "xabcx",
    "ab",
    r"back\slash",
];

const SEARCHES: &[&str] = &[
    "night sea",
    "NIGHT",
    "ght s",
    "100%",
    "%",
    "red_",
    "_",
    r#""hi""#,
    "ab",
    "a",
    "abc",
    "über",
    "straße",
    "süden",
    r"\s",
    "zzz",
    "  sea  ",
];

async fn seed_images(app: &TestApp, user: &str) {
    for (i, text) in TEXTS.iter().enumerate() {
        // Each text once in a different searched column, so every column is searched.
        let (title, tags, prompt) = match i % 3 {
            0 => (*text, "", "plain"),
            1 => ("", *text, "plain"),
            _ => ("", "", *text),
        };
        sqlx::query(
            "INSERT INTO generated_images (id, user_id, user_prompt, final_prompt, model, size, \
             width, height, mime, byte_size, storage_key, thumb_key, title, tags, created_at, \
             updated_at) VALUES ($1, $2, $3, $3, 'm', '1024x1024', 1, 1, 'image/png', 1, 'k', 'k', \
             $4, $5, $6, $6)",
        )
        .bind(format!("image-{i}"))
        .bind(user)
        .bind(prompt)
        .bind(title)
        .bind(tags)
        .bind(i as i64)
        .execute(&app.db.pool)
        .await
        .unwrap();
    }
}

fn scanning(db: &Db) -> Db {
    Db {
        search_index: false,
        ..db.clone()
    }
}

both_backends!(
    indexed_search_finds_what_a_scan_finds,
    [],
    |app| async move {
        let c = app.admin("admin@example.org").await;
        let user = c.run_ok(GetProfile {}).await.id;
        seed_images(&app, &user).await;
        for (i, text) in TEXTS.iter().enumerate() {
            let (lyrics, prompt) = if i % 2 == 0 {
                (*text, "pop")
            } else {
                ("", *text)
            };
            let sketch = SketchForm {
                lyrics: lyrics.into(),
                prompt: prompt.into(),
                ..Default::default()
            };
            c.run_ok(SaveSketch { sketch }).await;
        }
        let (indexed, scan) = (app.db.clone(), scanning(&app.db));
        let mut found_any = 0;
        for search in SEARCHES {
            let q = ImageQuery {
                search: search.to_string(),
                ..Default::default()
            };
            let (by_index, total) = app::images::db::list(&indexed, &user, &q).await.unwrap();
            let (by_scan, scan_total) = app::images::db::list(&scan, &user, &q).await.unwrap();
            assert_eq!(by_index, by_scan, "gallery search {search:?}");
            assert_eq!(total, scan_total, "gallery count for {search:?}");
            found_any += usize::from(total > 0);

            let q = SketchQuery {
                search: search.to_string(),
                ..Default::default()
            };
            let by_index = app::sketches::db::list(&indexed, &user, &q).await.unwrap();
            let by_scan = app::sketches::db::list(&scan, &user, &q).await.unwrap();
            assert_eq!(by_index, by_scan, "sketch search {search:?}");
        }
        assert!(
            found_any >= 12,
            "the searches mostly match something: {found_any}"
        );

        // Edits and deletes reach the index (triggers on SQLite, the expression on PostgreSQL).
        sqlx::query("UPDATE generated_images SET title = 'Harbour Lights' WHERE id = 'image-0'")
            .execute(&app.db.pool)
            .await
            .unwrap();
        sqlx::query("DELETE FROM generated_images WHERE id = 'image-3'")
            .execute(&app.db.pool)
            .await
            .unwrap();
        for (search, expected) in [("harbour", 1), ("night sea", 0), ("über", 0)] {
            let q = ImageQuery {
                search: search.into(),
                ..Default::default()
            };
            let (_, total) = app::images::db::list(&indexed, &user, &q).await.unwrap();
            assert_eq!(total, expected, "{search:?} after the edit");
        }
        app
    }
);
