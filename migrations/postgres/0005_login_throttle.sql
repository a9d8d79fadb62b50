-- Sign-in throttling, shared by every server process on this database (app/src/auth/throttle.rs).
-- One row per client address (`ip:…`) and per account name tried (`account:…`).
CREATE TABLE login_throttle (
    key             TEXT PRIMARY KEY NOT NULL,
    -- Failures counted: in the current window (addresses) or in a row (accounts).
    failures        BIGINT NOT NULL DEFAULT 0,
    -- Unix ms when the address's window began.
    window_start    BIGINT NOT NULL,
    -- Unix ms before which the account takes no attempt (the growing delay).
    next_allowed_at BIGINT NOT NULL DEFAULT 0,
    updated_at      BIGINT NOT NULL
);

CREATE INDEX login_throttle_updated ON login_throttle (updated_at);
