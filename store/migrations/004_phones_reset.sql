-- 004: mobile numbers, SMS codes and password-reset codes (issue 3,
-- R-2FA-9, R-PWD-3).

-- R-2FA-9: at most one mobile number and one backup number per user, in
-- E.164 form. verified_at is set once a code sent to the number came back.
-- AUTOINCREMENT: an id is never reused, so no code sent to a removed
-- number can ever name the number that replaces it.
CREATE TABLE phones (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    backup      INTEGER NOT NULL CHECK (backup IN (0, 1)),
    number      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    verified_at INTEGER
) STRICT;

CREATE UNIQUE INDEX phones_user_slot ON phones (user_id, backup);

-- R-2FA-9: 6-digit SMS codes, valid 5 minutes, single use. Only a salted
-- SHA-256 hash is stored (see model/phone_code.go for why that is enough).
-- A code proves a number (purpose 'verify', phone_id set) or is the second
-- step of one sign-in (purpose 'sign-in', pending_hash is that step's token
-- hash). Rows outlive their use by an hour: they are the count of the send
-- limit, which removing a number must not reset, so phone_id is only
-- cleared when the number goes.
CREATE TABLE sms_codes (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    phone_id     INTEGER REFERENCES phones (id) ON DELETE SET NULL,
    purpose      TEXT    NOT NULL CHECK (purpose IN ('verify', 'sign-in')),
    pending_hash BLOB,
    salt         BLOB    NOT NULL,
    code_hash    BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER
) STRICT;

CREATE INDEX sms_codes_user_created ON sms_codes (user_id, created_at);
CREATE INDEX sms_codes_phone ON sms_codes (phone_id);
CREATE INDEX sms_codes_created ON sms_codes (created_at);

-- R-PWD-3: one live reset code per user; a new request replaces it. The
-- code has 120 random bits, so a SHA-256 hash is enough (SPEC §7).
CREATE TABLE reset_codes (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    code_hash  BLOB    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;

-- R-PWD-3: the send limit of reset requests, kept per normalised email
-- whether or not a user has it, so that the limit says nothing about
-- which addresses exist. Rows older than an hour are deleted as new ones
-- come.
CREATE TABLE reset_requests (
    id    INTEGER PRIMARY KEY,
    email TEXT    NOT NULL,
    at    INTEGER NOT NULL
) STRICT;

CREATE INDEX reset_requests_email_at ON reset_requests (email, at);
CREATE INDEX reset_requests_at ON reset_requests (at);
