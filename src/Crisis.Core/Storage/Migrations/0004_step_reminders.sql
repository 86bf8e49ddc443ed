-- Overdue steps: when the owner was reminded, and when the commander was told it is still overdue (each happens once).
ALTER TABLE steps ADD COLUMN reminded_at TEXT;
ALTER TABLE steps ADD COLUMN escalated_at TEXT;
CREATE INDEX steps_due ON steps (due_at) WHERE status IN ('todo', 'doing', 'blocked');
