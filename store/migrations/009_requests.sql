-- 007: requests and verification, and the provider's staff (issue 13,
-- R-TKT-1..2, R-KYC-1, SPEC §10).

-- §10: staff are the users of the one provider account; every other
-- account is a customer's. users.role cannot hold a third value without
-- rebuilding users, which every table references, so a staff member's row
-- keeps 'manager' there and the store reads the role of every user of the
-- provider account as 'staff' (store/user.go, userColumns).
ALTER TABLE accounts ADD COLUMN kind TEXT NOT NULL DEFAULT 'customer'
    CHECK (kind IN ('customer', 'provider'));
CREATE UNIQUE INDEX accounts_one_provider ON accounts (kind) WHERE kind = 'provider';

-- R-TKT-1: a support request; its number is its id, its description the
-- first message of its thread. server_password is sealed with the data
-- directory's key (SPEC §7) under a label naming the ticket, NULL when none
-- was given or once it was purged, which closing does in the same
-- transaction (password_purged_at). status_since is when the ticket took
-- its status: the staff queue serves the oldest waiting first (R-STF-1).
-- assignee_id is the staff member working the ticket.
CREATE TABLE tickets (
    id                 INTEGER PRIMARY KEY,
    account_id         INTEGER NOT NULL REFERENCES accounts (id),
    requester_id       INTEGER NOT NULL REFERENCES users (id),
    subject            TEXT    NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('open', 'waiting_staff', 'waiting_customer', 'closed')),
    server             TEXT    NOT NULL DEFAULT '',
    access             TEXT    NOT NULL DEFAULT 'none' CHECK (access IN ('none', 'read-only', 'full')),
    server_password    BLOB,
    password_purged_at INTEGER,
    assignee_id        INTEGER REFERENCES users (id),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    status_since       INTEGER NOT NULL,
    closed_at          INTEGER
) STRICT;

-- R-TKT-2: an account's list, most recently updated first, all statuses
-- or one; each window is one range of one of these.
CREATE INDEX tickets_account_updated ON tickets (account_id, updated_at, id);
CREATE INDEX tickets_account_status_updated ON tickets (account_id, status, updated_at, id);
-- R-STF-1: the staff queue, oldest waiting first: one status, or the
-- tickets that wait for staff (open or waiting for staff).
CREATE INDEX tickets_status_since ON tickets (status, status_since, id);
CREATE INDEX tickets_needs_staff ON tickets (status_since, id) WHERE status IN ('open', 'waiting_staff');

-- R-TKT-2: the thread. author is the author's name when they wrote;
-- staff marks a staff member's message.
CREATE TABLE ticket_messages (
    id        INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    author_id INTEGER NOT NULL REFERENCES users (id),
    author    TEXT    NOT NULL,
    staff     INTEGER NOT NULL DEFAULT 0 CHECK (staff IN (0, 1)),
    body      TEXT    NOT NULL,
    at        INTEGER NOT NULL
) STRICT;

CREATE INDEX ticket_messages_ticket_at ON ticket_messages (ticket_id, at, id);

-- R-KYC-1: a verification request of an account, started by one of its
-- users, who gives its two files. draft until sent, then pending until
-- staff approve or reject it (R-STF-2). An account has at most one
-- request in draft or pending.
CREATE TABLE kyc_requests (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts (id),
    requested_by  INTEGER NOT NULL REFERENCES users (id),
    document_type TEXT    NOT NULL CHECK (document_type IN ('passport', 'drivers_license', 'id_card', 'residence_permit')),
    status        TEXT    NOT NULL CHECK (status IN ('draft', 'pending', 'approved', 'rejected')),
    reason        TEXT    NOT NULL DEFAULT '',
    decided_by    INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    submitted_at  INTEGER,
    decided_at    INTEGER
) STRICT;

CREATE UNIQUE INDEX kyc_requests_one_open ON kyc_requests (account_id) WHERE status IN ('draft', 'pending');
CREATE INDEX kyc_requests_account ON kyc_requests (account_id, created_at, id);
-- R-STF-2: the verification queue, oldest sent first.
CREATE INDEX kyc_requests_pending ON kyc_requests (submitted_at, id) WHERE status = 'pending';

-- R-KYC-1: the document and the selfie of a request, one of each. sealed
-- holds the file's bytes sealed with the data directory's key (SPEC §7);
-- type is what its content is (JPEG, PNG or PDF), never what its name
-- says; pages is a PDF's page count, width and height an image's.
CREATE TABLE kyc_files (
    request_id INTEGER NOT NULL REFERENCES kyc_requests (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('document', 'selfie')),
    name       TEXT    NOT NULL,
    type       TEXT    NOT NULL CHECK (type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size       INTEGER NOT NULL,
    pages      INTEGER NOT NULL DEFAULT 0,
    width      INTEGER NOT NULL DEFAULT 0,
    height     INTEGER NOT NULL DEFAULT 0,
    sealed     BLOB    NOT NULL,
    added_at   INTEGER NOT NULL,
    PRIMARY KEY (request_id, kind)
) STRICT;
