-- Each account carries a security stamp, copied into its sign-in cookie. Changing it (role or password change,
-- sign-out) ends every cookie session signed in before, since a cookie whose stamp no longer matches is refused.
ALTER TABLE users ADD COLUMN security_stamp TEXT NOT NULL DEFAULT '';
UPDATE users SET security_stamp = lower(hex(randomblob(16)));
-- A disabled account can neither sign in, keep a session, nor use its API tokens.
ALTER TABLE users ADD COLUMN disabled_at TEXT;
