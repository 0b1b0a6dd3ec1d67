-- Frameworks of points the plan's activities serve: the Secretary-General's eight-point agenda
-- becomes one of them, beside the key recommendations of the 2013 High-level Dialogue follow-up
-- and the 2014 chair's vision and plan, with the texts exactly as in the GMG's presentation.
-- Users may add their own (SDG targets, say). An activity's links to points are part of its
-- dated versions, like its partners.

CREATE TABLE framework (
    id INTEGER PRIMARY KEY,
    -- Lower-case words joined by single hyphens, like group codes: "agenda", "chair-2014".
    name TEXT NOT NULL UNIQUE
        CHECK (length(name) BETWEEN 1 AND 32 AND name GLOB '[a-z]*' AND name NOT GLOB '*[^a-z0-9-]*'
               AND name NOT GLOB '*-' AND name NOT GLOB '*--*'),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT,
    -- Where the framework is published (IATI's vocabulary-uri for its tags).
    vocabulary_uri TEXT
) STRICT;

CREATE TABLE framework_point (
    id INTEGER PRIMARY KEY,
    framework_id INTEGER NOT NULL REFERENCES framework (id),
    -- Letters and digits, with dots or hyphens inside: "7", "G1", "10.7".
    code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 16 AND code GLOB '[A-Za-z0-9]*' AND code GLOB '*[A-Za-z0-9]'
                              AND code NOT GLOB '*[^A-Za-z0-9.-]*'),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT,
    -- The heading the point stands under ("Governance level"), if the framework has them.
    section TEXT,
    position INTEGER NOT NULL CHECK (position >= 1),
    UNIQUE (framework_id, code),
    UNIQUE (framework_id, position)
) STRICT;

CREATE TABLE version_link (
    version_id INTEGER NOT NULL REFERENCES activity_version (id),
    point_id INTEGER NOT NULL REFERENCES framework_point (id),
    PRIMARY KEY (version_id, point_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX version_link_point ON version_link (point_id);

INSERT INTO event_kind (kind) VALUES ('framework.added'), ('framework.point-added');
ALTER TABLE event ADD COLUMN framework_id INTEGER REFERENCES framework (id);
ALTER TABLE event ADD COLUMN point_id INTEGER REFERENCES framework_point (id);

INSERT INTO framework (id, name, title, description, vocabulary_uri) VALUES
    (1, 'agenda', 'UN SG 8 Point Agenda for Action', NULL, 'https://undocs.org/A/68/190'),
    (2, 'recommendations', 'Key Recommendations', NULL, NULL),
    (3, 'chair-2014', 'Vision and plan for 2014',
     'Advancing strategic cooperation and inclusiveness on migration and development, towards the UN post-2015 development agenda with the following key objectives:',
     NULL);

INSERT INTO framework_point (framework_id, code, title, position)
SELECT 1, CAST(number AS TEXT), title, number FROM agenda_point ORDER BY number;

INSERT INTO framework_point (framework_id, code, title, description, section, position) VALUES
    (2, 'G1', 'Give effect to the 2013 HLD Declaration and the SG’s eight-point agenda for action', NULL, 'Governance Level', 1),
    (2, 'G2', 'Ensure more inclusive and greater cooperation, coordination and coherence on migration through strategic multi-stakeholder engagement at all levels and in the effective implementation of internationally agreed development goals and obligations with implications for migrants and migration', NULL, 'Governance Level', 2),
    (2, 'G3', 'Promote the ratification of all core international human rights, refugee and stateless rights, and labour right instruments in protecting the rights of all migrants', NULL, 'Governance Level', 3),
    (2, 'P1', 'Strengthen data collection and analysis on migration in developing evidence-based policies', NULL, 'Policy Level', 4),
    (2, 'P2', 'Mainstream migration into country, regional and global level development planning processes', NULL, 'Policy Level', 5),
    (2, 'P3', 'Identify best practices on migration and development at regional, sub-regional and country level and promote triangular cooperation within and across all regions', NULL, 'Policy Level', 6),
    (2, 'P4', 'Develop and enhance measure to give effect to the human rights of migrants, including social protection systems and social services', NULL, 'Policy Level', 7),
    (2, 'O1', 'Mainstream migration into the operational activities and programming of UNDAFs/ One Programme, UNCTs, and the broader UN system', NULL, 'Operational Level', 8),
    (2, 'O2', 'Strengthen dialogue, effective cooperation as well as coordinated and joint responses to migrant’s needs at all levels, including through the GMG, UNDG and ECOSOC platforms', NULL, 'Operational Level', 9),
    (2, 'O3', 'Broader multi-stakeholder collaboration at the field level including with such platforms as the JMDI', NULL, 'Operational Level', 10),
    (2, 'D1', 'Advocate for the inclusion of the human rights of migrants and migration as an enabler of development in the discussions and negotiated text for the post-2015 development agenda, including through the following:',
     'A new global partnership goal encompassing migration
Incorporating migration in targets and indicators of related development goals (such as goals on education; health; gender equality; ending poverty; creating jobs, sustainable livelihoods and equitable growth etc.)
Monitoring the labour and human rights-related elements and well-being of migrants through disaggregated indicators',
     'Post-2015 UN Development Agenda', 11);

INSERT INTO framework_point (framework_id, code, title, position) VALUES
    (3, '1', 'Promote closer coordination between the GMG and governments as well as greater opportunities for consultation and information sharing', 1),
    (3, '2', 'Strengthen collaboration between the GMG and social partners (employers’ and workers’ organizations) and other stakeholders, including civil society, UN entities and IOs', 2),
    (3, '3', 'Identify opportunities for the cross fertilization of experiences and good practices between the field and global levels of engagement and integrate these more closely with the GMG’s work', 3),
    (3, '4', 'Increase GMG communication and information sharing, including in fostering greater multi-stakeholder engagement', 4),
    (3, '5', 'Oversee implementation of the GMG 2013-2015 Multi-Annual Work Plan (MAWP), encompassing the work of the GMG Working Groups and Task Forces', 5);

-- The agenda links move to the general table.
INSERT INTO version_link (version_id, point_id)
SELECT x.version_id, p.id FROM version_agenda x JOIN framework_point p ON p.framework_id = 1 AND p.code = CAST(x.point AS TEXT);

DROP TABLE version_agenda;
DROP TABLE agenda_point;

-- The eight-point agenda as the queries about it read it.
CREATE VIEW agenda_point (number, title) AS
SELECT CAST(p.code AS INTEGER), p.title FROM framework_point p WHERE p.framework_id = 1;

CREATE VIEW version_agenda (version_id, point) AS
SELECT k.version_id, CAST(p.code AS INTEGER) FROM version_link k JOIN framework_point p ON p.id = k.point_id
WHERE p.framework_id = 1;
