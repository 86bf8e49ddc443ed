-- API tokens may expire, and record when they were last used (to the minute) so an admin can revoke stale ones.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
