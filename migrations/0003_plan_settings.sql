-- Settings of the plan as a whole. 'sample' = 'true' marks a database filled by
-- `mawp init --sample`, so that every report made from it says it is illustrative.
CREATE TABLE plan_setting (
    key TEXT PRIMARY KEY CHECK (length(key) > 0),
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO event_kind (kind) VALUES ('plan.sample');
