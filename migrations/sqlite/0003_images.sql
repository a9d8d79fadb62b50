-- Generated images and the covers made from them. Files live in storage under storage_key;
-- the thumbnail is generated at creation so galleries never ship full images.
CREATE TABLE generated_images (
    id               TEXT PRIMARY KEY NOT NULL,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    user_prompt      TEXT NOT NULL,
    enhanced_prompt  TEXT,
    final_prompt     TEXT NOT NULL,
    revised_prompt   TEXT,
    model            TEXT NOT NULL,
    size             TEXT NOT NULL,
    quality          TEXT,
    width            BIGINT NOT NULL,
    height           BIGINT NOT NULL,
    mime             TEXT NOT NULL,
    byte_size        BIGINT NOT NULL,
    storage_key      TEXT NOT NULL,
    thumb_key        TEXT NOT NULL,
    title            TEXT NOT NULL DEFAULT '',
    tags             TEXT NOT NULL DEFAULT '',
    artistic_style   TEXT,
    composition      TEXT,
    lighting         TEXT,
    color_palette    TEXT,
    detail_level     TEXT,
    source_image_id  TEXT REFERENCES generated_images(id) ON DELETE SET NULL,
    overlay          TEXT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX generated_images_user_created ON generated_images (user_id, created_at DESC, id);
CREATE INDEX generated_images_user_title ON generated_images (user_id, title, id);

-- Monthly provider costs: past months are final and never refetched, the current month is
-- refreshed after an hour.
CREATE TABLE api_costs_monthly (
    id           TEXT PRIMARY KEY NOT NULL,
    provider     TEXT NOT NULL,
    year         BIGINT NOT NULL,
    month        BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    total_cost   REAL NOT NULL,
    line_items   TEXT NOT NULL,
    is_finalized INTEGER NOT NULL DEFAULT 0,
    last_updated_at BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    UNIQUE (provider, year, month)
);
