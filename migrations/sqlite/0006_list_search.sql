-- Substring search for the list pages without reading every row: FTS5 tables with the trigram
-- tokenizer mirror the searched columns (a quoted phrase of three or more characters matches
-- wherever it occurs, case-insensitively), kept in step by triggers. Rows are found by `id`;
-- FTS rowids are not used because SQLite may renumber an implicit rowid on VACUUM.
CREATE VIRTUAL TABLE generated_images_search USING fts5(
    id UNINDEXED, title, tags, user_prompt, final_prompt, revised_prompt, tokenize = 'trigram'
);
INSERT INTO generated_images_search (id, title, tags, user_prompt, final_prompt, revised_prompt)
    SELECT id, title, tags, user_prompt, final_prompt, COALESCE(revised_prompt, '')
    FROM generated_images;
CREATE TRIGGER generated_images_search_insert AFTER INSERT ON generated_images BEGIN
    INSERT INTO generated_images_search (id, title, tags, user_prompt, final_prompt, revised_prompt)
    VALUES (new.id, new.title, new.tags, new.user_prompt, new.final_prompt,
            COALESCE(new.revised_prompt, ''));
END;
CREATE TRIGGER generated_images_search_update
    AFTER UPDATE OF title, tags, user_prompt, final_prompt, revised_prompt ON generated_images BEGIN
    UPDATE generated_images_search SET title = new.title, tags = new.tags,
        user_prompt = new.user_prompt, final_prompt = new.final_prompt,
        revised_prompt = COALESCE(new.revised_prompt, '')
    WHERE id = old.id;
END;
CREATE TRIGGER generated_images_search_delete AFTER DELETE ON generated_images BEGIN
    DELETE FROM generated_images_search WHERE id = old.id;
END;

CREATE VIRTUAL TABLE song_sketches_search USING fts5(
    id UNINDEXED, title, lyrics, prompt, tags, tokenize = 'trigram'
);
INSERT INTO song_sketches_search (id, title, lyrics, prompt, tags)
    SELECT id, title, lyrics, prompt, tags FROM song_sketches;
CREATE TRIGGER song_sketches_search_insert AFTER INSERT ON song_sketches BEGIN
    INSERT INTO song_sketches_search (id, title, lyrics, prompt, tags)
    VALUES (new.id, new.title, new.lyrics, new.prompt, new.tags);
END;
CREATE TRIGGER song_sketches_search_update
    AFTER UPDATE OF title, lyrics, prompt, tags ON song_sketches BEGIN
    UPDATE song_sketches_search SET title = new.title, lyrics = new.lyrics, prompt = new.prompt,
        tags = new.tags
    WHERE id = old.id;
END;
CREATE TRIGGER song_sketches_search_delete AFTER DELETE ON song_sketches BEGIN
    DELETE FROM song_sketches_search WHERE id = old.id;
END;

-- The gallery's orders and filters, each served from an index in its own order.
DROP INDEX generated_images_user_created;
DROP INDEX generated_images_user_title;
CREATE INDEX generated_images_user_created ON generated_images (user_id, created_at DESC, id DESC);
CREATE INDEX generated_images_user_title ON generated_images (user_id, LOWER(title), created_at DESC, id DESC);
CREATE INDEX generated_images_user_composition ON generated_images (user_id, composition, created_at DESC, id DESC);
