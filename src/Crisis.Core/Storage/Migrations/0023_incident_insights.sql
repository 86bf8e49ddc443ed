-- Insights across incidents read each incident's category and the time it was acknowledged from the incident row, so
-- a thousand incidents are compared without parsing a thousand playbook snapshots or scanning their timelines.
ALTER TABLE incidents ADD COLUMN category TEXT NOT NULL DEFAULT 'other';   -- the playbook's category when it was opened
ALTER TABLE incidents ADD COLUMN acknowledged_at TEXT;                     -- the first step acted on (started, done, skipped, blocked, noted, reassigned)
UPDATE incidents SET category = COALESCE(CASE WHEN json_valid(snapshot) THEN json_extract(snapshot, '$.category') END, 'other');
UPDATE incidents SET acknowledged_at = (SELECT MIN(e.at) FROM events e WHERE e.incident_id = incidents.id AND e.kind LIKE 'step.%');
CREATE INDEX incidents_opened ON incidents (is_exercise, opened_at);
