-- 0010 gave the steps done, skipped or blocked before it the owner they showed at the upgrade: after a hand-off, the
-- role's new holder, the very rewrite it was made to stop. The timeline says who it was: the person the step was given
-- to when it was settled, else whoever held its role then. Steps settled since 0010 already store it.
WITH hand_outs AS (
    -- Every role.assigned and step.reassigned with the person it names (none when a step was handed back to its role).
    SELECT e.incident_id, e.seq, e.kind, e.data, p.id AS person_id
    FROM events e LEFT JOIN people p ON e.data LIKE '%"personId":' || p.id || ',%'
    WHERE e.kind IN ('role.assigned', 'step.reassigned')
),
settled AS (
    SELECT s.incident_id, s.step_id, s.role_key,
           (SELECT MAX(e.seq) FROM events e
            WHERE e.incident_id = s.incident_id AND e.kind IN ('step.completed', 'step.skipped', 'step.blocked')
              AND e.data LIKE '%"step":"' || s.step_id || '"%') AS seq
    FROM steps s
    WHERE s.status IN ('done', 'skipped', 'blocked')
      AND s.status_at <= (SELECT applied_at FROM schema_migrations WHERE name = '0010_role_handoff.sql')
),
owners AS (
    SELECT st.incident_id, st.step_id, COALESCE(
        (SELECT h.person_id FROM hand_outs h
         WHERE h.incident_id = st.incident_id AND h.seq < st.seq AND h.kind = 'step.reassigned' AND h.data LIKE '%"step":"' || st.step_id || '"%'
         ORDER BY h.seq DESC LIMIT 1),
        (SELECT h.person_id FROM hand_outs h
         WHERE h.incident_id = st.incident_id AND h.seq < st.seq AND h.kind = 'role.assigned' AND h.data LIKE '%"role":"' || st.role_key || '"%'
         ORDER BY h.seq DESC LIMIT 1)) AS person_id
    FROM settled st
    WHERE st.seq IS NOT NULL
)
UPDATE steps SET status_owner_id = (SELECT o.person_id FROM owners o WHERE o.incident_id = steps.incident_id AND o.step_id = steps.step_id)
WHERE EXISTS (SELECT 1 FROM owners o WHERE o.incident_id = steps.incident_id AND o.step_id = steps.step_id);
