import SQLite

/// One table of the whole plan, its cells as the CSV export writes them (dates `YYYY-MM-DD`,
/// lists joined with `;`, empty for none): what `mawp export --format xlsx` puts on a sheet.
public struct PlanTable: Sendable {
    public let name: String
    public let columns: [String]
    public var rows: [[String]] = []
}

extension PlanStore {
    /// The plan as it is now, in four tables: `activities` (their current version), `milestones`
    /// (with the dates the CSV export gives), `indicators` (their definitions) and `events`
    /// (the whole log, oldest first), read in one snapshot.
    public func exportTables() throws -> [PlanTable] {
        try read {
            var activities = PlanTable(name: "activities", columns: [
                "ref", "group", "title", "description", "lead", "partners", "partnerKinds", "start", "end", "agenda", "links",
                "cancelledOn",
            ])
            try db.cachedStatement("""
                SELECT g.code, a.number, a.title, a.description, l.code,
                       (SELECT group_concat(code, ';') FROM (SELECT ag.code FROM version_partner p JOIN agency ag ON ag.id = p.agency_id
                                                             WHERE p.version_id = v.id ORDER BY ag.code)),
                       (SELECT group_concat(kind, ';') FROM (SELECT ag.kind FROM version_partner p JOIN agency ag ON ag.id = p.agency_id
                                                             WHERE p.version_id = v.id ORDER BY ag.code)),
                       v.start_on, v.end_on,
                       (SELECT group_concat(point, ';') FROM (SELECT point FROM version_agenda WHERE version_id = v.id ORDER BY point)),
                       (SELECT group_concat(ref, ';') FROM (SELECT f.name || ':' || fp.code AS ref FROM version_link k
                                                            JOIN framework_point fp ON fp.id = k.point_id JOIN framework f ON f.id = fp.framework_id
                                                            WHERE k.version_id = v.id AND f.name <> 'agenda' ORDER BY f.id, fp.position)),
                       a.cancelled_on
                FROM activity a
                JOIN work_group g ON g.id = a.group_id
                LEFT JOIN activity_version v ON v.activity_id = a.id AND v.valid_until IS NULL
                LEFT JOIN agency l ON l.id = v.lead_agency_id
                ORDER BY g.id, a.number
                """).forEachRow { row in
                activities.rows.append([ActivityRef(group: row.string(0), number: row.int(1)).description, row.string(0)]
                                       + (2...11).map { row.string($0) })
            }

            var milestones = PlanTable(name: "milestones", columns: [
                "ref", "activity", "title", "due", "doneOn", "baselineDue", "droppedOn",
            ])
            try db.cachedStatement("""
                SELECT g.code, a.number, m.number, m.title, m.due_on, m.done_on, m.baseline_due, m.dropped_on
                FROM milestone m JOIN activity a ON a.id = m.activity_id JOIN work_group g ON g.id = a.group_id
                ORDER BY g.id, a.number, m.number
                """).forEachRow { row in
                let activity = ActivityRef(group: row.string(0), number: row.int(1))
                milestones.rows.append([MilestoneRef(activity: activity, number: row.int(2)).description, activity.description]
                                       + (3...7).map { row.string($0) })
            }

            var indicators = PlanTable(name: "indicators", columns: [
                "ref", "activity", "title", "measure", "ascending", "result", "baseline", "baselineYear", "target", "periodEnd",
            ])
            try db.cachedStatement("""
                SELECT g.code, a.number, i.number, i.title, i.measure, i.ascending, i.result, i.baseline, i.baseline_year,
                       i.target, i.period_end
                FROM indicator i JOIN activity a ON a.id = i.activity_id JOIN work_group g ON g.id = a.group_id
                ORDER BY g.id, a.number, i.number
                """).forEachRow { row in
                let activity = ActivityRef(group: row.string(0), number: row.int(1))
                indicators.rows.append([
                    IndicatorRef(activity: activity, number: row.int(2)).description, activity.description, row.string(3),
                    row.string(4), row.bool(5) ? "true" : "false", row.string(6),
                    PlanStore.indicatorValue(row.value(7))?.description ?? "", row.optionalInt(8).map(String.init) ?? "",
                    PlanStore.indicatorValue(row.value(9))?.description ?? "", row.string(10),
                ])
            }

            var events = PlanTable(name: "events", columns: [
                "kind", "on", "recordedAt", "by", "agency", "group", "activity", "milestone", "indicator", "note", "details",
            ])
            try db.cachedStatement(PlanStore.exportedEvents).forEachRow { row in
                let activity = row.optionalString(6).map { ActivityRef(group: $0, number: row.int(7)) }
                events.rows.append([
                    row.string(0), row.string(1), row.string(2), row.string(3), row.string(4), row.string(5),
                    activity?.description ?? "",
                    activity.flatMap { a in row.optionalInt(8).map { MilestoneRef(activity: a, number: $0).description } } ?? "",
                    activity.flatMap { a in row.optionalInt(9).map { IndicatorRef(activity: a, number: $0).description } } ?? "",
                    row.string(10), row.string(11),
                ])
            }
            return [activities, milestones, indicators, events]
        }
    }
}
