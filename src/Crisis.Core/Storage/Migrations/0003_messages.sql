-- Messages drafted from templates, and the outbox that delivers email: stored before any send, one row per recipient.
CREATE TABLE messages (
    id               INTEGER PRIMARY KEY,
    incident_id      INTEGER NOT NULL REFERENCES incidents (id),
    step_id          TEXT,
    template_id      TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    template_hash    TEXT NOT NULL,
    language         TEXT NOT NULL,
    audience         TEXT NOT NULL,
    channel          TEXT NOT NULL,
    recipients       TEXT NOT NULL DEFAULT '[]',  -- JSON array of addresses
    variables        TEXT NOT NULL DEFAULT '{}',  -- JSON object the draft was rendered with
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,               -- Markdown, as rendered and then edited
    status           TEXT NOT NULL,               -- draft, queued, sent, failed, approved, published
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    approved_by      TEXT,
    approved_at      TEXT,
    published_by     TEXT,
    published_at     TEXT,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX messages_incident ON messages (incident_id);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    message_id      INTEGER REFERENCES messages (id),
    incident_id     INTEGER REFERENCES incidents (id),
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    smtp_message_id TEXT NOT NULL UNIQUE,           -- fixed before the first attempt, so a resend is recognisable
    status          TEXT NOT NULL,                  -- queued, sending, sent, failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    server_reply    TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
