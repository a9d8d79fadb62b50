-- Song projects (spec 6.9, 14.2): a release's folders, its files of any size in storage, and
-- the songs, sketches and images that belong to it.
--
-- Statistics (total_files, total_bytes) change in the transaction that adds or removes a file,
-- so they are exact at all times. A file's object key is generated and opaque: renames and
-- moves change these rows only. Tags are comma-separated, as in equipment.
CREATE TABLE song_projects (
    id             TEXT PRIMARY KEY NOT NULL,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    tags           TEXT NOT NULL DEFAULT '',
    cover_image_id TEXT REFERENCES generated_images(id) ON DELETE SET NULL,
    sync_status    TEXT NOT NULL DEFAULT 'local',
    last_sync_at   BIGINT,
    total_files    BIGINT NOT NULL DEFAULT 0,
    total_bytes    BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX song_projects_user_updated ON song_projects (user_id, updated_at DESC, id);

CREATE TABLE project_folders (
    id          TEXT PRIMARY KEY NOT NULL,
    project_id  TEXT NOT NULL REFERENCES song_projects(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    folder_type TEXT NOT NULL DEFAULT 'custom',
    icon        TEXT NOT NULL DEFAULT '',
    position    BIGINT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX project_folders_name ON project_folders (project_id, name);
CREATE INDEX project_folders_order ON project_folders (project_id, position);

-- relative_path is NFC, '/'-separated, validated (app/src/projects/path.rs); file_name is its
-- last segment.
CREATE TABLE project_files (
    id            TEXT PRIMARY KEY NOT NULL,
    project_id    TEXT NOT NULL REFERENCES song_projects(id) ON DELETE CASCADE,
    folder_id     TEXT NOT NULL REFERENCES project_folders(id) ON DELETE CASCADE,
    relative_path TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    file_type     TEXT NOT NULL,
    mime_type     TEXT NOT NULL,
    storage_key   TEXT NOT NULL UNIQUE,
    byte_size     BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    modified_at   BIGINT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX project_files_path ON project_files (folder_id, relative_path);
CREATE INDEX project_files_project ON project_files (project_id);

-- A song or a sketch belongs to at most one folder of one project (the spec's project_id and
-- project_folder_id on the asset); deleting either side unlinks.
CREATE TABLE project_song_links (
    song_id    TEXT PRIMARY KEY NOT NULL REFERENCES songs(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES song_projects(id) ON DELETE CASCADE,
    folder_id  TEXT NOT NULL REFERENCES project_folders(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX project_song_links_folder ON project_song_links (folder_id);
CREATE TABLE project_sketch_links (
    sketch_id  TEXT PRIMARY KEY NOT NULL REFERENCES song_sketches(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES song_projects(id) ON DELETE CASCADE,
    folder_id  TEXT NOT NULL REFERENCES project_folders(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX project_sketch_links_folder ON project_sketch_links (folder_id);

-- Images belong to projects and, optionally, to one of their folders, in an order (the spec's
-- project_image_references); '' is the project itself, so the pair stays unique.
CREATE TABLE project_image_links (
    id         TEXT PRIMARY KEY NOT NULL,
    image_id   TEXT NOT NULL REFERENCES generated_images(id) ON DELETE CASCADE,
    project_id TEXT NOT NULL REFERENCES song_projects(id) ON DELETE CASCADE,
    folder_id  TEXT REFERENCES project_folders(id) ON DELETE CASCADE,
    position   BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX project_image_links_unique
    ON project_image_links (project_id, COALESCE(folder_id, ''), image_id);
CREATE INDEX project_image_links_image ON project_image_links (image_id);

-- Search (see 0006_list_search.sql): name, description, tags.
CREATE INDEX song_projects_search ON song_projects USING gin ((
    lower(name || chr(1) || description || chr(1) || tags)
) gin_trgm_ops);
