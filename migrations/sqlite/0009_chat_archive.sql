-- Chat, part 2: messages leave a conversation without being lost. A regenerated reply, the
-- messages after an edited one, and the messages a summary replaced move here, and can come
-- back (spec 14.2.8, messages_archive). One archiving act is one batch:
--   regenerated  a reply replaced by a new version; anchor_id is the user message it answered,
--                so the versions of a reply are the rows sharing its anchor
--   edited       a user message that was edited and everything after it (one branch)
--   compressed   the messages a summary replaced; summary_message_id (and batch_id) is the
--                summary, a message with role 'summary'
-- Positions are never reused within a conversation (a new message takes one past every
-- position, archived ones included), so a batch always has its places to come back to; only a
-- summary shares the position of the first message it replaced, and only one of them is in
-- the conversation at a time.
CREATE TABLE messages_archive (
    id                  TEXT PRIMARY KEY NOT NULL,
    original_message_id TEXT NOT NULL,
    conversation_id     TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    batch_id            TEXT NOT NULL,
    reason              TEXT NOT NULL,
    anchor_id           TEXT,
    summary_message_id  TEXT,
    position            BIGINT NOT NULL,
    role                TEXT NOT NULL,
    content             TEXT NOT NULL,
    state               TEXT NOT NULL,
    error               TEXT,
    token_count         BIGINT,
    prompt_estimate     BIGINT,
    prompt_tokens       BIGINT,
    truncated           INTEGER NOT NULL DEFAULT 0,
    done_reason         TEXT,
    request_key         TEXT,
    original_created_at BIGINT NOT NULL,
    archived_at         BIGINT NOT NULL,
    UNIQUE (conversation_id, original_message_id)
);
CREATE INDEX messages_archive_batch ON messages_archive (conversation_id, batch_id);
CREATE INDEX messages_archive_anchor ON messages_archive (conversation_id, anchor_id);

-- Summarises the older messages of a conversation that nears its window. It runs on the
-- conversation's own model, in its window, so the instructions here are all it takes from the
-- template (its temperature and length too; its model hint is not used).
INSERT INTO prompt_templates (id, category, action, pre_condition, post_condition, description, version, model, temperature, max_tokens, active, created_at, updated_at) VALUES
('tpl-chat-compress', 'chat', 'compress',
 'You condense conversations between a songwriter and an assistant. Summarise the conversation below so that it can continue without it: keep every decision, name, title, constraint and open question, and quote lyric lines, chords and other exact wording that was agreed on verbatim. Write in the language of the conversation, as short notes, without commentary.',
 'Answer with the summary only.',
 'Summarises the older messages of a long conversation', '1.0', 'llama3.2:latest', 0.2, 600, 1, 0, 0);
