-- Monitoring and ticketing tools send cases and alerts to POST /api/intake/{name}, each call signed with the source's
-- own secret (HMAC-SHA256 of the body). Checking a signature needs the secret itself, so it is stored as it is, as safe
-- as the rest of this file; pages show it once, when it is made or rotated.
CREATE TABLE intake_sources (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    channel      TEXT NOT NULL,              -- the channel of a case that names none
    secret       TEXT NOT NULL,
    enabled      INTEGER NOT NULL DEFAULT 1,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    rotated_at   TEXT,
    changed_by   TEXT,                       -- who last rotated its secret, disabled or enabled it
    changed_at   TEXT,
    last_used_at TEXT,
    version      INTEGER NOT NULL DEFAULT 1
);

-- Signatures accepted lately: the same signed call sent again is refused while its timestamp would still pass.
CREATE TABLE intake_signatures (
    source_id INTEGER NOT NULL REFERENCES intake_sources (id),
    signature TEXT NOT NULL,
    seen_at   TEXT NOT NULL,
    PRIMARY KEY (source_id, signature)
);
CREATE INDEX intake_signatures_seen_at ON intake_signatures (seen_at);

-- The early-warning rules an admin tunes; shipped with the defaults below. A rule is switched off, never deleted: the
-- signals it raised name it.
CREATE TABLE signal_rules (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,             -- cluster, spike, safety-words, monitoring-alert
    enabled       INTEGER NOT NULL DEFAULT 1,
    scope         TEXT,                      -- cluster: what the cases share, sku or batch
    category      TEXT,                      -- cluster: the cases' category
    threshold     INTEGER,                   -- cluster: how many cases; spike: the fewest in a day that can be a spike
    window_hours  INTEGER,                   -- cluster: within how long
    factor        REAL,                      -- spike: times the baseline
    baseline_days INTEGER,                   -- spike: the days before whose median is the baseline
    words         TEXT,                      -- safety words: one a line
    severity      INTEGER NOT NULL,          -- suggested for the incident
    playbook_id   TEXT NOT NULL,             -- suggested for the incident
    version       INTEGER NOT NULL DEFAULT 1,
    updated_by    TEXT,                      -- null: as shipped
    updated_at    TEXT
);
INSERT INTO signal_rules (kind, scope, category, threshold, window_hours, severity, playbook_id) VALUES
    ('cluster', 'batch', 'safety', 5, 24, 2, 'product-recall'),
    ('cluster', 'batch', 'quality', 10, 72, 3, 'product-recall'),
    ('cluster', 'sku', 'quality', 20, 168, 3, 'complaint-surge'),
    ('cluster', 'sku', 'counterfeit', 5, 168, 3, 'counterfeit-goods');
