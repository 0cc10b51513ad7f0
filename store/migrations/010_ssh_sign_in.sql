-- 010: SSH sign-in (issue 11, R-SRV-2, R-SRV-6): the SHA256 fingerprint of
-- the SSH key that signed a session in, kept with the session, its auth
-- events and, between key and code, its pending 2FA step. Empty after a
-- password.
ALTER TABLE sessions ADD COLUMN key_fingerprint TEXT NOT NULL DEFAULT '';
ALTER TABLE auth_events ADD COLUMN key_fingerprint TEXT NOT NULL DEFAULT '';
ALTER TABLE pending_sign_ins ADD COLUMN key_fingerprint TEXT NOT NULL DEFAULT '';
