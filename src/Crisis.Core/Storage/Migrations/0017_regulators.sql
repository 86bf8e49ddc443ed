-- The brand's regulator directory, set by an admin on /admin/regulators: for each purpose (consumer-product recalls,
-- food safety, cosmetics, personal-data and cyber incidents, consumer complaints) the regulator that receives its
-- reports, at which level, through which channel, and how to reach it. Who that is differs by province (Guangdong
-- routes recall reports to the prefecture-level city regulator), so nothing is shipped: a purpose with no row is unset.
CREATE TABLE regulators (
    purpose    TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    level      TEXT NOT NULL,
    channel    TEXT NOT NULL,
    contact    TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The regulator a step reports to (a playbook's regulator: token), by purpose; steps of incidents opened before
-- playbooks could say so stay without one, as their playbook snapshots are.
ALTER TABLE steps ADD COLUMN regulator TEXT;
