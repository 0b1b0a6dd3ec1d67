-- The GMG's chair, which rotates among its members: terms from a date, to a date or open,
-- never overlapping. Seeded with the one the seeds confirm, the ILO in 2014. A user's changes
-- are the events chair.set (a term from a date: added, or its agency or end changed) and
-- chair.removed, each with the term's old values; this table is what they make of the seed.
CREATE TABLE chair_term (
    from_on TEXT PRIMARY KEY CHECK (date(from_on) IS from_on),
    agency_id INTEGER NOT NULL REFERENCES agency (id),
    until_on TEXT CHECK (until_on IS NULL OR (date(until_on) IS until_on AND until_on >= from_on))
) STRICT, WITHOUT ROWID;

CREATE INDEX chair_term_agency ON chair_term (agency_id);

INSERT INTO event_kind (kind) VALUES ('chair.set'), ('chair.removed');

INSERT INTO chair_term (from_on, agency_id, until_on)
SELECT '2014-01-01', id, '2014-12-31' FROM agency WHERE code = 'ILO' AND kind = 'gmg-member';
