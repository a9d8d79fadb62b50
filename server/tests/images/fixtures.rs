//! Gallery fixtures: image rows inserted straight into the database (listing needs no files).

// Each test binary uses some of these.
#![allow(dead_code)]

use app::infra::Db;

use crate::common::TestApp;

/// Inserts gallery rows directly (files are not needed to list them).
pub async fn seed_rows(app: &TestApp, user_id: &str, n: usize) {
    for i in 0..n {
        let composition = if i % 3 == 0 {
            "album-cover"
        } else {
            "landscape"
        };
        sqlx::query(
            "INSERT INTO generated_images (id, user_id, user_prompt, final_prompt, model, size, width, \
             height, mime, byte_size, storage_key, thumb_key, title, tags, composition, created_at, updated_at) \
             VALUES ($1, $2, $3, $3, 'gpt-image-1', '1024x1024', 1024, 1024, 'image/png', 1, 'k', 'k', $4, '', $5, $6, $6)",
        )
        .bind(format!("seed-{i:04}"))
        .bind(user_id)
        .bind(if i == 7 { "a 100% red_fox" } else { "a quiet lake" })
        .bind(format!("Title {:04}", n - i))
        .bind(composition)
        .bind(1_000_000 + i as i64)
        .execute(&app.db.pool)
        .await
        .unwrap();
    }
}

/// Words the seeded prompts are made of; "harbour" is in one prompt of 20, so a search for it
/// narrows a gallery the way a real search does.
const WORDS: [&str; 20] = [
    "lake", "forest", "city", "desert", "mountain", "river", "storm", "meadow", "harbour", "night",
    "snow", "bridge", "garden", "canyon", "island", "valley", "tower", "field", "shore", "cliff",
];

/// `n` gallery rows for the benchmarks, written in batches of 500 per transaction.
pub async fn seed_gallery(db: &Db, user_id: &str, n: usize) {
    for batch in (0..n).collect::<Vec<_>>().chunks(500) {
        let mut tx = db.begin_write().await.unwrap();
        for &i in batch {
            let prompt = format!(
                "a {} at dawn, {} light",
                WORDS[i % 20],
                WORDS[(i / 20) % 20]
            );
            let composition = if i % 3 == 0 {
                "album-cover"
            } else {
                "landscape"
            };
            sqlx::query(
                "INSERT INTO generated_images (id, user_id, user_prompt, final_prompt, model, size, \
                 width, height, mime, byte_size, storage_key, thumb_key, title, tags, composition, \
                 created_at, updated_at) VALUES ($1, $2, $3, $3, 'gpt-image-1', '1024x1024', 1024, \
                 1024, 'image/png', 1, 'k', 'k', $4, 'bench', $5, $6, $6)",
            )
            .bind(format!("bench-{i:06}"))
            .bind(user_id)
            .bind(&prompt)
            .bind(format!("Image {i:06}"))
            .bind(composition)
            .bind(1_000_000 + i as i64)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
}
