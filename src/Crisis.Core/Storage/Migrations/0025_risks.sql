-- The risk register: what could hurt the brand, how likely and how bad (1-5 each), who owns it, what already guards
-- against it, and the playbooks and exercise scenarios that answer it. Readiness is never stored: it is computed from
-- the incidents, exercises and follow-ups each time a risk is read (Risks/RiskReadiness.cs).
CREATE TABLE risks (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    category        TEXT NOT NULL,                -- a playbook category key (recall, data-breach, ...)
    description     TEXT NOT NULL DEFAULT '',
    likelihood      INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact          INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    owner_person_id INTEGER REFERENCES people (id),
    controls        TEXT NOT NULL DEFAULT '',     -- Markdown: what already guards against it
    review_date     TEXT,                         -- yyyy-MM-dd, in the organisation's time zone
    starter_key     TEXT,                         -- the starter register entry it was loaded from, so loading twice adds nothing
    version         INTEGER NOT NULL DEFAULT 1,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX risks_starter_key ON risks (starter_key) WHERE starter_key IS NOT NULL;
CREATE INDEX risks_category ON risks (category);

-- The playbooks (by playbook id) and exercise scenarios (by scenario id) that answer a risk. Ids, not rows: a playbook
-- file can be renamed or removed, and readiness then says the link is broken rather than the page failing.
CREATE TABLE risk_playbooks (
    risk_id     INTEGER NOT NULL REFERENCES risks (id),
    playbook_id TEXT NOT NULL,
    PRIMARY KEY (risk_id, playbook_id)
);
CREATE INDEX risk_playbooks_playbook_id ON risk_playbooks (playbook_id);

CREATE TABLE risk_scenarios (
    risk_id     INTEGER NOT NULL REFERENCES risks (id),
    scenario_id TEXT NOT NULL,
    PRIMARY KEY (risk_id, scenario_id)
);

-- A risk's history: created (by hand or from the starter register) and changed (which fields, from and to).
CREATE TABLE risk_events (
    id      INTEGER PRIMARY KEY,
    risk_id INTEGER NOT NULL REFERENCES risks (id),
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    kind    TEXT NOT NULL,
    data    TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX risk_events_risk_id ON risk_events (risk_id, id);
