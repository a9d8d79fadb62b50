-- Every stored object: which backend holds it (the spec's storage_backend), its size and
-- SHA-256. Features keep the key; this table lets reads find the object on either backend and
-- lets `server storage check` compare records with what the backends hold. An object is
-- 'writing' from its first byte until the record that owns it is saved (in the same
-- transaction); a writer that dies lets the lease run out and the outbox removes the object.
CREATE TABLE stored_objects (
    object_key       TEXT PRIMARY KEY NOT NULL,
    backend          TEXT NOT NULL,
    byte_size        BIGINT,
    sha256           TEXT,
    state            TEXT NOT NULL,
    lease_expires_at BIGINT,
    created_at       BIGINT NOT NULL
);
CREATE INDEX stored_objects_writing ON stored_objects (state, lease_expires_at);

-- Objects to delete once the records naming them are gone; retried with backoff until the
-- backend confirms, so a failed delete is never forgotten.
CREATE TABLE storage_outbox (
    id              TEXT PRIMARY KEY NOT NULL,
    backend         TEXT NOT NULL,
    object_key      TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT,
    created_at      BIGINT NOT NULL
);
CREATE INDEX storage_outbox_due ON storage_outbox (next_attempt_at);

-- (`WHERE true`: SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT.)
-- Everything stored so far is a local file; sizes and hashes of thumbnails and audio were not
-- kept (`storage check --repair` records them).
INSERT INTO stored_objects (object_key, backend, byte_size, sha256, state, created_at)
    SELECT storage_key, 'filesystem', byte_size, NULL, 'stored', created_at FROM generated_images
    WHERE true ON CONFLICT DO NOTHING;
INSERT INTO stored_objects (object_key, backend, byte_size, sha256, state, created_at)
    SELECT thumb_key, 'filesystem', NULL, NULL, 'stored', created_at FROM generated_images
    WHERE true ON CONFLICT DO NOTHING;
INSERT INTO stored_objects (object_key, backend, byte_size, sha256, state, created_at)
    SELECT mp3_key, 'filesystem', NULL, NULL, 'stored', created_at FROM song_choices
    WHERE true ON CONFLICT DO NOTHING;
INSERT INTO stored_objects (object_key, backend, byte_size, sha256, state, created_at)
    SELECT flac_key, 'filesystem', NULL, NULL, 'stored', created_at FROM song_choices
    WHERE flac_key IS NOT NULL
    ON CONFLICT DO NOTHING;
