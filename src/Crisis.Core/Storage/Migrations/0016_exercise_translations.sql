-- The scenario's twins in other languages (playbooks/exercises/*.zh-CN.md), taken with the scenario when the exercise
-- starts, so that each reader sees the injects in their language whichever one the trainer started it in.
-- Exercises started before keep the one language they were started in.
ALTER TABLE exercises ADD COLUMN translations TEXT;
