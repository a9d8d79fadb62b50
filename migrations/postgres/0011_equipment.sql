-- Equipment (spec 1.1 Equipment Management, 14.2.10): the studio's software and plugins.
--
-- Password, licence key and price are sealed (XChaCha20-Poly1305, app/src/infra/secrets) with
-- their table, column and row as associated data; each sealed text names its key
-- (`v1:<key id>:…`), the keys live outside the database. NULL means "none". Tags are
-- comma-separated as in the spec; an empty licence management means "not recorded".
CREATE TABLE equipment (
    id                    TEXT PRIMARY KEY NOT NULL,
    user_id               TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    type                  TEXT NOT NULL,
    name                  TEXT NOT NULL,
    version               TEXT NOT NULL DEFAULT '',
    description           TEXT NOT NULL DEFAULT '',
    software_tags         TEXT NOT NULL DEFAULT '',
    plugin_tags           TEXT NOT NULL DEFAULT '',
    manufacturer          TEXT NOT NULL DEFAULT '',
    url                   TEXT NOT NULL DEFAULT '',
    username              TEXT NOT NULL DEFAULT '',
    password_encrypted    TEXT,
    license_management    TEXT NOT NULL DEFAULT '',
    license_key_encrypted TEXT,
    license_description   TEXT NOT NULL DEFAULT '',
    purchase_date         TEXT,
    price_encrypted       TEXT,
    system_requirements   TEXT NOT NULL DEFAULT '',
    status                TEXT NOT NULL DEFAULT 'active',
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);
-- The list's orders and filters.
CREATE INDEX equipment_user_name ON equipment (user_id, lower(name), id);
CREATE INDEX equipment_user_type ON equipment (user_id, type);
CREATE INDEX equipment_user_status ON equipment (user_id, status);

-- Search (see 0006_list_search.sql): name, manufacturer, tags, description.
CREATE INDEX equipment_search ON equipment USING gin ((
    lower(name || chr(1) || manufacturer || chr(1) || software_tags || chr(1) || plugin_tags
          || chr(1) || description)
) gin_trgm_ops);
