-- Evidence: photos, documents and correspondence attached to an incident (or one of its steps or messages, or its
-- review). The file itself lives outside the database, named by the SHA-256 of its content (EvidenceFiles); its hash,
-- size, type, uploader and time are also on the incident's timeline (evidence.added), so the hash chain covers it.
-- A deleted file leaves its row as a tombstone, with who deleted it, when and why (evidence.deleted on the timeline).
CREATE TABLE evidence (
    id               INTEGER PRIMARY KEY,
    incident_id      INTEGER NOT NULL REFERENCES incidents (id),
    sha256           TEXT NOT NULL,
    size             INTEGER NOT NULL,
    media_type       TEXT NOT NULL,
    file_name        TEXT NOT NULL,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    source           TEXT NOT NULL DEFAULT '',   -- where it came from: the customer, the lab, the platform, the regulator
    collected_by     TEXT NOT NULL DEFAULT '',
    collected_at     TEXT,
    attached_to      TEXT NOT NULL DEFAULT 'incident', -- incident, step, message, case or review
    attached_ref     TEXT,                             -- the step's id, or the message's or the (linked) case's
    location_removed INTEGER NOT NULL DEFAULT 0,       -- the uploader asked for the photo's GPS position to be removed
    in_review        INTEGER NOT NULL DEFAULT 0,       -- the commander chose the image for the review report
    uploaded_by      TEXT NOT NULL,
    uploaded_at      TEXT NOT NULL,
    deleted_by       TEXT,
    deleted_at       TEXT,
    deleted_reason   TEXT
);
CREATE INDEX evidence_incident ON evidence (incident_id, id);
CREATE INDEX evidence_sha256 ON evidence (sha256);

-- Legal hold: while set, the incident's evidence cannot be deleted and retention purges pass over it and its cases.
ALTER TABLE incidents ADD COLUMN legal_hold_at TEXT;
ALTER TABLE incidents ADD COLUMN legal_hold_by TEXT;
ALTER TABLE incidents ADD COLUMN legal_hold_reason TEXT;
