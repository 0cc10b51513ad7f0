-- 013: revisions of what a console shows about its caller (R-SES-2,
-- R-USR-3): any change to a user, their two-factor state or their account
-- bumps a number, so that a console's one-second poll of its session also
-- says whether the caller must be read again, instead of reading it every
-- few seconds. Triggers, so that no write path can forget.
ALTER TABLE users ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER users_rev AFTER UPDATE ON users WHEN NEW.rev IS OLD.rev
BEGIN
    UPDATE users SET rev = OLD.rev + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER accounts_rev AFTER UPDATE ON accounts WHEN NEW.rev IS OLD.rev
BEGIN
    UPDATE accounts SET rev = OLD.rev + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER two_factor_rev_insert AFTER INSERT ON two_factor
BEGIN
    UPDATE users SET rev = rev + 1 WHERE id = NEW.user_id;
END;

CREATE TRIGGER two_factor_rev_update AFTER UPDATE ON two_factor
BEGIN
    UPDATE users SET rev = rev + 1 WHERE id = NEW.user_id;
END;

CREATE TRIGGER two_factor_rev_delete AFTER DELETE ON two_factor
BEGIN
    UPDATE users SET rev = rev + 1 WHERE id = OLD.user_id;
END;
