-- Complaint imports. The mapping of each import source (a platform's or 12315's export, named by the person importing)
-- is remembered, so the next file from the source is proposed the same columns, words and time zone.
CREATE TABLE case_import_mappings (
    source     TEXT PRIMARY KEY,   -- the name the import was given, as in cases.source after "import:"
    mapping    TEXT NOT NULL,      -- JSON: the column of each case field, a channel or category for every row, words, time zone
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A file uploaded on the import page is held here between the upload and the mapping step, for the person who uploaded
-- it only. It holds customers' personal data: it is removed once imported, and a day after the upload at the latest.
CREATE TABLE case_import_uploads (
    id          TEXT PRIMARY KEY,  -- a random token, carried by the mapping step's form
    file_name   TEXT NOT NULL,
    content     BLOB NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX case_import_uploads_uploaded_at ON case_import_uploads (uploaded_at);
