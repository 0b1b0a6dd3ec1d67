-- Plan history (DESIGN §5 "Plan changes" and "Progress rules"). The event log is the record of
-- the plan; every table below is what its events make of it, kept in step in the same
-- transaction and rebuilt from the log by `mawp check`, imports and `--as-recorded`.

INSERT INTO event_kind (kind) VALUES
    ('agency.edited'), ('group.edited'), ('milestone.edited'), ('milestone.dropped'), ('baseline.added');

-- Activities: what changes with an effective date (lead, partners, agenda points, planned
-- dates) moves into versions, each holding from valid_from (NULL: every earlier date) to the
-- day before valid_until (NULL: from then on). The activity keeps what is not dated: its
-- title and description (the latest recorded), when it joined the plan and when it left it.
CREATE TABLE activity_version (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activity (id),
    valid_from TEXT CHECK (valid_from IS NULL OR date(valid_from) IS valid_from),
    valid_until TEXT CHECK (valid_until IS NULL OR date(valid_until) IS valid_until),
    lead_agency_id INTEGER REFERENCES agency (id),
    start_on TEXT CHECK (start_on IS NULL OR date(start_on) IS start_on),
    end_on TEXT CHECK (end_on IS NULL OR date(end_on) IS end_on),
    CHECK (start_on IS NULL OR end_on IS NULL OR start_on <= end_on),
    CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from < valid_until)
) STRICT;

CREATE INDEX activity_version_activity ON activity_version (activity_id, valid_from);
CREATE INDEX activity_version_lead ON activity_version (lead_agency_id);

