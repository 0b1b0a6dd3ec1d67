-- Stakeholders beyond the sixteen agencies: every agency has a kind. The GMG's members (the
-- sixteen seeded, and any agency a user marks so) may lead a group; any kind may be a partner.
-- An agency added before kinds existed is 'other' until a user says what it is.
ALTER TABLE agency ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'
    CHECK (kind IN ('gmg-member', 'government', 'employers', 'workers', 'civil-society', 'international-organization',
                    'academia', 'private-sector', 'other'));

UPDATE agency SET kind = 'gmg-member'
WHERE code IN ('ILO', 'IOM', 'OHCHR', 'UNCTAD', 'UNDESA', 'UNDP', 'UNESCO', 'UNFPA', 'UNHCR', 'UNICEF', 'UNITAR', 'UNODC',
               'UNRC', 'UNWOMEN', 'WHO', 'WORLDBANK')
  AND NOT EXISTS (SELECT 1 FROM event e WHERE e.agency_id = agency.id AND e.kind = 'agency.added');
