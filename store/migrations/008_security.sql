-- 007: security hardening (issue 10).

-- R-SES-1, SPEC §7: a session is stored under the SHA-256 of its token,
-- never the token. Rows written before kept the token itself as id: it
-- cannot be hashed here, and it sat in plain text on disk, so every such
-- session is closed (its console signs out and signs in again) and renamed
-- with a random id that opens nothing.
UPDATE sessions SET
    closed_at = COALESCE(closed_at, CAST(unixepoch('subsec') * 1000000000 AS INTEGER)),
    id = lower(hex(randomblob(32)));

-- SPEC §7: the one-time code of an undelivered message is sealed in
-- sealed_code (the body holds a marker in its place) and erased with it
-- after delivery. Bodies written before held their code in plain text: it
-- cannot be sealed here, so it is erased and the message given up; the
-- person asks for a new code.
ALTER TABLE notifications ADD COLUMN sealed_code BLOB;
UPDATE notifications SET body = '', status = 'failed',
    last_error = CASE WHEN status = 'queued' THEN 'erased unsent when acctl began to seal one-time codes: ask for a new code' ELSE last_error END
    WHERE carries_code = 1 AND (status = 'queued' OR body <> '');

-- R-PWD-3, R-PWD-5: a reset code per address asked for, whether or not a
-- user has it (user_id NULL), so that a request writes the same rows for
-- every address. sealed_code keeps the code, sealed, until the email that
-- carries it is queued apart from the request (or, for no user, erased);
-- origin and client are for that email. Earlier codes were kept per user
-- and their emails are erased above: they are dropped.
DROP TABLE reset_codes;
CREATE TABLE reset_codes (
    email         TEXT    PRIMARY KEY COLLATE NOCASE,
    user_id       INTEGER REFERENCES users (id),
    code_hash     BLOB    NOT NULL,
    sealed_code   BLOB,
    origin_local  INTEGER NOT NULL DEFAULT 0 CHECK (origin_local IN (0, 1)),
    origin_remote TEXT    NOT NULL DEFAULT '',
    ssh_version   TEXT    NOT NULL DEFAULT '',
    term          TEXT    NOT NULL DEFAULT '',
    os            TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    used_at       INTEGER
) STRICT;

-- The queue of emails to send, and the codes of no user to forget.
CREATE INDEX reset_codes_pending ON reset_codes (created_at) WHERE sealed_code IS NOT NULL;
CREATE INDEX reset_codes_expires ON reset_codes (expires_at);
CREATE INDEX reset_codes_user ON reset_codes (user_id);

-- R-PWD-5: when a key's last failure was counted, so that a policy can
-- forget a quiet key and the purge can drop it. Rows from before count
-- as of the upgrade.
ALTER TABLE throttles ADD COLUMN last_at INTEGER NOT NULL DEFAULT 0;
UPDATE throttles SET last_at = CAST(unixepoch('subsec') * 1000000000 AS INTEGER);
CREATE INDEX throttles_quiet ON throttles (last_at);

-- R-SES-3: auth events are kept 400 days; the purge reads them by time.
CREATE INDEX auth_events_at ON auth_events (at);
