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
CREATE INDEX equipment_user_name ON equipment (user_id, LOWER(name), id);
CREATE INDEX equipment_user_type ON equipment (user_id, type);
CREATE INDEX equipment_user_status ON equipment (user_id, status);

-- Search (see 0006_list_search.sql): name, manufacturer, tags, description.
CREATE VIRTUAL TABLE equipment_search USING fts5(
    id UNINDEXED, name, manufacturer, software_tags, plugin_tags, description, tokenize = 'trigram'
);
CREATE TRIGGER equipment_search_insert AFTER INSERT ON equipment BEGIN
    INSERT INTO equipment_search (id, name, manufacturer, software_tags, plugin_tags, description)
    VALUES (new.id, new.name, new.manufacturer, new.software_tags, new.plugin_tags, new.description);
END;
CREATE TRIGGER equipment_search_update
    AFTER UPDATE OF name, manufacturer, software_tags, plugin_tags, description ON equipment BEGIN
    UPDATE equipment_search SET name = new.name, manufacturer = new.manufacturer,
        software_tags = new.software_tags, plugin_tags = new.plugin_tags,
        description = new.description
    WHERE id = old.id;
END;
CREATE TRIGGER equipment_search_delete AFTER DELETE ON equipment BEGIN
    DELETE FROM equipment_search WHERE id = old.id;
END;
