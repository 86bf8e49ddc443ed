-- Co-trainers: accounts the exercise's trainer (or an admin) adds to help steer it. They see the trainer material and
-- may release, pause, resume, end and override, as the trainer does.
CREATE TABLE exercise_cotrainers (
    exercise_id INTEGER NOT NULL REFERENCES exercises (id),
    trainer     TEXT NOT NULL,
    added_by    TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (exercise_id, trainer)
);
