-- Subscribing twice changes nothing. Standing categories were stored as typed ("  recall  " beside "recall") and the
-- same request twice made two rows: categories are normalised, the duplicates dropped (the oldest row kept), and a
-- unique index keeps one row per person and incident, and per person, severity and category.
UPDATE status_subscriptions SET category = lower(trim(category)) WHERE category IS NOT NULL;
UPDATE status_subscriptions SET category = NULL WHERE category = '';
DELETE FROM status_subscriptions
WHERE id NOT IN (SELECT min(id) FROM status_subscriptions
                 GROUP BY person_id, ifnull(incident_id, 0), ifnull(severity, 0), ifnull(category, ''));
CREATE UNIQUE INDEX status_subscriptions_one_per_incident ON status_subscriptions (person_id, incident_id) WHERE incident_id IS NOT NULL;
CREATE UNIQUE INDEX status_subscriptions_one_standing
    ON status_subscriptions (person_id, ifnull(severity, 0), ifnull(category, '')) WHERE incident_id IS NULL;
