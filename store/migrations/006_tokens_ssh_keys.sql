-- 006: API tokens and SSH keys (issue 4, R-TOK-1..3, R-SSH-1..2).

-- R-TOK-1: only the SHA-256 of the whole token is stored (secret_hash),
-- with its non-secret display prefix. A token belongs to the user who
-- issued it (R-TOK-3). expires_at is NULL for "never"; revoked_at is set
-- when it is revoked, rotated away or its user disabled (R-USR-3).
-- expiry_notified_at is set once the "expires soon" email is queued.
-- Revoked rows stay, so the list and the log can say what happened.
CREATE TABLE api_tokens (
    id                 INTEGER PRIMARY KEY,
    account_id         INTEGER NOT NULL REFERENCES accounts (id),
    user_id            INTEGER NOT NULL REFERENCES users (id),
    name               TEXT    NOT NULL,
    access             TEXT    NOT NULL CHECK (access IN ('read-only', 'read-write')),
    prefix             TEXT    NOT NULL,
    secret_hash        BLOB    NOT NULL UNIQUE,
    created_at         INTEGER NOT NULL,
    expires_at         INTEGER,
    last_used_at       INTEGER,
    revoked_at         INTEGER,
    expiry_notified_at INTEGER
) STRICT;

-- A name is unique among a user's active tokens (neither revoked nor
-- expired); the store checks it inside the write transaction, since an
-- index cannot know the time. This index serves that check and R-USR-3.
CREATE INDEX api_tokens_user_name ON api_tokens (user_id, name) WHERE revoked_at IS NULL;
-- The account's list, newest first.
CREATE INDEX api_tokens_account ON api_tokens (account_id, created_at);
-- The expiry warning's pick: tokens with an expiry not yet warned about.
CREATE INDEX api_tokens_expiring ON api_tokens (expires_at)
    WHERE revoked_at IS NULL AND expiry_notified_at IS NULL AND expires_at IS NOT NULL;

-- R-SSH-1, R-SSH-2: public keys only. fingerprint is the SHA256
-- fingerprint ("SHA256:…"); it is unique in the whole store, because a key
-- must name exactly one user when it signs in (R-SSH-3). public_key is the
-- authorized_keys form without options or comment. A deleted key's row is
-- deleted, so that the key can be added again.
CREATE TABLE ssh_keys (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name         TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    fingerprint  TEXT    NOT NULL UNIQUE,
    public_key   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER
) STRICT;

CREATE INDEX ssh_keys_account ON ssh_keys (account_id, created_at);
CREATE INDEX ssh_keys_user ON ssh_keys (user_id, created_at);
