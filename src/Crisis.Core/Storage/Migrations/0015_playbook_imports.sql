-- Who saved an imported playbook file from the import page: only they may replace it by importing again.
CREATE TABLE playbook_imports (
    file_name   TEXT PRIMARY KEY,
    imported_by TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
