-- Organisation settings an admin sets on /admin/organisation (brand, hotline, email, website, time zone). A key with
-- no row falls back to configuration (Crisis:Brand:*, Crisis:Organisation:TimeZone).
CREATE TABLE organisation_settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
