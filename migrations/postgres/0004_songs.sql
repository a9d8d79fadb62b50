-- Songs and the durable job queue that generates them (replacing the original's Celery + Redis).

-- One row per unit of background work. The worker that claims a job holds a lease (a token and
-- an expiry renewed by heartbeat); every write it makes is fenced by that token, so a worker
-- that lost its lease cannot overwrite the next one's progress.
--   queued      waiting for a provider slot
--   submitting  the provider POST may be in flight: never sent again automatically
--   running     the provider has the job (provider_job_id is set): poll, then fetch results
--   succeeded | failed | cancelled        final
--   interrupted found submitting without a provider id after a crash: the user decides
CREATE TABLE jobs (
    id               TEXT PRIMARY KEY NOT NULL,
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    subject_id       TEXT NOT NULL,
    provider         TEXT NOT NULL,
    state            TEXT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_run_at      BIGINT NOT NULL,
    lease_token      TEXT,
    lease_expires_at BIGINT,
    progress         BIGINT NOT NULL DEFAULT 0,
    provider_job_id  TEXT,
    provider_status  TEXT,
    error_kind       TEXT,
    last_error       TEXT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    finished_at      BIGINT
);
CREATE INDEX jobs_state_due ON jobs (state, next_run_at);
CREATE INDEX jobs_subject ON jobs (subject_id);

-- How many jobs each provider may run at once, shared by every server process on this
-- database; claiming a queued job locks the provider's row, so the count cannot race.
CREATE TABLE provider_slots (
    provider   TEXT PRIMARY KEY NOT NULL,
    slots      BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE song_sketches (
    id         TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title      TEXT NOT NULL DEFAULT '',
    lyrics     TEXT NOT NULL DEFAULT '',
    prompt     TEXT NOT NULL,
    tags       TEXT NOT NULL DEFAULT '',
    workflow   TEXT NOT NULL DEFAULT 'draft',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX song_sketches_user_updated ON song_sketches (user_id, updated_at DESC, id);

-- Music style prompts users keep and pick from in the song form.
CREATE TABLE style_prompts (
    id         TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    prompt     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (user_id, name)
);

-- A song is what the user asked for; its generation is the job in job_id (a retry runs that
-- job again). idempotency_key comes from the form, so a double submit creates one song.
CREATE TABLE songs (
    id              TEXT PRIMARY KEY NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    sketch_id       TEXT REFERENCES song_sketches(id) ON DELETE SET NULL,
    job_id          TEXT,
    idempotency_key TEXT NOT NULL,
    lyrics          TEXT NOT NULL,
    prompt          TEXT NOT NULL,
    model           TEXT NOT NULL,
    title           TEXT NOT NULL DEFAULT '',
    tags            TEXT NOT NULL DEFAULT '',
    workflow        TEXT NOT NULL DEFAULT 'onWork',
    is_instrumental BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    completed_at    BIGINT,
    UNIQUE (user_id, idempotency_key)
);
CREATE INDEX songs_user_created ON songs (user_id, created_at DESC, id);

-- The provider's variants of a song, with their audio copied into storage (provider URLs
-- expire). Keys are derived from song and index, so fetching again overwrites, never doubles.
CREATE TABLE song_choices (
    id                 TEXT PRIMARY KEY NOT NULL,
    song_id            TEXT NOT NULL REFERENCES songs(id) ON DELETE CASCADE,
    provider_choice_id TEXT NOT NULL,
    choice_index       BIGINT NOT NULL,
    duration_ms        BIGINT NOT NULL,
    mp3_key            TEXT NOT NULL,
    flac_key           TEXT,
    rating             BIGINT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    UNIQUE (song_id, choice_index)
);
