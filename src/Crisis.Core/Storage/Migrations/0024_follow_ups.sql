-- Action items of reviews and after-action reports are follow-ups, tracked in one list across incidents and exercises.
-- The owner becomes a person of the directory. The text typed before stays in `owner`: for a row no person matches it
-- is all there is (shown as "not in the directory" until someone picks the person); for the others it is the name the
-- owner had when given the item, which a report can still print if the person's row is ever gone.
ALTER TABLE review_actions ADD COLUMN owner_person_id INTEGER REFERENCES people (id);

-- Closing asks what was done: a note or a link (at least one), and the playbook version that changed, if one did.
-- "won't do" closes too, the note saying why.
ALTER TABLE review_actions ADD COLUMN done_note TEXT;
ALTER TABLE review_actions ADD COLUMN done_link TEXT;
ALTER TABLE review_actions ADD COLUMN done_playbook_version INTEGER;
ALTER TABLE review_actions ADD COLUMN closed_at TEXT;
ALTER TABLE review_actions ADD COLUMN closed_by TEXT;

-- Each reminder once: a few days before the due date, on it, and the commander's when it is past. A new due date
-- clears them, so the new date is reminded of in its turn.
ALTER TABLE review_actions ADD COLUMN reminded_soon_at TEXT;
ALTER TABLE review_actions ADD COLUMN reminded_due_at TEXT;
ALTER TABLE review_actions ADD COLUMN escalated_at TEXT;

-- The risk this follow-up treats. No foreign key here: the risk register (0025) adds the table and links it.
ALTER TABLE review_actions ADD COLUMN risk_id INTEGER;

-- An owner typed as a person's name or email (any case) is that person, when exactly one person answers to it.
UPDATE review_actions SET owner_person_id = (
    SELECT MIN(p.id) FROM people p
    WHERE LOWER(TRIM(p.name)) = LOWER(TRIM(review_actions.owner)) OR LOWER(TRIM(p.email)) = LOWER(TRIM(review_actions.owner)))
WHERE (SELECT COUNT(*) FROM people p
       WHERE LOWER(TRIM(p.name)) = LOWER(TRIM(review_actions.owner)) OR LOWER(TRIM(p.email)) = LOWER(TRIM(review_actions.owner))) = 1;

CREATE INDEX review_actions_owner ON review_actions (owner_person_id);
-- The reminder worker asks every few seconds for the open follow-ups whose due date is near or past.
CREATE INDEX review_actions_open_due ON review_actions (due_date) WHERE status IN ('open', 'in_progress');
