-- Playbook versions seen by this installation; incidents point at the exact one they were opened from.
CREATE TABLE playbook_versions (
    playbook_id TEXT NOT NULL,
    version     INTEGER NOT NULL,
    hash        TEXT NOT NULL,
    title       TEXT NOT NULL,
    markdown    TEXT NOT NULL,
    first_seen  TEXT NOT NULL,
    PRIMARY KEY (playbook_id, hash)
);

CREATE TABLE people (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT,
    phone      TEXT,
    roles      TEXT NOT NULL DEFAULT '[]',  -- JSON array of role keys this person can hold
    created_at TEXT NOT NULL
);

CREATE TABLE incident_key_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE incidents (
    id               INTEGER PRIMARY KEY,
    key              TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    severity         INTEGER NOT NULL,
    status           TEXT NOT NULL,
    playbook_id      TEXT NOT NULL,
    playbook_version INTEGER NOT NULL,
    playbook_hash    TEXT NOT NULL,
    snapshot         TEXT NOT NULL,       -- JSON: the parsed playbook the incident was opened from
    is_exercise      INTEGER NOT NULL DEFAULT 0,
    opened_by        TEXT NOT NULL,
    opened_at        TEXT NOT NULL,
    contained_at     TEXT,
    resolved_at      TEXT,
    closed_at        TEXT,
    last_event_seq   INTEGER NOT NULL DEFAULT 0,
    last_event_hash  TEXT NOT NULL,
    FOREIGN KEY (playbook_id, playbook_hash) REFERENCES playbook_versions (playbook_id, hash)
);
CREATE INDEX incidents_status ON incidents (status);

CREATE TABLE incident_roles (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    role_key    TEXT NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (incident_id, role_key)
);

CREATE TABLE steps (
    incident_id     INTEGER NOT NULL REFERENCES incidents (id),
    step_id         TEXT NOT NULL,
    parent_step_id  TEXT,
    phase_index     INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    text            TEXT NOT NULL,
    guidance        TEXT,
    role_key        TEXT,
    template_id     TEXT,
    due_at          TEXT,
    assignee_id     INTEGER REFERENCES people (id),
    status          TEXT NOT NULL DEFAULT 'todo',
    status_by       TEXT,
    status_at       TEXT,
    reason          TEXT,
    note            TEXT,
    version         INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (incident_id, step_id)
);

-- Append-only, hash-chained timeline: corrections are new events, never updates.
CREATE TABLE events (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    seq         INTEGER NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    data        TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (incident_id, seq)
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    email          TEXT,
    role           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL
);
