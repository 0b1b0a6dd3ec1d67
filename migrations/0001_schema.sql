-- The plan's schema. A shipped migration is never edited: later changes go in new files.
-- Dates are ISO calendar dates (YYYY-MM-DD) stored as TEXT, so they sort and compare as dates.

CREATE TABLE agency (
    id INTEGER PRIMARY KEY,
    -- The canonical code: upper case, no spaces or hyphens ("UN Women" is UNWOMEN).
    code TEXT NOT NULL UNIQUE
        CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Z0-9]*'),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE work_group (
    id INTEGER PRIMARY KEY,
    -- Lower-case words joined by single hyphens: "data", "decent-work".
    code TEXT NOT NULL UNIQUE
        CHECK (length(code) BETWEEN 1 AND 32 AND code GLOB '[a-z]*' AND code NOT GLOB '*[^a-z0-9-]*'
               AND code NOT GLOB '*-' AND code NOT GLOB '*--*'),
    kind TEXT NOT NULL CHECK (kind IN ('working-group', 'task-force')),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE group_lead (
    group_id INTEGER NOT NULL REFERENCES work_group (id),
    agency_id INTEGER NOT NULL REFERENCES agency (id),
    role TEXT NOT NULL CHECK (role IN ('chair', 'co-chair', 'convener', 'co-convener')),
    position INTEGER NOT NULL CHECK (position >= 1),
    PRIMARY KEY (group_id, agency_id),
    UNIQUE (group_id, position)
) STRICT, WITHOUT ROWID;

CREATE INDEX group_lead_agency ON group_lead (agency_id);

-- The Secretary-General's eight-point agenda for action (2013).
CREATE TABLE agenda_point (
    number INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 8),
    title TEXT NOT NULL CHECK (length(title) > 0)
) STRICT;

CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES work_group (id),
    -- Numbered per group from 1; activities are cancelled, never deleted, so never reused.
    number INTEGER NOT NULL CHECK (number >= 1),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT,
    lead_agency_id INTEGER REFERENCES agency (id),
    start_on TEXT CHECK (start_on IS NULL OR date(start_on) IS start_on),
    end_on TEXT CHECK (end_on IS NULL OR date(end_on) IS end_on),
    cancelled_on TEXT CHECK (cancelled_on IS NULL OR date(cancelled_on) IS cancelled_on),
    UNIQUE (group_id, number),
    CHECK (start_on IS NULL OR end_on IS NULL OR start_on <= end_on)
) STRICT;

CREATE INDEX activity_lead ON activity (lead_agency_id);

CREATE TABLE activity_partner (
    activity_id INTEGER NOT NULL REFERENCES activity (id),
    agency_id INTEGER NOT NULL REFERENCES agency (id),
    PRIMARY KEY (activity_id, agency_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX activity_partner_agency ON activity_partner (agency_id);

CREATE TABLE activity_agenda (
    activity_id INTEGER NOT NULL REFERENCES activity (id),
    point INTEGER NOT NULL REFERENCES agenda_point (number),
    PRIMARY KEY (activity_id, point)
) STRICT, WITHOUT ROWID;

CREATE INDEX activity_agenda_point ON activity_agenda (point);

CREATE TABLE milestone (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activity (id),
    -- Numbered per activity from 1.
    number INTEGER NOT NULL CHECK (number >= 1),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    due_on TEXT CHECK (due_on IS NULL OR date(due_on) IS due_on),
    -- Current state, kept in step with the event log by the repository in the same transaction:
    -- done_on is where the milestone's last run of "done" begins (NULL when its latest state
    -- is not done), status_changes the number of done/reopened events it has. With at most one
    -- such event, "done as of D" is done_on <= D; otherwise the event log answers.
    done_on TEXT CHECK (done_on IS NULL OR date(done_on) IS done_on),
    status_changes INTEGER NOT NULL DEFAULT 0 CHECK (status_changes >= 0),
    UNIQUE (activity_id, number)
) STRICT;

-- Covers the progress queries: one index scan per activity, no table lookups.
CREATE INDEX milestone_progress ON milestone (activity_id, due_on, done_on, status_changes);

CREATE TABLE event_kind (
    kind TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

INSERT INTO event_kind (kind) VALUES
    ('agency.added'), ('group.added'),
    ('activity.added'), ('activity.edited'), ('activity.cancelled'),
    ('milestone.added'), ('milestone.done'), ('milestone.reopened');

-- The append-only event log: one row per state change, written in the change's transaction.
CREATE TABLE event (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL REFERENCES event_kind (kind),
    -- The date the change takes effect (--on), and when it was recorded (UTC, ISO 8601).
    effective_on TEXT NOT NULL CHECK (date(effective_on) IS effective_on),
    recorded_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    agency_id INTEGER REFERENCES agency (id),
    group_id INTEGER REFERENCES work_group (id),
    activity_id INTEGER REFERENCES activity (id),
    milestone_id INTEGER REFERENCES milestone (id),
    note TEXT,
    -- The values of the change, as a JSON object.
    details TEXT NOT NULL CHECK (substr(details, 1, 1) = '{')
) STRICT;

CREATE INDEX event_group ON event (group_id);
CREATE INDEX event_activity ON event (activity_id);
-- "Done as of D": the latest done/reopened event of a milestone on or before D.
CREATE INDEX event_milestone_status ON event (milestone_id, effective_on, id, kind)
    WHERE kind IN ('milestone.done', 'milestone.reopened');

CREATE TRIGGER event_is_append_only_update BEFORE UPDATE ON event
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;

CREATE TRIGGER event_is_append_only_delete BEFORE DELETE ON event
BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;
