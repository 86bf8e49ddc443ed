-- Who a step belonged to when it was done, skipped or blocked, so that handing its role to someone else later
-- rewrites no history: a done step stays its doer's, a blocked step stays with whoever blocked it until someone
-- handles it (start, reopen, complete, skip) or a commander gives it to someone. Empty while the step is to do or
-- in progress: then it follows its assignee, else whoever holds its role.
ALTER TABLE steps ADD COLUMN status_owner_id INTEGER REFERENCES people (id);

-- Steps already closed or blocked keep the owner they show today.
UPDATE steps SET status_owner_id = COALESCE(assignee_id,
    (SELECT r.person_id FROM incident_roles r WHERE r.incident_id = steps.incident_id AND r.role_key = steps.role_key))
WHERE status IN ('done', 'skipped', 'blocked');
