-- One-time submissions: a form's one-time token or an API client's Idempotency-Key, claimed in the same transaction as
-- the change it made, with the answer that change gave, so a repeat answers the same instead of doing it again.
-- Kept 24 hours (SubmissionLedger.Lifetime); every new claim removes the expired ones.
CREATE TABLE submissions (
    scope       TEXT NOT NULL,      -- 'form' or 'api'
    caller      TEXT NOT NULL,      -- the signed-in account (or API token's account): keys are the caller's own
    token       TEXT NOT NULL,
    fingerprint TEXT NOT NULL,      -- what was asked (form: the page; API: method, path and body hash)
    created_at  TEXT NOT NULL,
    status      INTEGER,            -- the first answer, once it is known
    location    TEXT,
    body        TEXT,
    PRIMARY KEY (scope, caller, token)
);
CREATE INDEX submissions_by_age ON submissions (created_at);
