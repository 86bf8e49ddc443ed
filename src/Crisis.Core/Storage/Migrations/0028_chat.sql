-- Chat channels (WeCom, DingTalk, Feishu/Lark group robots) and outgoing webhooks: where Crisis tells a team what
-- happens, and the durable queue of what it has to tell them. A channel from configuration is kept here too
-- (from_config = 1), written at start-up, so a delivery names its channel the same way whichever way it was set up.
CREATE TABLE chat_channels (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL DEFAULT '',
    events      TEXT NOT NULL DEFAULT '',
    is_exercise INTEGER NOT NULL DEFAULT 0,
    -- a team channel is told of every incident; one that is not hears only of the incidents whose commander picks it
    is_team     INTEGER NOT NULL DEFAULT 1,
    enabled     INTEGER NOT NULL DEFAULT 1,
    from_config INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);

-- One event for one channel. Written in the transaction of the change that caused it, claimed ('sending') before each
-- attempt, 'delivered' only after the platform said so. event_id is stable across attempts: the id of a webhook's
-- CloudEvent, by which a receiver recognises a delivery it already has.
CREATE TABLE chat_deliveries (
    id              INTEGER PRIMARY KEY,
    channel_id      INTEGER NOT NULL REFERENCES chat_channels (id) ON DELETE CASCADE,
    event_id        TEXT NOT NULL UNIQUE,
    event_kind      TEXT NOT NULL,
    incident_id     INTEGER REFERENCES incidents (id),
    event           TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    response_status INTEGER,
    response_body   TEXT,
    delivered_at    TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX chat_deliveries_due ON chat_deliveries (status, next_attempt_at);

-- The channel a commander picked for one incident, told of its events beside the team channels.
ALTER TABLE incidents ADD COLUMN chat_channel_id INTEGER REFERENCES chat_channels (id) ON DELETE SET NULL;
