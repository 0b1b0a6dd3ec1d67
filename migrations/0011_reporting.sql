-- The reporting cycle (DESIGN §10): reporting periods and one progress update per activity
-- per period. Both are projections of events ('period.*', 'update.*'), like every other row
-- of the plan: `mawp check` replays them, `--as-recorded` takes later ones out.

CREATE TABLE reporting_period (
    id INTEGER PRIMARY KEY,
    -- Upper-case letters, digits and single hyphens: "2014-H1".
    code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Z0-9-]*'),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    from_on TEXT NOT NULL CHECK (date(from_on) IS from_on),
    to_on TEXT NOT NULL CHECK (date(to_on) IS to_on AND to_on >= from_on),
    -- Updates are owed by the end of this date.
    deadline TEXT NOT NULL CHECK (date(deadline) IS deadline AND deadline >= from_on),
    locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1))
) STRICT;

CREATE TABLE progress_update (
    activity_id INTEGER NOT NULL REFERENCES activity (id),
    period_id INTEGER NOT NULL REFERENCES reporting_period (id),
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'returned')),
    status TEXT CHECK (status IS NULL OR status IN ('not-started', 'on-track', 'at-risk', 'off-track', 'completed')),
    achievements TEXT NOT NULL DEFAULT '',
    challenges TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    -- Who last wrote it, who submitted it (nobody approves what they submitted), who last
    -- reviewed it, and the note of the last return, approval or reopening.
    written_by TEXT NOT NULL,
    submitted_by TEXT,
    reviewed_by TEXT,
    review_note TEXT,
    -- How many events made it: the update's version, for ETags and If-Match.
    changes INTEGER NOT NULL CHECK (changes >= 1),
    PRIMARY KEY (activity_id, period_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX progress_update_period ON progress_update (period_id, state);

ALTER TABLE event ADD COLUMN period_id INTEGER REFERENCES reporting_period (id);

CREATE INDEX event_period ON event (period_id, activity_id, id) WHERE period_id IS NOT NULL;

INSERT INTO event_kind (kind) VALUES
    ('period.added'), ('period.locked'), ('period.unlocked'),
    ('update.written'), ('update.submitted'), ('update.returned'), ('update.approved'), ('update.reopened');
