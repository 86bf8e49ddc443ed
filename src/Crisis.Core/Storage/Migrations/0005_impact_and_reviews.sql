-- The impact log: each entry records the figures someone knew at that moment; a measure left NULL was not
-- reported in that entry. The latest reported value of each measure is its current value.
CREATE TABLE impact_entries (
    id                  INTEGER PRIMARY KEY,
    incident_id         INTEGER NOT NULL REFERENCES incidents (id),
    recorded_at         TEXT NOT NULL,
    recorded_by         TEXT NOT NULL,
    skus                TEXT,
    batches             TEXT,
    orders_affected     INTEGER,
    customers_affected  INTEGER,
    complaints_platform INTEGER,
    complaints_12315    INTEGER,
    complaints_social   INTEGER,
    refunds_issued      INTEGER,
    refund_amount_cents INTEGER,
    currency            TEXT,
    units_recalled      INTEGER,
    units_recovered     INTEGER,
    note                TEXT
);
CREATE INDEX impact_entries_incident ON impact_entries (incident_id, id);

-- One post-incident review per incident: draft → in_review → published. Narrative fields are Markdown.
CREATE TABLE reviews (
    incident_id         INTEGER PRIMARY KEY REFERENCES incidents (id),
    status              TEXT NOT NULL,
    summary             TEXT NOT NULL DEFAULT '',
    customer_impact     TEXT NOT NULL DEFAULT '',
    revenue_impact      TEXT NOT NULL DEFAULT '',
    regulators_notified TEXT NOT NULL DEFAULT '',
    root_cause          TEXT NOT NULL DEFAULT '',
    five_whys           TEXT NOT NULL DEFAULT '[]',  -- JSON array of up to five answers
    went_well           TEXT NOT NULL DEFAULT '',
    went_poorly         TEXT NOT NULL DEFAULT '',
    lucky               TEXT NOT NULL DEFAULT '',
    lessons             TEXT NOT NULL DEFAULT '',
    opened_by           TEXT NOT NULL,
    opened_at           TEXT NOT NULL,
    updated_by          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    published_at        TEXT,
    version             INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE review_actions (
    id              INTEGER PRIMARY KEY,
    incident_id     INTEGER NOT NULL REFERENCES reviews (incident_id),
    title           TEXT NOT NULL,
    owner           TEXT NOT NULL,
    due_date        TEXT,                          -- yyyy-MM-dd
    status          TEXT NOT NULL DEFAULT 'open',  -- open, in_progress, done
    playbook_change TEXT,                          -- the playbook (id or link) this action changes, if any
    created_at      TEXT NOT NULL
);
CREATE INDEX review_actions_incident ON review_actions (incident_id);
