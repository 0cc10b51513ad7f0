-- 001: accounts, users, sessions, sign-in history (R-SES-3), the R-PWD-5
-- throttles and the audit log (R-AUD-1).
--
-- Times are INTEGER unix nanoseconds, UTC, so that (at, id) orders rows
-- exactly for keyset pagination. Booleans are 0/1. Tables are STRICT.

CREATE TABLE accounts (
    id           INTEGER PRIMARY KEY,
    company_name TEXT    NOT NULL,
    street       TEXT    NOT NULL DEFAULT '',
    city         TEXT    NOT NULL DEFAULT '',
    postal_code  TEXT    NOT NULL DEFAULT '',
    country      TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL CHECK (status IN ('active', 'deactivation_requested', 'deactivated')),
    support_pin  TEXT    NOT NULL DEFAULT '',
    enforce_2fa  INTEGER NOT NULL DEFAULT 0 CHECK (enforce_2fa IN (0, 1)),
    created_at   INTEGER NOT NULL
) STRICT;

-- R-ACC-2: one user per email in the whole store, compared without case
-- (the model also stores emails lower-cased).
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts (id),
    name           TEXT    NOT NULL,
    email          TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    role           TEXT    NOT NULL CHECK (role IN ('owner', 'manager')),
    status         TEXT    NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
    password_hash  TEXT    NOT NULL DEFAULT '',
    totp_enabled   INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0, 1)),
    notify_sign_in INTEGER NOT NULL DEFAULT 0 CHECK (notify_sign_in IN (0, 1)),
    last_login_at  INTEGER,
    created_at     INTEGER NOT NULL
) STRICT;

-- Lists an account's users and counts its active owners (R-ACC-1).
CREATE INDEX users_account_role ON users (account_id, role, status);

CREATE TABLE sessions (
    id               TEXT    PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users (id),
    account_id       INTEGER NOT NULL REFERENCES accounts (id),
    origin_local     INTEGER NOT NULL CHECK (origin_local IN (0, 1)),
    origin_remote    TEXT    NOT NULL DEFAULT '',
    ssh_version      TEXT    NOT NULL DEFAULT '',
    term             TEXT    NOT NULL DEFAULT '',
    os               TEXT    NOT NULL DEFAULT '',
    created_at       INTEGER NOT NULL,
    last_active_at   INTEGER NOT NULL,
    authenticated_at INTEGER NOT NULL,
    closed_at        INTEGER
) STRICT;

CREATE INDEX sessions_user ON sessions (user_id, created_at);

-- Every authentication attempt, failed ones too (R-SES-3). user_id and
-- account_id are NULL when the email matched no user.
CREATE TABLE auth_events (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER REFERENCES users (id),
    account_id    INTEGER REFERENCES accounts (id),
    email         TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    result        TEXT    NOT NULL,
    origin_local  INTEGER NOT NULL CHECK (origin_local IN (0, 1)),
    origin_remote TEXT    NOT NULL DEFAULT '',
    ssh_version   TEXT    NOT NULL DEFAULT '',
    term          TEXT    NOT NULL DEFAULT '',
    os            TEXT    NOT NULL DEFAULT '',
    at            INTEGER NOT NULL
) STRICT;

-- Keyset pagination of one user's history, newest first.
CREATE INDEX auth_events_user_at ON auth_events (user_id, at DESC, id DESC);

-- R-PWD-5: consecutive failures per sign-in key (a normalised email).
-- locked_until is 0 when the key is not waiting.
CREATE TABLE throttles (
    key          TEXT    PRIMARY KEY,
    failures     INTEGER NOT NULL,
    locked_until INTEGER NOT NULL DEFAULT 0
) STRICT;

-- R-AUD-1: who (actor_id, actor), what (action), which object, when (at)
-- and from where (origin_*). actor_id is NULL for the system.
CREATE TABLE audit_events (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id),
    actor_id      INTEGER REFERENCES users (id),
    actor         TEXT    NOT NULL DEFAULT '',
    action        TEXT    NOT NULL,
    object        TEXT    NOT NULL DEFAULT '',
    detail        TEXT    NOT NULL DEFAULT '',
    origin_local  INTEGER NOT NULL CHECK (origin_local IN (0, 1)),
    origin_remote TEXT    NOT NULL DEFAULT '',
    at            INTEGER NOT NULL
) STRICT;

-- Keyset pagination of one account's security log, newest first.
CREATE INDEX audit_events_account_at ON audit_events (account_id, at, id);