INSERT INTO signal_rules (kind, threshold, factor, baseline_days, severity, playbook_id) VALUES ('spike', 30, 3, 28, 3, 'complaint-surge');
INSERT INTO signal_rules (kind, words, severity, playbook_id) VALUES ('safety-words', 'injury
injured
burn
burned
burnt
scald
scalded
allergy
allergic
rash
choke
choked
choking
fire
caught fire
smoke
explode
exploded
explosion
cut
bleeding
poisoning
electric shock
hospital
受伤
烫伤
烧伤
过敏
皮疹
红肿
破裂
碎裂
窒息
卡喉
噎住
起火
着火
冒烟
爆炸
炸裂
划伤
割伤
流血
中毒
呕吐
腹泻
漏电
触电
住院
就医', 2, 'product-recall');
INSERT INTO signal_rules (kind, severity, playbook_id) VALUES ('monitoring-alert', 3, 'negative-publicity');

-- A signal: a rule fired on something (a batch, a SKU, a channel, an alert) and someone should look. It stays open
-- (new, then acknowledged) until it is dismissed, merged into another or turned into an incident.
CREATE TABLE signals (
    id             INTEGER PRIMARY KEY,
    rule_id        INTEGER NOT NULL REFERENCES signal_rules (id),   -- the rule that raised it
    status         TEXT NOT NULL,            -- new, acknowledged, dismissed, merged, incident-opened
    severity       INTEGER NOT NULL,
    playbook_id    TEXT NOT NULL,
    case_count     INTEGER NOT NULL DEFAULT 0,
    alert_count    INTEGER NOT NULL DEFAULT 0,
    raised_at      TEXT NOT NULL,
    last_fired_at  TEXT NOT NULL,
    dismissed_at   TEXT,
    merged_into_id INTEGER REFERENCES signals (id),
    incident_id    INTEGER REFERENCES incidents (id),
    version        INTEGER NOT NULL DEFAULT 1,
    updated_at     TEXT NOT NULL
);
CREATE INDEX signals_status ON signals (status, id);

-- What each signal stands for: the rule and key that raised it, and those of the signals merged into it, each with
-- what the rule found (as JSON). A rule that fires again on a key extends the open signal holding it.
CREATE TABLE signal_keys (
    signal_id     INTEGER NOT NULL REFERENCES signals (id),
    rule_id       INTEGER NOT NULL REFERENCES signal_rules (id),
    key           TEXT NOT NULL,             -- sku:AB-260, batch:2611, channel:tmall, alert:source:title
    facts         TEXT NOT NULL,
    position      INTEGER NOT NULL,          -- the signal's own key first, then each merged in, in order
    last_fired_at TEXT NOT NULL,
    PRIMARY KEY (signal_id, rule_id, key)
);
CREATE INDEX signal_keys_rule_key ON signal_keys (rule_id, key);

-- The evidence: the cases a signal's rules found, and the alerts its sources sent.
CREATE TABLE signal_cases (
    signal_id INTEGER NOT NULL REFERENCES signals (id),
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    PRIMARY KEY (signal_id, case_id)
);
CREATE INDEX signal_cases_case_id ON signal_cases (case_id);

CREATE TABLE monitoring_alerts (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,               -- the intake source's name
    external_id TEXT,                        -- its id in the source, so a retried alert is not taken twice
    title       TEXT NOT NULL,
    description TEXT,
    sku         TEXT,
    batch       TEXT,
    severity    TEXT,                        -- the source's hint: critical, high, medium, low
    url         TEXT,
    received_at TEXT NOT NULL,
    signal_id   INTEGER REFERENCES signals (id)
);
CREATE UNIQUE INDEX monitoring_alerts_source_external_id ON monitoring_alerts (source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX monitoring_alerts_signal_id ON monitoring_alerts (signal_id) WHERE signal_id IS NOT NULL;

-- A signal's history: raised, extended, acknowledged, dismissed (with the reason), merged, absorbed, incident opened.
CREATE TABLE signal_events (
    id        INTEGER PRIMARY KEY,
    signal_id INTEGER NOT NULL REFERENCES signals (id),
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    data      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX signal_events_signal_id ON signal_events (signal_id, id);

-- How far the evaluation has read: the last case and alert it evaluated. Cases stored before this version are history,
-- not news: they count towards windows and baselines but raise nothing themselves.
CREATE TABLE signal_cursors (
    name    TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
);
INSERT INTO signal_cursors (name, last_id) SELECT 'cases', COALESCE(MAX(id), 0) FROM cases;
INSERT INTO signal_cursors (name, last_id) VALUES ('alerts', 0);

-- Cases received per channel and UTC hour (yyyy-MM-ddTHH), kept up by the evaluation as it reads new cases: a channel's
-- daily volume and its baseline are read from a few hundred of these rows, not counted from the cases each time.
CREATE TABLE case_hourly_counts (
    channel TEXT NOT NULL,
    hour    TEXT NOT NULL,
    count   INTEGER NOT NULL,
    PRIMARY KEY (channel, hour)
);
INSERT INTO case_hourly_counts (channel, hour, count)
SELECT channel, substr(received_at, 1, 13), COUNT(*) FROM cases GROUP BY channel, substr(received_at, 1, 13);
