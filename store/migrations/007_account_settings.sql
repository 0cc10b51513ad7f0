-- 007: Account settings (issue 12, R-SET-1..5) and GPG keys (R-SSH-4).

-- R-SET-3: the support PIN is sealed at rest (SPEC §7). 001's plain column
-- goes, and the PINs in it with it (secure_delete overwrites them): an
-- account gets a new PIN the next time someone asks to see it.
ALTER TABLE accounts DROP COLUMN support_pin;
ALTER TABLE accounts ADD COLUMN support_pin_sealed BLOB;

-- R-SET-1: the history of the account details is their audit records;
-- this index reads it without the rest of the security log.
CREATE INDEX audit_events_details ON audit_events (account_id, at, id)
    WHERE action = 'account.details_changed';

-- R-SET-2: contacts receive the account's notifications by their roles, a
-- bit set: 1 Primary, 2 Technical, 4 Billing, 8 Abuse, 16 Emergency. An
-- address is a contact of an account once. A contact is not a login.
CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    email      TEXT    NOT NULL COLLATE NOCASE,
    name       TEXT    NOT NULL,
    roles      INTEGER NOT NULL CHECK (roles BETWEEN 1 AND 31),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX contacts_account_email ON contacts (account_id, email);
-- The Contacts list, by name then email, read by keyset.
CREATE INDEX contacts_by_name ON contacts (account_id, name COLLATE NOCASE, email);
-- Routing reads the holders of one role without the other contacts: one
-- partial index per role, each holding what routing returns.
CREATE INDEX contacts_primary   ON contacts (account_id, email, roles) WHERE roles & 1;
CREATE INDEX contacts_technical ON contacts (account_id, email, roles) WHERE roles & 2;
CREATE INDEX contacts_billing   ON contacts (account_id, email, roles) WHERE roles & 4;
CREATE INDEX contacts_abuse     ON contacts (account_id, email, roles) WHERE roles & 8;
CREATE INDEX contacts_emergency ON contacts (account_id, email, roles) WHERE roles & 16;

-- R-SET-2: a notification may go to a contact who is no user (user_id
-- NULL); each row says what it is about (category) and why it went to its
-- address (reason). SQLite cannot drop a NOT NULL, so the outbox is
-- rebuilt with its rows and indexes as 002 made them.
CREATE TABLE notifications_new (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts (id),
    user_id         INTEGER REFERENCES users (id),
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
    sent_at         INTEGER,
    category        TEXT    NOT NULL DEFAULT 'security'
        CHECK (category IN ('billing', 'technical', 'abuse', 'emergency', 'security')),
    reason          TEXT    NOT NULL DEFAULT 'the user'
) STRICT;

INSERT INTO notifications_new (id, account_id, user_id, channel, recipient, subject, body, kind, carries_code,
        status, attempts, last_error, at, next_attempt_at, sent_at)
    SELECT id, account_id, user_id, channel, recipient, subject, body, kind, carries_code,
        status, attempts, last_error, at, next_attempt_at, sent_at
    FROM notifications;

DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;

CREATE INDEX notifications_account_at ON notifications (account_id, at, id);
CREATE INDEX notifications_user_at ON notifications (user_id, at, id);
CREATE INDEX notifications_due ON notifications (next_attempt_at, id)
    WHERE status = 'queued' AND channel = 'email';

-- R-SET-4: support access, 24 hours at a time. At most one grant of an
-- account is open (not ended); it runs while expires_at is ahead, and the
-- sweep records its end once it ran out. end_notified_at is set in the
-- transaction that queues the notice of its end, so that each end is
-- notified once.
CREATE TABLE support_grants (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts (id),
    granted_by      INTEGER NOT NULL REFERENCES users (id),
    granted_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    extended_at     INTEGER,
    ended_at        INTEGER,
    end_reason      TEXT    NOT NULL DEFAULT '' CHECK (end_reason IN ('', 'terminated', 'expired')),
    ended_by        INTEGER REFERENCES users (id),
    end_notified_at INTEGER
) STRICT;

CREATE UNIQUE INDEX support_grants_open ON support_grants (account_id) WHERE ended_at IS NULL;
CREATE INDEX support_grants_expiring ON support_grants (expires_at) WHERE ended_at IS NULL;
CREATE INDEX support_grants_unnotified ON support_grants (ended_at, id)
    WHERE ended_at IS NOT NULL AND end_notified_at IS NULL;

-- R-SET-5: an owner's request to deactivate the account, for billing
-- review (debts, active services, balance, each cleared or not with a
-- note). At most one is pending per account.
CREATE TABLE deactivation_requests (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts (id),
    requested_by     INTEGER NOT NULL REFERENCES users (id),
    requested_at     INTEGER NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'withdrawn', 'approved', 'rejected')),
    debts_cleared    INTEGER NOT NULL DEFAULT 0 CHECK (debts_cleared IN (0, 1)),
    debts_note       TEXT    NOT NULL DEFAULT '',
    services_cleared INTEGER NOT NULL DEFAULT 0 CHECK (services_cleared IN (0, 1)),
    services_note    TEXT    NOT NULL DEFAULT '',
    balance_cleared  INTEGER NOT NULL DEFAULT 0 CHECK (balance_cleared IN (0, 1)),
    balance_note     TEXT    NOT NULL DEFAULT '',
    decided_at       INTEGER,
    decided_by       TEXT    NOT NULL DEFAULT '',
    reason           TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE UNIQUE INDEX deactivation_requests_pending ON deactivation_requests (account_id) WHERE status = 'pending';
CREATE INDEX deactivation_requests_account ON deactivation_requests (account_id, requested_at, id);
-- The staff side's review queue (R-STF-3), oldest first.
CREATE INDEX deactivation_requests_queue ON deactivation_requests (requested_at, id) WHERE status = 'pending';

-- R-SSH-4: OpenPGP public keys, re-armoured from their public packets;
-- user_ids holds one user ID a line. A user adds a key once.
CREATE TABLE gpg_keys (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts (id),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    key_id         TEXT    NOT NULL,
    fingerprint    TEXT    NOT NULL,
    algorithm      TEXT    NOT NULL,
    user_ids       TEXT    NOT NULL,
    key_created_at INTEGER NOT NULL,
    expires_at     INTEGER,
    public_key     TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
) STRICT;

CREATE UNIQUE INDEX gpg_keys_user_fingerprint ON gpg_keys (user_id, fingerprint);
CREATE INDEX gpg_keys_account ON gpg_keys (account_id, created_at);
