-- Complaint cases: every customer complaint the brand hears of, from any channel, in one place, with the clocks its
-- channel sets. The customer's phone and address are personal data: lists and exports mask them, a reveal is logged in
-- case_events, and the retention purge blanks them (personal_data_purged_at) some days after the case is resolved.
CREATE TABLE cases (
    id                      INTEGER PRIMARY KEY,
    channel                 TEXT NOT NULL,
    category                TEXT NOT NULL,
    status                  TEXT NOT NULL,
    summary                 TEXT NOT NULL,
    order_id                TEXT,
    sku                     TEXT,
    batch                   TEXT,
    customer_ref            TEXT,                 -- the buyer's id or nickname on the channel
    customer_phone          TEXT,
    customer_address        TEXT,
    owner_id                INTEGER REFERENCES people (id),
    incident_id             INTEGER REFERENCES incidents (id),
    source                  TEXT NOT NULL,        -- how it came in: form, api, import:NAME, intake:NAME
    external_id             TEXT,                 -- its id in the source, so a re-import or a retried webhook adds nothing twice
    received_at             TEXT NOT NULL,        -- when the customer complained: the clocks run from here
    response_due_at         TEXT NOT NULL,
    resolution_due_at       TEXT NOT NULL,
    response_warn_at        TEXT NOT NULL,        -- from here the response clock is about to run out
    resolution_warn_at      TEXT NOT NULL,
    responded_at            TEXT,
    resolved_at             TEXT,
    owner_warned_at         TEXT,                 -- the owner was told the case is about to miss a clock
    lead_warned_at          TEXT,                 -- the team lead was told it missed one
    personal_data_purged_at TEXT,
    version                 INTEGER NOT NULL DEFAULT 1,
    created_by              TEXT NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);
CREATE UNIQUE INDEX cases_source_external_id ON cases (source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX cases_received_at ON cases (received_at);
CREATE INDEX cases_channel_received_at ON cases (channel, received_at);
CREATE INDEX cases_sku_category_received_at ON cases (sku, category, received_at) WHERE sku IS NOT NULL;
CREATE INDEX cases_batch_category_received_at ON cases (batch, category, received_at) WHERE batch IS NOT NULL;
CREATE INDEX cases_status_resolution_warn_at ON cases (status, resolution_warn_at);
CREATE INDEX cases_owner_id ON cases (owner_id) WHERE owner_id IS NOT NULL;
CREATE INDEX cases_incident_id ON cases (incident_id) WHERE incident_id IS NOT NULL;

-- A case's history: created, changed (which fields, from and to), noted, assigned, linked, revealed, purged.
CREATE TABLE case_events (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    kind    TEXT NOT NULL,
    data    TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case_id ON case_events (case_id, id);

-- The response and resolution clocks an admin set for a channel; a channel with no row uses the shipped defaults.
CREATE TABLE case_clocks (
    channel            TEXT PRIMARY KEY,
    response_minutes   INTEGER NOT NULL,
    resolution_minutes INTEGER NOT NULL,
    updated_by         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
