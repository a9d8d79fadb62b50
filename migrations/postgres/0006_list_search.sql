-- Substring search for the list pages without reading every row: pg_trgm GIN indexes over the
-- searched columns joined by a control character (which a search cannot contain, so a match
-- never spans two columns). Queries spell the indexed expression exactly as here.
-- pg_trgm ships with PostgreSQL and is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX generated_images_search ON generated_images USING gin ((
    lower(title || chr(1) || tags || chr(1) || user_prompt || chr(1) || final_prompt || chr(1)
          || coalesce(revised_prompt, ''))
) gin_trgm_ops);
CREATE INDEX song_sketches_search ON song_sketches USING gin ((
    lower(title || chr(1) || lyrics || chr(1) || prompt || chr(1) || tags)
) gin_trgm_ops);

-- The gallery's orders and filters, each served from an index in its own order.
DROP INDEX generated_images_user_created;
DROP INDEX generated_images_user_title;
CREATE INDEX generated_images_user_created ON generated_images (user_id, created_at DESC, id DESC);
CREATE INDEX generated_images_user_title ON generated_images (user_id, lower(title), created_at DESC, id DESC);
CREATE INDEX generated_images_user_composition ON generated_images (user_id, composition, created_at DESC, id DESC);
