-- The lyric studio (spec 6.4, 6.7, 14.2.11).
--
-- A sketch is the unit of the lyric library: it gains the language its lyrics are written in
-- (syllables and rhymes are counted by its rules), the song structure the writer built for it
-- (JSON of shared::lyrics::Architecture, '' when none), and a version that every lyric save
-- must name, so two tabs editing one sketch never silently overwrite each other.
ALTER TABLE song_sketches ADD COLUMN lyric_language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE song_sketches ADD COLUMN structure TEXT NOT NULL DEFAULT '';
ALTER TABLE song_sketches ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- Instance-wide regex rules for cleanup and section formatting, applied in "order" (then
-- name) by the same engine (shared::lyrics::RuleSet) in the browser and on the server.
-- Unlike the original, replacement is stored as written, newlines and all: it needed Base64
-- only because Python and JavaScript interpreted escapes differently. ids are TEXT like every
-- other table here (the spec's INTEGER serial would be the only one).
CREATE TABLE lyric_parsing_rules (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    pattern     TEXT NOT NULL,
    replacement TEXT NOT NULL DEFAULT '',
    rule_type   TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    "order"     BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX lyric_parsing_rules_order ON lyric_parsing_rules (active, "order", name);

-- Seeded from shared/src/lyrics/default_rules.json (a test keeps the two equal). Replacements
-- hold real line breaks inside the quotes.
INSERT INTO lyric_parsing_rules (id, name, description, pattern, replacement, rule_type, active, "order", created_at, updated_at) VALUES
('lpr-windows-line-breaks', 'Windows line breaks', 'CRLF and lone CR become LF.', '\r\n?', '
', 'cleanup', 1, 10, 0, 0),
('lpr-non-breaking-spaces', 'Non-breaking spaces', 'No-break and other exotic spaces become plain spaces.', '[\u00A0\u2007\u202F\u2009\u200A]', ' ', 'cleanup', 1, 20, 0, 0),
('lpr-smart-double-quotes', 'Smart double quotes', 'Typographic double quotes become ".', '[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]', '"', 'cleanup', 1, 30, 0, 0),
('lpr-smart-single-quotes', 'Smart single quotes', 'Typographic single quotes and apostrophes become ''.', '[\u2018\u2019\u201A\u201B\u2032\u2039\u203A]', '''', 'cleanup', 1, 40, 0, 0),
('lpr-em-and-en-dashes', 'Em and en dashes', 'Dashes between words become a spaced hyphen.', '[ \t]*[\u2014\u2013][ \t]*', ' - ', 'cleanup', 1, 50, 0, 0),
('lpr-trailing-spaces', 'Trailing spaces', 'Spaces and tabs at the end of a line are removed.', '[ \t]+$', '', 'cleanup', 1, 60, 0, 0),
('lpr-runs-of-blank-lines', 'Runs of blank lines', 'Two or more blank lines in a row become one.', '\n{3,}', '

', 'cleanup', 1, 70, 0, 0),
('lpr-markdown-section-labels', 'Markdown section labels', 'Tidies bold labels: **Verse 1:** and ** Verse 1 ** become **Verse 1**.', '^\*\*[ \t]*([^*\n]+?)[ \t]*:?[ \t]*\*\*[ \t]*$', '**${1}**', 'section', 1, 110, 0, 0),
('lpr-blank-line-before-labels', 'Blank line before labels', 'Puts a blank line between a lyric line and a section label right below it.', '^([^\s\[*][^\n]*)\n((?:\*\*[^*\n]+\*\*|\[[^\]\n]+\])[ \t]*)$', '${1}

${2}', 'section', 1, 120, 0, 0);

-- The section tools of the editor: the whole song is the context, one section the subject.
UPDATE prompt_templates SET
 pre_condition = 'You are a songwriting coach. The user sends a whole song for context and then one section of it. Improve that section: sharper images, natural rhythm, consistent rhyme. Keep its meaning, its language, its point of view and its number of lines.',
 post_condition = 'Answer with the improved section only: its lines, without its header, without comments.',
 description = 'Improves one section of a song, with the whole song as context.'
 WHERE id = 'tpl-lyrics-improve';
INSERT INTO prompt_templates (id, category, action, pre_condition, post_condition, description, version, model, temperature, max_tokens, active, created_at, updated_at) VALUES
('tpl-lyrics-rewrite', 'lyrics', 'rewrite',
 'You are a songwriter. The user sends a whole song for context and then one section of it. Rewrite that section completely with new lines and images, keeping the song''s theme, mood, language, point of view and the section''s role and number of lines.',
 'Answer with the rewritten section only: its lines, without its header, without comments.',
 'Rewrites one section of a song, with the whole song as context.', '1.0', 'llama3.2:latest', 0.9, 400, 1, 0, 0),
('tpl-lyrics-extend', 'lyrics', 'extend',
 'You are a songwriter. The user sends a whole song for context and then one section of it. Continue that section: keep its lines as they are and add new lines after them that fit its rhythm, rhyme scheme, language and story.',
 'Answer with the whole section only: its lines followed by exactly {lines} new lines, without its header, without comments.',
 'Extends one section of a song by a number of lines, with the whole song as context.', '1.0', 'llama3.2:latest', 0.8, 500, 1, 0, 0);
