-- Prompt templates: every AI text operation loads its template (category + action) from here, so
-- wording and model parameters are data that can be edited and versioned, not code.
CREATE TABLE prompt_templates (
    id             TEXT PRIMARY KEY NOT NULL,
    category       TEXT NOT NULL,
    action         TEXT NOT NULL,
    pre_condition  TEXT NOT NULL DEFAULT '',
    post_condition TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    version        TEXT NOT NULL DEFAULT '1.0',
    model          TEXT NOT NULL,
    temperature    REAL NOT NULL,
    max_tokens     BIGINT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    UNIQUE (category, action)
);

INSERT INTO prompt_templates (id, category, action, pre_condition, post_condition, description, version, model, temperature, max_tokens, active, created_at, updated_at) VALUES
('tpl-images-enhance', 'images', 'enhance',
 'You are an expert prompt writer for image generation models. Rewrite the idea below into one vivid, concrete image prompt: subject, setting, mood, colours, light and camera or medium. Keep the user''s intent; do not add text or lettering to the image.',
 'Answer with the prompt only, in English, at most 80 words, no quotes, no explanations.',
 'Turns a short image idea into a detailed prompt for the image model.', '1.0', 'llama3.2:latest', 0.7, 300, 1, 0, 0),
('tpl-images-translate', 'images', 'translate',
 'Translate the following image description into English. Keep every detail.',
 'Answer with the translation only.',
 'Translates an image idea written in another language into English.', '1.0', 'llama3.2:latest', 0.3, 300, 1, 0, 0),
('tpl-titles-generate', 'titles', 'generate',
 'Suggest a short, memorable song title for the following lyrics or idea.',
 'Answer with the title only, at most six words, no quotes.',
 'Suggests a song title from lyrics or an idea.', '1.0', 'llama3.2:latest', 0.8, 30, 1, 0, 0),
('tpl-lyrics-improve', 'lyrics', 'improve',
 'You are a songwriting coach. Improve the following song section: sharper images, natural rhythm, consistent rhyme. Keep its meaning, language and length.',
 'Answer with the improved section only, no comments.',
 'Improves one lyric section.', '1.0', 'llama3.2:latest', 0.7, 400, 1, 0, 0),
('tpl-music-enhance', 'music', 'enhance',
 'Describe a music style for a song generator from the idea below: genre, tempo, instruments, vocal character and mood.',
 'Answer with one line of comma-separated style keywords, at most 200 characters.',
 'Turns a style idea into a music style prompt.', '1.0', 'llama3.2:latest', 0.6, 120, 1, 0, 0);
