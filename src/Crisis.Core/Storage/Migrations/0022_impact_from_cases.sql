-- Complaints made to the brand directly (its hotline, WeChat, other channels), which are neither a platform's nor
-- social media's; and, for an entry taken from the incident's linked complaint cases, how many cases it counted.
ALTER TABLE impact_entries ADD COLUMN complaints_direct INTEGER;
ALTER TABLE impact_entries ADD COLUMN from_cases INTEGER;
