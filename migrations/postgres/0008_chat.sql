-- Chat: conversations with a model and their messages; each conversation belongs to one user.
-- context_window_size is the window the app sends as num_ctx (the model's own length, capped
-- by configuration); current_token_count is the last turn's measured prompt plus reply.
CREATE TABLE conversations (
    id                  TEXT PRIMARY KEY NOT NULL,
    user_id             TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title               TEXT NOT NULL DEFAULT '',
    -- 0 until the user or the title template names it, so the first exchange titles it once.
    titled              INTEGER NOT NULL DEFAULT 0,
    provider            TEXT NOT NULL,
    model               TEXT NOT NULL,
    system_context      TEXT NOT NULL DEFAULT '',
    temperature         DOUBLE PRECISION NOT NULL,
    max_reply_tokens    BIGINT NOT NULL,
    context_window_size BIGINT NOT NULL,
    current_token_count BIGINT NOT NULL DEFAULT 0,
    pinned              INTEGER NOT NULL DEFAULT 0,
    archived            INTEGER NOT NULL DEFAULT 0,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    last_activity_at    BIGINT NOT NULL
);
CREATE INDEX conversations_user_order
    ON conversations (user_id, archived, pinned DESC, last_activity_at DESC, id DESC);

-- The messages of a conversation in order (position). A reply is written while it streams:
--   streaming    its producer saves the text as it grows and renews heartbeat_at
--   done | stopped | failed   final; a stopped or failed reply keeps the text it got
--   interrupted  its producer went away (heartbeat_at stale): kept as far as it got
-- For a reply, prompt_estimate is what the app expected the prompt to take, prompt_tokens and
-- token_count what the provider counted, truncated whether that count shows dropped context.
-- request_key comes from the form, so a double submit sends one message.
CREATE TABLE messages (
    id               TEXT PRIMARY KEY NOT NULL,
    conversation_id  TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    position         BIGINT NOT NULL,
    role             TEXT NOT NULL,
    content          TEXT NOT NULL DEFAULT '',
    state            TEXT NOT NULL DEFAULT 'done',
    error            TEXT,
    token_count      BIGINT,
    prompt_estimate  BIGINT,
    prompt_tokens    BIGINT,
    truncated        INTEGER NOT NULL DEFAULT 0,
    done_reason      TEXT,
    heartbeat_at     BIGINT,
    stop_requested   INTEGER NOT NULL DEFAULT 0,
    request_key      TEXT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    UNIQUE (conversation_id, position),
    UNIQUE (conversation_id, request_key)
);
CREATE INDEX messages_streaming ON messages (state, heartbeat_at);

-- Search over titles and message text (see 0006_list_search).
CREATE INDEX conversations_search ON conversations USING gin ((lower(title)) gin_trgm_ops);
CREATE INDEX messages_search ON messages USING gin ((lower(content)) gin_trgm_ops);

-- Names a conversation after its first exchange (editable like every template).
INSERT INTO prompt_templates (id, category, action, pre_condition, post_condition, description, version, model, temperature, max_tokens, active, created_at, updated_at) VALUES
('tpl-chat-title', 'chat', 'title',
 'You name conversations. Read the first exchange below and answer with a short title for the conversation: at most six words, in the language the user wrote in, no quotes, no full stop.',
 'Answer with the title only.',
 'Names a conversation after its first exchange', '1.0', 'llama3.2:latest', 0.3, 24, 1, 0, 0);
