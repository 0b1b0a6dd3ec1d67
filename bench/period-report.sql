-- The statements of `mawp period report`, in order (generated from PlanStore.periodReportSQL; a test keeps them equal).
-- ?1 is the period's last day, ?2 NULL (a group id), ?3 its first day, ?4 NULL (an activity id), ?5 its id, ?6 NULL
-- (a lead's code): bench/period.py sets them with .parameter.
SELECT a.id, g.code AS "group", a.number, a.title, l.code AS lead, u.state, u.status, u.achievements, u.challenges, u.next_steps, u.written_by, u.submitted_by, u.reviewed_by, u.review_note, u.changes
FROM activity a JOIN work_group g ON g.id = a.group_id
LEFT JOIN activity_version v ON v.activity_id = a.id AND ((v.valid_from IS NULL OR v.valid_from <= ?1) AND (v.valid_until IS NULL OR v.valid_until > ?1))
LEFT JOIN agency l ON l.id = v.lead_agency_id
LEFT JOIN progress_update u ON u.activity_id = a.id AND u.period_id = ?5
WHERE (a.added_on IS NULL OR a.added_on <= ?1) AND (a.cancelled_on IS NULL OR a.cancelled_on > ?3)
AND (?2 IS NULL OR a.group_id = ?2) AND (?6 IS NULL OR l.code = ?6)
ORDER BY g.id, a.number;
SELECT ms.activity_id, ms.number, ms.title, ms.due_on, NULL FROM activity a JOIN (SELECT activity_id, id, number, title, due_on, done_since IS NOT NULL AS done, done_since, baseline_due
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
       FROM milestone m WHERE ((m.added_on IS NULL OR m.added_on <= ?1) AND (m.dropped_on IS NULL OR m.dropped_on > ?1)))) ms ON ms.activity_id = a.id WHERE (a.added_on IS NULL OR a.added_on <= ?1) AND (a.cancelled_on IS NULL OR a.cancelled_on > ?3)
AND (?2 IS NULL OR a.group_id = ?2) AND ms.due_on BETWEEN ?3 AND ?1 ORDER BY a.id, ms.number;
SELECT ms.activity_id, ms.number, ms.title, ms.due_on, ms.done_since FROM activity a JOIN (SELECT activity_id, id, number, title, due_on, done_since IS NOT NULL AS done, done_since, baseline_due
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
       FROM milestone m WHERE ((m.added_on IS NULL OR m.added_on <= ?1) AND (m.dropped_on IS NULL OR m.dropped_on > ?1)))) ms ON ms.activity_id = a.id WHERE (a.added_on IS NULL OR a.added_on <= ?1) AND (a.cancelled_on IS NULL OR a.cancelled_on > ?3)
AND (?2 IS NULL OR a.group_id = ?2) AND ms.done_since BETWEEN ?3 AND ?1 ORDER BY a.id, ms.number;
SELECT ms.activity_id, ms.number, ms.title, ms.due_on, NULL FROM activity a JOIN (SELECT activity_id, id, number, title, due_on, done_since IS NOT NULL AS done, done_since, baseline_due
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
       FROM milestone m WHERE ((m.added_on IS NULL OR m.added_on <= ?1) AND (m.dropped_on IS NULL OR m.dropped_on > ?1)))) ms ON ms.activity_id = a.id WHERE (a.added_on IS NULL OR a.added_on <= ?1) AND (a.cancelled_on IS NULL OR a.cancelled_on > ?3)
AND (?2 IS NULL OR a.group_id = ?2) AND NOT ms.done AND ms.due_on < ?1 ORDER BY a.id, ms.number;
SELECT m.activity_id, m.number, m.title, (CASE WHEN m.due_since IS NULL OR m.due_since <= ?1 THEN m.due_on
WHEN m.reschedules = 1 THEN m.baseline_due
ELSE coalesce((SELECT e.details ->> '$.new.due' FROM event e
          WHERE e.milestone_id = m.id AND e.kind = 'milestone.edited' AND e.effective_on <= ?1
            AND e.details ->> '$.new.due' IS NOT NULL
          ORDER BY e.effective_on DESC, e.id DESC LIMIT 1), m.baseline_due) END), max(e.effective_on)
FROM activity a JOIN milestone m ON m.activity_id = a.id
JOIN event e ON e.milestone_id = m.id AND e.kind = 'milestone.edited' AND e.details ->> '$.new.due' IS NOT NULL
             AND e.effective_on BETWEEN ?3 AND ?1
WHERE (a.added_on IS NULL OR a.added_on <= ?1) AND (a.cancelled_on IS NULL OR a.cancelled_on > ?3)
AND (?2 IS NULL OR a.group_id = ?2) AND ((m.added_on IS NULL OR m.added_on <= ?1) AND (m.dropped_on IS NULL OR m.dropped_on > ?1)) GROUP BY m.id ORDER BY a.id, m.number;
SELECT m.activity_id, m.number, m.title, (CASE WHEN m.due_since IS NULL OR m.due_since <= ?1 THEN m.due_on
WHEN m.reschedules = 1 THEN m.baseline_due
ELSE coalesce((SELECT e.details ->> '$.new.due' FROM event e
          WHERE e.milestone_id = m.id AND e.kind = 'milestone.edited' AND e.effective_on <= ?1
            AND e.details ->> '$.new.due' IS NOT NULL
          ORDER BY e.effective_on DESC, e.id DESC LIMIT 1), m.baseline_due) END), m.dropped_on FROM activity a JOIN milestone m ON m.activity_id = a.id WHERE (a.added_on IS NULL OR a.added_on <= ?1) AND (a.cancelled_on IS NULL OR a.cancelled_on > ?3)
AND (?2 IS NULL OR a.group_id = ?2) AND m.dropped_on BETWEEN ?3 AND ?1 ORDER BY a.id, m.number;
SELECT i.activity_id, i.number, i.title, json_extract(e.details, '$.value'), e.effective_on
FROM activity a JOIN indicator i ON i.activity_id = a.id
JOIN event e ON e.indicator_id = i.id AND e.kind = 'indicator.recorded' AND e.effective_on BETWEEN ?3 AND ?1
WHERE (a.added_on IS NULL OR a.added_on <= ?1) AND (a.cancelled_on IS NULL OR a.cancelled_on > ?3)
AND (?2 IS NULL OR a.group_id = ?2) ORDER BY a.id, i.number, e.effective_on, e.id;
SELECT id, code, name, kind FROM work_group WHERE (?2 IS NULL OR id = ?2) ORDER BY id;
SELECT 1 FROM plan_setting WHERE key = 'sample' AND value = 'true';
