-- Indicators: the results framework of an activity (baseline, target, actual values over time).
-- Actual values are recorded as 'indicator.recorded' events; the latest one on or before a
-- date is the indicator's value as of that date.

CREATE TABLE indicator (
    id INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activity (id),
    -- Numbered per activity from 1: data-1.i1.
    number INTEGER NOT NULL CHECK (number >= 1),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    measure TEXT NOT NULL CHECK (measure IN ('unit', 'percentage', 'qualitative')),
    -- 1 when a higher value is better.
    ascending INTEGER NOT NULL DEFAULT 1 CHECK (ascending IN (0, 1)),
    -- The kind of result the indicator measures (IATI result type 1 output, 2 outcome).
    result TEXT NOT NULL DEFAULT 'output' CHECK (result IN ('output', 'outcome')),
    -- Numeric values for unit and percentage indicators, text for qualitative ones.
    baseline ANY,
    baseline_year INTEGER CHECK (baseline_year IS NULL OR baseline_year BETWEEN 1900 AND 2100),
    target ANY,
    period_end TEXT CHECK (period_end IS NULL OR date(period_end) IS period_end),
    UNIQUE (activity_id, number),
    CHECK (measure = 'qualitative' OR ((baseline IS NULL OR typeof(baseline) IN ('integer', 'real'))
                                      AND (target IS NULL OR typeof(target) IN ('integer', 'real'))))
) STRICT;

ALTER TABLE event ADD COLUMN indicator_id INTEGER REFERENCES indicator (id);

CREATE INDEX event_indicator ON event (indicator_id, effective_on, id) WHERE indicator_id IS NOT NULL;

INSERT INTO event_kind (kind) VALUES ('indicator.added'), ('indicator.recorded');
