-- 005: invitations and user management (issue 4, R-USR-1..3, R-ACC-5).

-- R-USR-1: the pending invitation of an invited user, one per user. Only
-- the SHA-256 of its single-use secret is stored (SPEC §7); the secret
-- itself exists only in the invitation email. The row is deleted when the
-- invitation is accepted or cancelled, and replaced when it is sent again.
CREATE TABLE invitations (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id),
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    secret_hash BLOB    NOT NULL UNIQUE,
    invited_by  INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) STRICT;

-- The last login as the Users screen sorts it: never (0) before any time.
-- A column, unlike the expression, can end a keyset range of an index.
ALTER TABLE users ADD COLUMN last_login_sort INTEGER NOT NULL
    GENERATED ALWAYS AS (COALESCE(last_login_at, 0)) VIRTUAL;

-- R-USR-2: the Users screen sorts an account's users by any column and
-- pages through them by keyset, so each sort has an index whose order is
-- the sort's: the column, then the name without case, then the unique
-- email, which makes every order total. Each holds name and email, so the
-- filter (a prefix of either) is tested without reading the row. The name
-- and email indexes hold every sort key too, so that the users whose name
-- or email starts with the filter are read from one range of them and
-- sorted in any order without reading a row.
CREATE INDEX users_by_name   ON users (account_id, name COLLATE NOCASE, email, last_login_sort, totp_enabled, role, status);
CREATE INDEX users_by_email  ON users (account_id, email, name, last_login_sort, totp_enabled, role, status);
CREATE INDEX users_by_login  ON users (account_id, last_login_sort, name COLLATE NOCASE, email);
CREATE INDEX users_by_2fa    ON users (account_id, totp_enabled, name COLLATE NOCASE, email);
CREATE INDEX users_by_role   ON users (account_id, role, name COLLATE NOCASE, email);
CREATE INDEX users_by_status ON users (account_id, status, name COLLATE NOCASE, email);
