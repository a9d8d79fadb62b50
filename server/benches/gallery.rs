//! The list pattern under load: the whole server-rendered gallery page (session check, count,
//! page query, HTML) with 1,000 and 10,000 images, before and after the search and order
//! indexes, on SQLite and PostgreSQL. Per page: latency at a steady 200 requests per second
//! (open loop: requests leave on schedule whether or not earlier ones returned, and latency
//! counts from the scheduled time, so a slow server cannot hide its queue) and throughput with
//! 50 concurrent clients. "Before" is the same build with `SEARCH_INDEX=off` (the `LIKE` scan)
//! on the schema as it was (the trigram index and the new order indexes dropped). Prints
//! figures, never fails on one. `cargo bench -p server --bench gallery`, or `scripts/bench.sh`.

// The allocator the server binary runs with (`server/src/main.rs`), so the figures are its own.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/images/fixtures.rs"]
mod image_fixtures;

mod load;

use common::{Backend, TestApp};

/// The schema before this change, for the "before" runs.
fn undo_indexes(backend: Backend) -> &'static [&'static str] {
    match backend {
        Backend::Sqlite => &[
            "DROP TRIGGER generated_images_search_insert",
            "DROP TRIGGER generated_images_search_update",
            "DROP TRIGGER generated_images_search_delete",
            "DROP TABLE generated_images_search",
            "DROP INDEX generated_images_user_created",
            "DROP INDEX generated_images_user_title",
            "DROP INDEX generated_images_user_composition",
            "CREATE INDEX generated_images_user_created ON generated_images (user_id, created_at DESC, id)",
            "CREATE INDEX generated_images_user_title ON generated_images (user_id, title, id)",
        ],
        Backend::Postgres => &[
            "DROP INDEX generated_images_search",
            "DROP INDEX generated_images_user_created",
            "DROP INDEX generated_images_user_title",
            "DROP INDEX generated_images_user_composition",
            "CREATE INDEX generated_images_user_created ON generated_images (user_id, created_at DESC, id)",
            "CREATE INDEX generated_images_user_title ON generated_images (user_id, title, id)",
        ],
    }
}

#[tokio::main]
async fn main() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        for images in [1_000, 10_000] {
            for before in [true, false] {
                let vars: &[(&str, &str)] = if before {
                    &[("SEARCH_INDEX", "off")]
                } else {
                    &[]
                };
                let Some(app) = TestApp::spawn(backend, vars).await else {
                    println!("gallery/{backend:?}: skipped (database not reachable)");
                    continue;
                };
                measure(&app, backend, images, before).await;
                app.stop().await;
            }
        }
    }
}

async fn measure(app: &TestApp, backend: Backend, images: usize, before: bool) {
    let c = app.admin("bench@example.org").await;
    let user = c.run_ok(app::profile::api::GetProfile {}).await.id;
    image_fixtures::seed_gallery(&app.db, &user, images).await;
    if before {
        for sql in undo_indexes(backend) {
            sqlx::query(sql).execute(&app.db.pool).await.expect(sql);
        }
    }
    if matches!(backend, Backend::Postgres) {
        sqlx::query("ANALYZE").execute(&app.db.pool).await.unwrap();
    }
    let pages = images.div_ceil(app::images::PAGE_SIZE as usize);
    let middle = format!("/images?page={}", pages / 2 + 1);
    let label = if before { "before" } else { "after " };
    for (name, path) in [
        ("first page", "/images"),
        ("middle page", middle.as_str()),
        (
            "search+filter+order",
            "/images?q=harbour&composition=landscape&sort=title",
        ),
    ] {
        let url = format!("{}{path}", app.base);
        let figures = load::measure_page(&c.http, &url).await;
        println!("gallery/{backend:?} {images:>6} images {label} {name:<20} {figures}");
    }
}
