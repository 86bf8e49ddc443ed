-- Action items marked done before follow-ups were tracked (0024) have no closing time or closer: they take the time
-- their review was last changed and who changed it, else the time the item was added, so the follow-up list shows a
-- real date and the readiness report can place them in a quarter.
UPDATE review_actions SET
    closed_at = COALESCE((SELECT r.updated_at FROM reviews r WHERE r.incident_id = review_actions.incident_id), created_at),
    closed_by = COALESCE((SELECT r.updated_by FROM reviews r WHERE r.incident_id = review_actions.incident_id), '')
WHERE status = 'done' AND closed_at IS NULL;
