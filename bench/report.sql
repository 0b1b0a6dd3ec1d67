-- The statements of `mawp report`, in order (generated from PlanStore.reportSQL; a test keeps them equal).
-- ?1 is the report date, ?2 a group id or NULL, ?3 NULL: bench/run.py sets them with .parameter.
SELECT a.group_id, count(*) FROM activity a
WHERE ((a.added_on IS NULL OR a.added_on <= ?1) AND (a.cancelled_on IS NULL OR a.cancelled_on > ?1)) AND (?2 IS NULL OR a.group_id = ?2)
GROUP BY a.group_id;
SELECT a.group_id, count(*), total(ms.done), total(NOT ms.done AND ms.due_on < ?1)
FROM activity a
JOIN (SELECT activity_id, id, number, title, due_on, done_since IS NOT NULL AS done, done_since, baseline_due
 FROM (SELECT m.activity_id, m.id, m.number, m.title, (CASE WHEN m.due_since IS NULL OR m.due_since <= ?1 THEN m.due_on
WHEN m.reschedules = 1 THEN m.baseline_due
ELSE coalesce((SELECT e.details ->> '$.new.due' FROM event e
          WHERE e.milestone_id = m.id AND e.kind = 'milestone.edited' AND e.effective_on <= ?1
            AND e.details ->> '$.new.due' IS NOT NULL
          ORDER BY e.effective_on DESC, e.id DESC LIMIT 1), m.baseline_due) END) AS due_on, (CASE WHEN m.status_changes <= 1 THEN (CASE WHEN m.done_on <= ?1 THEN m.done_on END)
ELSE (SELECT min(d.effective_on) FROM event d
 WHERE d.milestone_id = m.id AND d.kind IN ('milestone.done', 'milestone.reopened') AND d.kind = 'milestone.done' AND d.effective_on <= ?1
   AND NOT EXISTS (SELECT 1 FROM event r
                   WHERE r.milestone_id = m.id AND r.kind IN ('milestone.done', 'milestone.reopened') AND r.kind = 'milestone.reopened'
                     AND r.effective_on <= ?1 AND (r.effective_on, r.id) > (d.effective_on, d.id))) END) AS done_since,
              m.baseline_due
       FROM milestone m WHERE ((m.added_on IS NULL OR m.added_on <= ?1) AND (m.dropped_on IS NULL OR m.dropped_on > ?1)))) ms ON ms.activity_id = a.id
WHERE ((a.added_on IS NULL OR a.added_on <= ?1) AND (a.cancelled_on IS NULL OR a.cancelled_on > ?1)) AND (?2 IS NULL OR a.group_id = ?2)
GROUP BY a.group_id;
SELECT g.code AS "group", a.number AS activityNumber, i.number, i.title, i.measure, i.ascending, i.baseline,
       i.baseline_year, i.target, i.period_end, json_extract(e.details, '$.value') AS actual, e.effective_on AS actualOn,
       a.group_id, i.result
FROM indicator i
JOIN activity a ON a.id = i.activity_id
JOIN work_group g ON g.id = a.group_id
LEFT JOIN event e ON e.id = (
    SELECT r.id FROM event r
    WHERE r.indicator_id = i.id AND r.kind = 'indicator.recorded' AND r.effective_on <= ?1
    ORDER BY r.effective_on DESC, r.id DESC LIMIT 1)
WHERE (?2 IS NULL OR a.group_id = ?2)
  AND (?3 IS NOT NULL AND a.id = ?3 OR ?3 IS NULL AND ((a.added_on IS NULL OR a.added_on <= ?1) AND (a.cancelled_on IS NULL OR a.cancelled_on > ?1)))
ORDER BY g.id, a.number, i.number;
SELECT id, code, name, kind FROM work_group WHERE (?2 IS NULL OR id = ?2) ORDER BY id;
SELECT g.code, a.number, a.title, ag.code, ag.name, ag.kind
FROM (SELECT p.version_id, p.agency_id FROM agency x CROSS JOIN version_partner p ON p.agency_id = x.id
      WHERE x.kind <> 'gmg-member'
      UNION
      SELECT v.id, v.lead_agency_id FROM agency x CROSS JOIN activity_version v ON v.lead_agency_id = x.id
      WHERE x.kind <> 'gmg-member') s
JOIN activity_version v ON v.id = s.version_id AND ((v.valid_from IS NULL OR v.valid_from <= ?1) AND (v.valid_until IS NULL OR v.valid_until > ?1))
JOIN activity a ON a.id = v.activity_id
JOIN work_group g ON g.id = a.group_id
JOIN agency ag ON ag.id = s.agency_id
WHERE ((a.added_on IS NULL OR a.added_on <= ?1) AND (a.cancelled_on IS NULL OR a.cancelled_on > ?1)) AND (?2 IS NULL OR a.group_id = ?2)
ORDER BY g.id, a.number, ag.code;
SELECT 1 FROM plan_setting WHERE key = 'sample' AND value = 'true';
SELECT a.code, a.name, c.from_on, c.until_on FROM chair_term c JOIN agency a ON a.id = c.agency_id
WHERE c.from_on <= ?1 AND (c.until_on IS NULL OR c.until_on >= ?1) ORDER BY c.from_on DESC LIMIT 1;
