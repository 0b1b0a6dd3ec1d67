-- Reference data of the GMG's 2013-2015 Multi-Annual Work Plan: the members (UN document
-- A/68/283, 2013: fifteen UN entities plus IOM), the five working groups and task forces with
-- their co-chairs and co-conveners, and the Secretary-General's eight-point agenda for action.
-- These are ordinary rows: users may add more.

INSERT INTO agency (code, name) VALUES
    ('ILO', 'International Labour Organization'),
    ('IOM', 'International Organization for Migration'),
    ('OHCHR', 'Office of the United Nations High Commissioner for Human Rights'),
    ('UNCTAD', 'United Nations Conference on Trade and Development'),
    ('UNDESA', 'United Nations Department of Economic and Social Affairs (UN DESA)'),
    ('UNDP', 'United Nations Development Programme'),
    ('UNESCO', 'United Nations Educational, Scientific and Cultural Organization'),
    ('UNFPA', 'United Nations Population Fund'),
    ('UNHCR', 'Office of the United Nations High Commissioner for Refugees'),
    ('UNICEF', 'United Nations Children''s Fund'),
    ('UNITAR', 'United Nations Institute for Training and Research'),
    ('UNODC', 'United Nations Office on Drugs and Crime'),
    ('UNRC', 'United Nations Regional Commissions'),
    ('UNWOMEN', 'UN Women'),
    ('WHO', 'World Health Organization'),
    ('WORLDBANK', 'World Bank');

INSERT INTO work_group (code, kind, name) VALUES
    ('mainstreaming', 'working-group', 'Working Group on Mainstreaming Migration into Development Planning'),
    ('data', 'working-group', 'Working Group on Data and Research'),
    ('rights', 'working-group', 'Working Group on Human Rights, Gender and Migration'),
    ('capacity', 'task-force', 'Task Force on Capacity Development'),
    ('decent-work', 'task-force', 'Task Force on Migration and Decent Work');

WITH l (group_code, agency_code, role, position) AS (VALUES
    ('mainstreaming', 'UNDP', 'co-chair', 1), ('mainstreaming', 'IOM', 'co-chair', 2),
    ('data', 'UNDESA', 'co-chair', 1), ('data', 'IOM', 'co-chair', 2),
    ('rights', 'OHCHR', 'co-chair', 1), ('rights', 'UNWOMEN', 'co-chair', 2),
    ('rights', 'UNICEF', 'co-chair', 3),
    ('capacity', 'UNITAR', 'co-convener', 1), ('capacity', 'IOM', 'co-convener', 2),
    ('decent-work', 'ILO', 'co-convener', 1), ('decent-work', 'IOM', 'co-convener', 2))
INSERT INTO group_lead (group_id, agency_id, role, position)
SELECT g.id, a.id, l.role, l.position
FROM l
JOIN work_group g ON g.code = l.group_code
JOIN agency a ON a.code = l.agency_code;

INSERT INTO agenda_point (number, title) VALUES
    (1, 'Protect the human rights of all migrants'),
    (2, 'Reduce the costs of labour migration'),
    (3, 'Eliminate migrant exploitation, including human trafficking'),
    (4, 'Address the plight of stranded migrants'),
    (5, 'Improve public perceptions of migrants'),
    (6, 'Integrate migration into the development agenda'),
    (7, 'Strengthen the migration evidence base'),
    (8, 'Enhance migration partnerships and cooperation');
