-- 003: two-factor authentication (R-2FA-1..8). users.totp_enabled and
-- accounts.enforce_2fa come from 001; this adds the secrets, the replay
-- guard, recovery codes and the pending second sign-in steps.

-- One row per user who has begun a setup, has 2FA on, or is a newcomer.
-- secret and pending are sealed with the data directory's key (SPEC §7);
-- the database alone never opens them.
CREATE TABLE two_factor (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id),
    secret      BLOB,                         -- sealed TOTP secret; NULL while 2FA is off
    pending     BLOB,                         -- sealed secret of a setup not yet confirmed (R-2FA-2)
    last_step   INTEGER NOT NULL DEFAULT 0,   -- last accepted TOTP time step (R-2FA-3)
    must_enable INTEGER NOT NULL DEFAULT 0 CHECK (must_enable IN (0, 1)) -- newcomer (R-2FA-8)
) STRICT;

-- R-2FA-4: each code has 120 random bits, so a SHA-256 hash is enough
-- (no salted password hash needed); used_at is set when it is spent.
CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    code_hash  BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;

CREATE UNIQUE INDEX recovery_codes_user_hash ON recovery_codes (user_id, code_hash);

-- R-2FA-5: a sign-in whose password was right and whose code is due. Only
-- a SHA-256 hash of the token is stored; a row is deleted when used.
CREATE TABLE pending_sign_ins (
    token_hash    BLOB    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    origin_local  INTEGER NOT NULL CHECK (origin_local IN (0, 1)),
    origin_remote TEXT    NOT NULL DEFAULT '',
    ssh_version   TEXT    NOT NULL DEFAULT '',
    term          TEXT    NOT NULL DEFAULT '',
    os            TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX pending_sign_ins_expires ON pending_sign_ins (expires_at);
