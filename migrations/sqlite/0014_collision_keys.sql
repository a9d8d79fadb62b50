-- Names one disk would take for the same (shared::project_path::collision_key: lower case,
-- NFC): macOS and Windows ignore case, so "Mix.wav" and "mix.wav" in one folder, or two
-- folders "Stems" and "stems", would overwrite each other in a clone. The exact-name
-- indexes stay (they order the listings). The keys are computed in Rust (SQL's lower()
-- differs between SQLite and PostgreSQL and ignores most of Unicode); rows from before this
-- migration get theirs when the server starts (projects::db::fill_collision_keys), which is
-- why the columns allow NULL.
ALTER TABLE project_files ADD COLUMN path_key TEXT;
CREATE UNIQUE INDEX project_files_path_key ON project_files (folder_id, path_key);

ALTER TABLE project_folders ADD COLUMN name_key TEXT;
CREATE UNIQUE INDEX project_folders_name_key ON project_folders (project_id, name_key);
