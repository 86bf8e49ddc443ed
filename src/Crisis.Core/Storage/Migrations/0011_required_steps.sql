-- Steps the law requires (a playbook's required:law): resolving or closing with one of them open lists it first and needs a reason.
-- Steps of incidents opened before playbooks could say so stay unmarked, as their playbook snapshots are.
ALTER TABLE steps ADD COLUMN required_by_law INTEGER NOT NULL DEFAULT 0;
