-- Exercises: a scenario run on an incident flagged is_exercise. Exercise time runs from started_at, minus the time
-- spent paused (pauses), times the rate (1 for real time and manual clocks).
CREATE TABLE exercises (
    id              INTEGER PRIMARY KEY,
    incident_id     INTEGER NOT NULL UNIQUE REFERENCES incidents (id),
    scenario_id     TEXT NOT NULL,
    scenario_hash   TEXT NOT NULL,
    scenario        TEXT NOT NULL,               -- JSON: the parsed scenario the exercise was started from
    clock           TEXT NOT NULL,               -- real, accelerated, manual
    rate            REAL NOT NULL DEFAULT 1,
    trainer         TEXT NOT NULL,
    trainer_email   TEXT,
    started_at      TEXT NOT NULL,
    pauses          TEXT NOT NULL DEFAULT '[]',  -- JSON [{start, end}], end null while paused
    ended_at        TEXT
);

CREATE TABLE exercise_injects (
    exercise_id      INTEGER NOT NULL REFERENCES exercises (id),
    inject_id        TEXT NOT NULL,
    position         INTEGER NOT NULL,
    released_at      TEXT,
    released_by      TEXT,
    released_seconds REAL,                       -- exercise time of the release
    skipped_reason   TEXT,
    ad_hoc           TEXT,                       -- JSON of an inject the trainer added during the exercise
    PRIMARY KEY (exercise_id, inject_id)
);

CREATE TABLE exercise_observations (
    id               INTEGER PRIMARY KEY,
    exercise_id      INTEGER NOT NULL REFERENCES exercises (id),
    at               TEXT NOT NULL,
    exercise_seconds REAL NOT NULL,
    by_name          TEXT NOT NULL,
    text             TEXT NOT NULL
);

CREATE TABLE exercise_overrides (
    exercise_id    INTEGER NOT NULL REFERENCES exercises (id),
    expectation_id TEXT NOT NULL,
    passed         INTEGER NOT NULL,
    comment        TEXT NOT NULL,
    by_name        TEXT NOT NULL,
    at             TEXT NOT NULL,
    PRIMARY KEY (exercise_id, expectation_id)
);

CREATE TABLE exercise_feedback (
    exercise_id   INTEGER NOT NULL REFERENCES exercises (id),
    participant   TEXT NOT NULL,
    what_worked   TEXT NOT NULL,
    what_did_not  TEXT NOT NULL,
    rating        INTEGER NOT NULL,
    at            TEXT NOT NULL,
    PRIMARY KEY (exercise_id, participant)
);
