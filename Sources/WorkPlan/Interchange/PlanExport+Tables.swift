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
            // Each column is named as the table names it (the activity by its number).
            try db.cachedStatement("""
                SELECT g.code AS "group", a.number AS activityNumber, a.title, a.description, l.code AS lead,
                       \(PlanStore.versionColumnsSQL),
                       a.cancelled_on AS cancelledOn
                FROM activity a
                JOIN work_group g ON g.id = a.group_id
                LEFT JOIN activity_version v ON v.activity_id = a.id AND v.valid_until IS NULL
                LEFT JOIN agency l ON l.id = v.lead_agency_id
                ORDER BY g.id, a.number
                """).forEachRow { row in
                let ref = ActivityRef(group: row.string("group"), number: row.int("activityNumber"))
                activities.rows.append(activities.columns.map { $0 == "ref" ? ref.description : row.string($0) })
            }

            var milestones = PlanTable(name: "milestones", columns: [
                "ref", "activity", "title", "due", "doneOn", "baselineDue", "droppedOn",
            ])
            try db.cachedStatement("""
                SELECT g.code AS "group", a.number AS activityNumber, m.number, m.title, m.due_on AS due, m.done_on AS doneOn,
                       m.baseline_due AS baselineDue, m.dropped_on AS droppedOn
                FROM milestone m JOIN activity a ON a.id = m.activity_id JOIN work_group g ON g.id = a.group_id
                ORDER BY g.id, a.number, m.number
                """).forEachRow { row in
                let activity = ActivityRef(group: row.string("group"), number: row.int("activityNumber"))
                let ref = MilestoneRef(activity: activity, number: row.int("number"))
                milestones.rows.append(milestones.columns.map { column in
                    column == "ref" ? ref.description : column == "activity" ? activity.description : row.string(column)
                })
            }

            var indicators = PlanTable(name: "indicators", columns: [
                "ref", "activity", "title", "measure", "ascending", "result", "baseline", "baselineYear", "target", "periodEnd",
            ])
            try db.cachedStatement("""
                SELECT g.code AS "group", a.number AS activityNumber, i.number, i.title, i.measure, i.ascending, i.result, i.baseline,
                       i.baseline_year AS baselineYear, i.target, i.period_end AS periodEnd
                FROM indicator i JOIN activity a ON a.id = i.activity_id JOIN work_group g ON g.id = a.group_id
                ORDER BY g.id, a.number, i.number
                """).forEachRow { row in
                let activity = ActivityRef(group: row.string("group"), number: row.int("activityNumber"))
                indicators.rows.append([
                    IndicatorRef(activity: activity, number: row.int("number")).description, activity.description, row.string("title"),
                    row.string("measure"), row.bool("ascending") ? "true" : "false", row.string("result"),
                    PlanStore.indicatorValue(row.value("baseline"))?.description ?? "", row.optionalInt("baselineYear").map(String.init) ?? "",
                    PlanStore.indicatorValue(row.value("target"))?.description ?? "", row.string("periodEnd"),
                ])
            }

            var events = PlanTable(name: "events", columns: [
                "kind", "on", "recordedAt", "by", "agency", "group", "activity", "milestone", "indicator", "note", "details",
            ])
            try db.cachedStatement(ExportedEvent.sql).forEachRow { row in
                let event = ExportedEvent(row)
                events.rows.append([
                    event.kind, event.on, event.recordedAt, event.by, event.agency ?? "", event.group ?? "",
                    event.activity?.description ?? "", event.milestone?.description ?? "", event.indicator?.description ?? "",
                    event.note ?? "", event.details,
                ])
            }
            return [activities, milestones, indicators, events]
        }
    }
}