CREATE TABLE version_partner (
    version_id INTEGER NOT NULL REFERENCES activity_version (id),
    agency_id INTEGER NOT NULL REFERENCES agency (id),
    PRIMARY KEY (version_id, agency_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX version_partner_agency ON version_partner (agency_id);

CREATE TABLE version_agenda (
    version_id INTEGER NOT NULL REFERENCES activity_version (id),
    point INTEGER NOT NULL REFERENCES agenda_point (number),
    PRIMARY KEY (version_id, point)
) STRICT, WITHOUT ROWID;

CREATE INDEX version_agenda_point ON version_agenda (point);

INSERT INTO activity_version (activity_id, lead_agency_id, start_on, end_on)
SELECT id, lead_agency_id, start_on, end_on FROM activity ORDER BY id;

INSERT INTO version_partner (version_id, agency_id)
SELECT v.id, p.agency_id FROM activity_partner p JOIN activity_version v ON v.activity_id = p.activity_id;

INSERT INTO version_agenda (version_id, point)
SELECT v.id, x.point FROM activity_agenda x JOIN activity_version v ON v.activity_id = x.activity_id;

DROP TABLE activity_partner;
DROP TABLE activity_agenda;

CREATE TABLE activity_new (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES work_group (id),
    -- Numbered per group from 1; activities are cancelled, never deleted, so never reused.
    number INTEGER NOT NULL CHECK (number >= 1),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT,
    -- In the plan from added_on (NULL: on every date, for a plan entered after the fact)
    -- until the day before cancelled_on.
    added_on TEXT CHECK (added_on IS NULL OR date(added_on) IS added_on),
    cancelled_on TEXT CHECK (cancelled_on IS NULL OR date(cancelled_on) IS cancelled_on),
    UNIQUE (group_id, number)
) STRICT;

INSERT INTO activity_new (id, group_id, number, title, description, added_on, cancelled_on)
SELECT id, group_id, number, title, description, NULL, cancelled_on FROM activity;

DROP TABLE activity;
ALTER TABLE activity_new RENAME TO activity;

-- Milestones: in the plan from added_on (NULL: every date) until the day before dropped_on.
-- baseline_due is the due date it was added with; due_on is the latest by effective date
-- (holding from due_since, NULL when never rescheduled), after `reschedules` reschedules.
-- With at most one reschedule, "due as of D" is answered from the row; otherwise the
-- milestone.edited events are (the event_milestone_due index).
ALTER TABLE milestone ADD COLUMN added_on TEXT CHECK (added_on IS NULL OR date(added_on) IS added_on);
ALTER TABLE milestone ADD COLUMN dropped_on TEXT CHECK (dropped_on IS NULL OR date(dropped_on) IS dropped_on);
ALTER TABLE milestone ADD COLUMN baseline_due TEXT CHECK (baseline_due IS NULL OR date(baseline_due) IS baseline_due);
ALTER TABLE milestone ADD COLUMN due_since TEXT CHECK (due_since IS NULL OR date(due_since) IS due_since);
ALTER TABLE milestone ADD COLUMN reschedules INTEGER NOT NULL DEFAULT 0 CHECK (reschedules >= 0);

UPDATE milestone SET baseline_due = due_on;

-- Covers the progress queries: one index scan per activity, no table lookups.
DROP INDEX milestone_progress;
CREATE INDEX milestone_progress ON milestone
    (activity_id, added_on, dropped_on, due_on, due_since, reschedules, baseline_due, done_on, status_changes);

CREATE INDEX event_milestone_due ON event (milestone_id, effective_on, id) WHERE kind = 'milestone.edited';
-- An activity's events in record order: its projection reads them.
CREATE INDEX event_activity_record ON event (activity_id, id) WHERE activity_id IS NOT NULL;
DROP INDEX event_activity;

-- A named moment of the plan's record, to compare with (`mawp report --compare-to NAME`).
CREATE TABLE baseline (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    -- The moment named (UTC, ISO 8601 with milliseconds), which may be before it was named.
    at TEXT NOT NULL CHECK (length(at) = 24)
) STRICT;

ALTER TABLE event ADD COLUMN baseline_id INTEGER REFERENCES baseline (id);

-- Every row of the plan has the event that made it: activities and milestones imported from
-- a CSV file before this version had none. Their history starts when they were imported.
INSERT INTO event (kind, effective_on, recorded_at, actor, group_id, activity_id, details)
SELECT 'activity.added', date('now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'mawp', a.group_id, a.id,
       json_object('ref', g.code || '-' || a.number, 'title', a.title, 'description', a.description,
                   'lead', l.code,
                   'partners', (SELECT json_group_array(code) FROM (SELECT ag.code FROM version_partner p
                                JOIN agency ag ON ag.id = p.agency_id WHERE p.version_id = v.id ORDER BY ag.code)),
                   'start', v.start_on, 'end', v.end_on,
                   'agenda', (SELECT json_group_array(point) FROM (SELECT point FROM version_agenda
                              WHERE version_id = v.id ORDER BY point)))
FROM activity a JOIN work_group g ON g.id = a.group_id
JOIN activity_version v ON v.activity_id = a.id LEFT JOIN agency l ON l.id = v.lead_agency_id
WHERE NOT EXISTS (SELECT 1 FROM event e WHERE e.activity_id = a.id AND e.kind = 'activity.added')
ORDER BY a.id;

INSERT INTO event (kind, effective_on, recorded_at, actor, group_id, activity_id, milestone_id, details)
SELECT 'milestone.added', date('now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'mawp', a.group_id, a.id, m.id,
       json_object('ref', g.code || '-' || a.number || '.' || m.number, 'title', m.title, 'due', m.due_on)
FROM milestone m JOIN activity a ON a.id = m.activity_id JOIN work_group g ON g.id = a.group_id
WHERE NOT EXISTS (SELECT 1 FROM event e WHERE e.milestone_id = m.id AND e.kind = 'milestone.added')
ORDER BY m.id;

INSERT INTO event (kind, effective_on, recorded_at, actor, group_id, activity_id, indicator_id, details)
SELECT 'indicator.added', date('now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'mawp', a.group_id, a.id, i.id,
       json_object('ref', g.code || '-' || a.number || '.i' || i.number, 'title', i.title, 'measure', i.measure,
                   'ascending', json(CASE i.ascending WHEN 1 THEN 'true' ELSE 'false' END), 'result', i.result,
                   'baseline', i.baseline, 'baselineYear', i.baseline_year, 'target', i.target, 'periodEnd', i.period_end)
FROM indicator i JOIN activity a ON a.id = i.activity_id JOIN work_group g ON g.id = a.group_id
WHERE NOT EXISTS (SELECT 1 FROM event e WHERE e.indicator_id = i.id AND e.kind = 'indicator.added')
ORDER BY i.id;

INSERT INTO event (kind, effective_on, recorded_at, actor, group_id, activity_id, details)
SELECT 'activity.cancelled', a.cancelled_on, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'mawp', a.group_id, a.id,
       json_object('ref', g.code || '-' || a.number)
FROM activity a JOIN work_group g ON g.id = a.group_id
WHERE a.cancelled_on IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM event e WHERE e.activity_id = a.id AND e.kind = 'activity.cancelled')
ORDER BY a.id;

-- The plan's period, which the dashboard's chart spans and publishing falls back on.
INSERT INTO plan_setting (key, value) VALUES ('period-start', '2013-01-01'), ('period-end', '2015-12-31');
