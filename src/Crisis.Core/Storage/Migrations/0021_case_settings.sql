-- The case settings an admin sets on /admin/case-settings besides the clocks (case_clocks): how long a resolved case
-- keeps the customer's personal data, and the customer-service team lead told when a case misses its clock. One row in
-- a table of its own rather than two keys of organisation_settings: those are text an empty value hands back to
-- configuration, while the retention is a number the purge computes with and the lead a person by id, neither of which
-- configuration knows. No row: the shipped retention (CaseSettings.DefaultRetentionDays) and no lead.
CREATE TABLE case_settings (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    retention_days INTEGER NOT NULL,
    lead_person_id INTEGER REFERENCES people (id),
    updated_by     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- The language a person reads Crisis's own emails in when no incident decides it (a case about to miss its clock):
-- en or zh-CN; null reads English.
ALTER TABLE people ADD COLUMN language TEXT;

-- Open cases by when their running clock starts to warn (the response clock until the case is answered, then the
-- resolution clock): the case clock worker asks for those whose warning has come every few seconds.
CREATE INDEX cases_open_response_warn_at ON cases (response_warn_at) WHERE status NOT IN ('resolved', 'closed') AND responded_at IS NULL;
CREATE INDEX cases_open_resolution_warn_at ON cases (resolution_warn_at) WHERE status NOT IN ('resolved', 'closed') AND responded_at IS NOT NULL;
