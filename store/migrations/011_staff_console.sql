-- 011: what the staff console (SPEC §10) needs beyond issue 13's tables.
--
-- R-STF-5: the caller check looks an account up by the start of its
-- company name, without case, among the customers' accounts.
CREATE INDEX accounts_by_company ON accounts (company_name COLLATE NOCASE, id) WHERE kind = 'customer';

-- R-STF-5, R-PWD-7: a staff member's last match of an account's support
-- PIN. A reset code for a user of that account may be issued only while
-- it is fresh (model.CallerMatchTTL); issuing one spends it.
CREATE TABLE caller_matches (
    staff_id   INTEGER NOT NULL REFERENCES users (id),
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    matched_at INTEGER NOT NULL,
    PRIMARY KEY (staff_id, account_id)
) STRICT, WITHOUT ROWID;

-- R-STF-4, R-SET-4: the first time a staff member opens an account under
-- one support grant, which the account's Technical and Primary contacts
-- are told once; every read is in the security log.
CREATE TABLE support_views (
    grant_id INTEGER NOT NULL REFERENCES support_grants (id),
    staff_id INTEGER NOT NULL REFERENCES users (id),
    first_at INTEGER NOT NULL,
    PRIMARY KEY (grant_id, staff_id)
) STRICT, WITHOUT ROWID;
