-- 002: the notification outbox (SPEC §8). Every email and SMS is a row here
-- before anything delivers it; the deliverer claims due emails, and SMS
-- stays queued until a gateway exists.
--
-- at is when the notification was queued (model CreatedAt), named like the
-- other event tables so that keyset pagination on (at, id) reads the same.
-- carries_code marks the one-time-code messages (password reset, SMS code):
-- their body is erased once delivered or given up (SPEC §7).

CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts (id),
    user_id         INTEGER NOT NULL REFERENCES users (id),
    channel         TEXT    NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL DEFAULT '',
    body            TEXT    NOT NULL DEFAULT '',
    kind            TEXT    NOT NULL,
    carries_code    INTEGER NOT NULL DEFAULT 0 CHECK (carries_code IN (0, 1)),
    status          TEXT    NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    at              INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER
) STRICT;

-- Keyset pagination of an account's outbox and of one user's, newest first.
CREATE INDEX notifications_account_at ON notifications (account_id, at, id);
CREATE INDEX notifications_user_at ON notifications (user_id, at, id);

-- The deliverer's pick: queued emails by due time; sent and failed rows,
-- the bulk of the table, are not in it.
CREATE INDEX notifications_due ON notifications (next_attempt_at, id)
    WHERE status = 'queued' AND channel = 'email';
