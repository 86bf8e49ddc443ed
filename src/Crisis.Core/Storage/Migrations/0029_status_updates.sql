-- Stakeholder status updates: what the commander or the communications lead tells leadership, the board and account
-- managers, and who is told. Each update is on the incident's timeline too (status_update.posted); this table is what
-- the status page reads back, newest first.
CREATE TABLE status_updates (
    id             INTEGER PRIMARY KEY,
    incident_id    INTEGER NOT NULL REFERENCES incidents (id),
    body           TEXT NOT NULL,   -- Markdown: what happened, current impact, what we are doing
    next_update_at TEXT,            -- when the next update is promised; null when none is
    posted_by      TEXT NOT NULL,
    posted_at      TEXT NOT NULL
);
CREATE INDEX status_updates_incident ON status_updates (incident_id, posted_at);

-- A person who is emailed every update: of one incident (incident_id set), or standing, of every incident of a
-- severity and/or a category (incident_id null; a null severity or category matches any).
CREATE TABLE status_subscriptions (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    incident_id INTEGER REFERENCES incidents (id) ON DELETE CASCADE,
    severity    INTEGER,
    category    TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX status_subscriptions_incident ON status_subscriptions (incident_id);

-- The due time the commander was last reminded of, so each due time is reminded of once.
ALTER TABLE incidents ADD COLUMN status_reminded_for TEXT;
