import SQLite

/// One table of the whole plan, its cells as the CSV export writes them (dates `YYYY-MM-DD`,
/// lists joined with `;`, empty for none): what `mawp export --format xlsx` puts on a sheet.
public struct PlanTable: Sendable {
    public let name: String
    public let columns: [String]
}

extension PlanStore {
    /// The plan as it is now, in four tables: `activities` (their current version), `milestones`
    /// (with the dates the CSV export gives), `indicators` (their definitions) and `events`
    /// (the whole log, oldest first), read in one snapshot: `body` gets the tables and a way to
    /// read the rows of any of them (by its index), a row at a time and as often as it needs,
    /// in that snapshot. Nothing of a table is held: an export of any size reads in the memory
    /// of a row.
    public func exportTables<T>(_ body: (_ tables: [PlanTable], _ rows: (_ table: Int, _ row: ([String]) throws -> Void) throws -> Void)
                                    throws -> T) throws -> T {
        let tables = [
            PlanTable(name: "activities", columns: [
                "ref", "group", "title", "description", "lead", "partners", "partnerKinds", "start", "end", "agenda", "links",
                "cancelledOn",
            ]),
            PlanTable(name: "milestones", columns: ["ref", "activity", "title", "due", "doneOn", "baselineDue", "droppedOn"]),
            PlanTable(name: "indicators", columns: [
                "ref", "activity", "title", "measure", "ascending", "result", "baseline", "baselineYear", "target", "periodEnd",
            ]),
            PlanTable(name: "events", columns: [
                "kind", "on", "recordedAt", "by", "agency", "group", "activity", "milestone", "indicator", "note", "details",
            ]),
        ]
        return try read {
            try body(tables) { table, emit in
                switch table {
                case 0: try exportActivities(tables[0].columns, emit)
                case 1: try exportMilestones(tables[1].columns, emit)
                case 2: try exportIndicators(emit)
                default: try exportEvents(emit)
                }
            }
        }
    }

    private func exportActivities(_ columns: [String], _ emit: ([String]) throws -> Void) throws {
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
            try emit(columns.map { $0 == "ref" ? ref.description : row.string($0) })
        }
    }

    private func exportMilestones(_ columns: [String], _ emit: ([String]) throws -> Void) throws {
        try db.cachedStatement("""
            SELECT g.code AS "group", a.number AS activityNumber, m.number, m.title, m.due_on AS due, m.done_on AS doneOn,
                   m.baseline_due AS baselineDue, m.dropped_on AS droppedOn
            FROM milestone m JOIN activity a ON a.id = m.activity_id JOIN work_group g ON g.id = a.group_id
            ORDER BY g.id, a.number, m.number
            """).forEachRow { row in
            let activity = ActivityRef(group: row.string("group"), number: row.int("activityNumber"))
            let ref = MilestoneRef(activity: activity, number: row.int("number"))
            try emit(columns.map { column in
                column == "ref" ? ref.description : column == "activity" ? activity.description : row.string(column)
            })
        }
    }

    private func exportIndicators(_ emit: ([String]) throws -> Void) throws {
        try db.cachedStatement("""
            SELECT g.code AS "group", a.number AS activityNumber, i.number, i.title, i.measure, i.ascending, i.result, i.baseline,
                   i.baseline_year AS baselineYear, i.target, i.period_end AS periodEnd
            FROM indicator i JOIN activity a ON a.id = i.activity_id JOIN work_group g ON g.id = a.group_id
            ORDER BY g.id, a.number, i.number
            """).forEachRow { row in
            let activity = ActivityRef(group: row.string("group"), number: row.int("activityNumber"))
            try emit([
                IndicatorRef(activity: activity, number: row.int("number")).description, activity.description, row.string("title"),
                row.string("measure"), row.bool("ascending") ? "true" : "false", row.string("result"),
                PlanStore.indicatorValue(row.value("baseline"))?.description ?? "", row.optionalInt("baselineYear").map(String.init) ?? "",
                PlanStore.indicatorValue(row.value("target"))?.description ?? "", row.string("periodEnd"),
            ])
        }
    }

    private func exportEvents(_ emit: ([String]) throws -> Void) throws {
        try db.cachedStatement(ExportedEvent.sql).forEachRow { row in
            let event = ExportedEvent(row)
            try emit([
                event.kind, event.on, event.recordedAt, event.by, event.agency ?? "", event.group ?? "",
                event.activity?.description ?? "", event.milestone?.description ?? "", event.indicator?.description ?? "",
                event.note ?? "", event.details,
            ])
        }
    }
}
