-- 007: security hardening (issue 10).

-- R-SES-1, SPEC §7: a session is stored under the SHA-256 of its token,
-- never the token. Rows written before kept the token itself as id: it
-- cannot be hashed here, and it sat in plain text on disk, so every such
-- session is closed (its console signs out and signs in again) and renamed
-- with a random id that opens nothing.
UPDATE sessions SET
    closed_at = COALESCE(closed_at, CAST(unixepoch('subsec') * 1000000000 AS INTEGER)),
    id = lower(hex(randomblob(32)));
