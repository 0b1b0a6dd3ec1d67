import SQLite

/// Where an export writes: stdout or a file, in pieces, so that a plan of any size is never
/// held whole in memory.
public protocol TextSink {
    mutating func write(_ text: String) throws
}

/// The interchange formats of `mawp export` and `mawp import`.
public enum PlanFormat {
    /// The version of the JSON export format this mawp writes (it reads this one and every
    /// earlier one). Version 2 added plan changes: the events agency.edited, group.edited,
    /// milestone.edited, milestone.dropped and baseline.added, and `addedOn` in what
    /// activity.added and milestone.added record. Version 3 added the chair: the `chairs`
    /// section and the events chair.set and chair.removed. Version 4 added the reporting cycle:
    /// the events period.added, period.locked, period.unlocked and update.*, each naming its
    /// reporting period by code in `period`.
    public static let version = 4

    /// The columns of the CSV export (one row per milestone; an activity without milestones
    /// has one row with the milestone columns empty). `partnerKinds` gives each partner's kind,
    /// in the order of `partners`; `links` the points of the frameworks other than the agenda.
    public static let csvColumns = ["group", "activity", "activityTitle", "description", "lead", "partners", "partnerKinds", "start",
                                    "end", "agenda", "links", "cancelledOn", "milestone", "milestoneTitle", "due", "doneOn",
                                    "baselineDue", "droppedOn"]
}

extension PlanStore {
    // MARK: - JSON

    /// Writes the whole plan as JSON (format "mawp", version ``PlanFormat/version``): agencies,
    /// groups and their leads, activities with their milestones and indicators, and the complete
    /// event log, oldest first. Everything else (done states, actual values) follows from the log.
    public func exportJSON(to sink: inout some TextSink, generatedAt: String = Timestamp.now()) throws {
        try read {
            try sink.write("""
                {
                  "format": "mawp",
                  "version": \(PlanFormat.version),
                  "generatedAt": \(JSON.string(generatedAt).serialized()),
                  "sample": \(try isSample()),
                  "agencies": [
                """)
            var first = true
            try db.cachedStatement("SELECT code, name, kind FROM agency ORDER BY id").forEachRow { row in
                try sink.write(item(.object(["code": .string(row.string(0)), "name": .string(row.string(1)), "kind": .string(row.string(2))]),
                                    first: &first))
            }
            try sink.write(close(first) + ",\n  \"groups\": [")
            first = true
            let leads = try groupLeadsByGroup()
            try db.cachedStatement("SELECT id, code, kind, name FROM work_group ORDER BY id").forEachRow { row in
                let group = JSON.object([
                    "code": .string(row.string(1)), "kind": .string(row.string(2)), "name": .string(row.string(3)),
                    "leads": .array((leads[row.int64(0)] ?? []).map { .object(["agency": .string($0.agency), "role": .string($0.role.rawValue)]) }),
                ])
                try sink.write(item(group, first: &first))
            }
            try sink.write(close(first) + ",\n  \"frameworks\": [")
            first = true
            for framework in try frameworks() {
                let points = try db.cachedStatement("""
                    SELECT p.code, p.title, p.description, p.section FROM framework_point p JOIN framework f ON f.id = p.framework_id
                    WHERE f.name = ?1 ORDER BY p.position
                    """).map([.text(framework.name)]) { row in
                    JSON.object(["code": .string(row.string(0)), "title": .string(row.string(1)),
                                 "description": .string(row.optionalString(2)), "section": .string(row.optionalString(3))])
                }
                try sink.write(item(.object(["name": .string(framework.name), "title": .string(framework.title),
                                             "description": .string(framework.description),
                                             "vocabularyUri": .string(framework.vocabularyURI), "points": .array(points)]), first: &first))
            }
            try sink.write(close(first) + ",\n  \"chairs\": [")
            first = true
            for term in try chairTerms() {
                try sink.write(item(.object(["agency": .string(term.agency), "name": .string(term.agencyName), "from": .day(term.from),
                                             "until": .day(term.until)]), first: &first))
            }
            try sink.write(close(first) + ",\n  \"activities\": [")
            first = true
            try db.cachedStatement("""
                SELECT a.id, g.code AS "group", a.number, a.title, a.description, l.code AS lead, v.start_on, v.end_on, a.cancelled_on,
                       v.id AS version_id
                FROM activity a JOIN work_group g ON g.id = a.group_id
                LEFT JOIN activity_version v ON v.activity_id = a.id AND v.valid_until IS NULL
                LEFT JOIN agency l ON l.id = v.lead_agency_id
                ORDER BY g.id, a.number
                """).forEachRow { row in
                try sink.write(item(try activityJSON(row), first: &first))
            }
            try sink.write(close(first) + ",\n  \"events\": [")
            first = true
            try db.cachedStatement(ExportedEvent.sql).forEachRow { row in
                let event = ExportedEvent(row)
                try sink.write(item(.object([
                    "kind": .string(event.kind), "on": .string(event.on), "recordedAt": .string(event.recordedAt),
                    "by": .string(event.by), "agency": .string(event.agency), "group": .string(event.group),
                    "activity": .string(event.activity?.description), "milestone": .string(event.milestone?.description),
                    "indicator": .string(event.indicator?.description), "period": .string(event.period), "note": .string(event.note),
                    "details": .raw(event.details),
                ]), first: &first))
            }
            try sink.write(close(first) + "\n}\n")
        }
    }

    /// An event of the whole event log (oldest first), with the references by code.
    struct ExportedEvent {
        static let sql = """
            SELECT e.kind, e.effective_on, e.recorded_at, e.actor, agency.code AS agency, g.code AS "group",
                   ag.code AS activityGroup, a.number AS activityNumber, m.number AS milestoneNumber, i.number AS indicatorNumber,
                   p.code AS period, e.note, e.details
            FROM event e
            LEFT JOIN agency ON agency.id = e.agency_id
            LEFT JOIN work_group g ON g.id = e.group_id
            LEFT JOIN activity a ON a.id = e.activity_id
            LEFT JOIN work_group ag ON ag.id = a.group_id
            LEFT JOIN milestone m ON m.id = e.milestone_id
            LEFT JOIN indicator i ON i.id = e.indicator_id
            LEFT JOIN reporting_period p ON p.id = e.period_id
            ORDER BY e.id
            """

        let kind: String
        let on: String
        let recordedAt: String
        let by: String
        let agency: String?
        let group: String?
        let activity: ActivityRef?
        let milestone: MilestoneRef?
        let indicator: IndicatorRef?
        let period: String?
        let note: String?
        /// The JSON object text stored with the event.
        let details: String

        init(_ row: Statement) {
            kind = row.string("kind")
            on = row.string("effective_on")
            recordedAt = row.string("recorded_at")
            by = row.string("actor")
            agency = row.optionalString("agency")
            group = row.optionalString("group")
            let activity = row.optionalString("activityGroup").map { ActivityRef(group: $0, number: row.int("activityNumber")) }
            self.activity = activity
            milestone = activity.flatMap { a in row.optionalInt("milestoneNumber").map { MilestoneRef(activity: a, number: $0) } }
            indicator = activity.flatMap { a in row.optionalInt("indicatorNumber").map { IndicatorRef(activity: a, number: $0) } }
            period = row.optionalString("period")
            note = row.optionalString("note")
            details = row.string("details")
        }
    }

    private func item(_ value: JSON, first: inout Bool) -> String {
        defer { first = false }
        return (first ? "\n    " : ",\n    ") + value.serialized(pretty: true, indent: 2)
    }

    private func close(_ empty: Bool) -> String { empty ? "]" : "\n  ]" }

    private func groupLeadsByGroup() throws -> [Int64: [GroupLead]] {
        var leads: [Int64: [GroupLead]] = [:]
        try db.cachedStatement("""
            SELECT l.group_id, a.code, l.role FROM group_lead l JOIN agency a ON a.id = l.agency_id ORDER BY l.group_id, l.position
            """).forEachRow { row in
            leads[row.int64(0), default: []].append(GroupLead(agency: row.string(1), role: LeadRole(rawValue: row.string(2)) ?? .chair))
        }
        return leads
    }

    private func activityJSON(_ row: Statement) throws -> JSON {
        let id = row.int64("id")
        let ref = ActivityRef(group: row.string("group"), number: row.int("number"))
        let partners = try db.cachedStatement("""
            SELECT ag.code FROM version_partner p JOIN agency ag ON ag.id = p.agency_id WHERE p.version_id = ?1 ORDER BY ag.code
            """).map([.integer(row.int64("version_id"))]) { JSON.string($0.string(0)) }
        let agenda = try db.cachedStatement("SELECT point FROM version_agenda WHERE version_id = ?1 ORDER BY point")
            .map([.integer(row.int64("version_id"))]) { JSON.int($0.int(0)) }
        let milestones = try db.cachedStatement("SELECT number, title, due_on FROM milestone WHERE activity_id = ?1 ORDER BY number")
            .map([.integer(id)]) { m in
                JSON.object(["ref": .string(MilestoneRef(activity: ref, number: m.int(0)).description), "title": .string(m.string(1)),
                             "due": .string(m.optionalString(2))])
            }
        let indicators = try db.cachedStatement("""
            SELECT number, title, measure, ascending, baseline, baseline_year, target, period_end, result
            FROM indicator WHERE activity_id = ?1 ORDER BY number
            """).map([.integer(id)]) { i in
            JSON.object([
                "ref": .string(IndicatorRef(activity: ref, number: i.int(0)).description), "title": .string(i.string(1)),
                "measure": .string(i.string(2)), "ascending": .bool(i.bool(3)), "result": .string(i.string(8)),
                "baseline": JSON.indicator(PlanStore.indicatorValue(i.value(4))),
                "baselineYear": i.optionalInt(5).map { .int($0) } ?? .null,
                "target": JSON.indicator(PlanStore.indicatorValue(i.value(6))), "periodEnd": .string(i.optionalString(7)),
            ])
        }
        return .object([
            "ref": .string(ref.description), "title": .string(row.string("title")), "description": .string(row.optionalString("description")),
            "lead": .string(row.optionalString("lead")), "partners": .array(partners), "start": .string(row.optionalString("start_on")),
            "end": .string(row.optionalString("end_on")), "agenda": .array(agenda),
            "links": .array(try row.isNull("version_id") ? [] : links(versionID: row.int64("version_id")).map { .string($0.ref.description) }),
            "cancelledOn": .string(row.optionalString("cancelled_on")),
            "milestones": .array(milestones), "indicators": .array(indicators),
        ])
    }

    // MARK: - CSV

    /// Writes one row per milestone with its activity and group columns (``PlanFormat/csvColumns``);
    /// `doneOn` is where the milestone's last run of "done" began, empty when it is not done;
    /// `due` is its current due date, `baselineDue` the one it was added with, `droppedOn` when
    /// it left the plan.
    public func exportCSV(to sink: inout some TextSink) throws {
        try read {
            try sink.write(PlanFormat.csvColumns.joined(separator: ",") + "\r\n")
            // Each column is named as the file names it (the activity and milestone by their numbers).
            try db.cachedStatement("""
                SELECT g.code AS "group", a.number AS activityNumber, a.title AS activityTitle, a.description, l.code AS lead,
                       \(PlanStore.versionColumnsSQL),
                       a.cancelled_on AS cancelledOn, m.number AS milestoneNumber, m.title AS milestoneTitle, m.due_on AS due,
                       m.done_on AS doneOn, m.baseline_due AS baselineDue, m.dropped_on AS droppedOn
                FROM activity a
                JOIN work_group g ON g.id = a.group_id
                LEFT JOIN activity_version v ON v.activity_id = a.id AND v.valid_until IS NULL
                LEFT JOIN agency l ON l.id = v.lead_agency_id
                LEFT JOIN milestone m ON m.activity_id = a.id
                ORDER BY g.id, a.number, m.number
                """).forEachRow { row in
                let activity = ActivityRef(group: row.string("group"), number: row.int("activityNumber"))
                let milestone = row.optionalInt("milestoneNumber").map { MilestoneRef(activity: activity, number: $0).description } ?? ""
                let cells = PlanFormat.csvColumns.map { (column: String) -> String in
                    switch column {
                    case "activity": return activity.description
                    case "milestone": return milestone
                    default: return row.string(column)
                    }
                }
                try sink.write(cells.map(CSV.field).joined(separator: ",") + "\r\n")
            }
        }
    }
}

extension PlanStore {
    /// An activity version's columns as the CSV export and the tables name them, over
    /// `activity_version v`: partners, their kinds, dates, agenda points and links (`;` apart).
    static let versionColumnsSQL = """
        (SELECT group_concat(code, ';') FROM (SELECT ag.code FROM version_partner p JOIN agency ag ON ag.id = p.agency_id
                                              WHERE p.version_id = v.id ORDER BY ag.code)) AS partners,
        (SELECT group_concat(kind, ';') FROM (SELECT ag.kind FROM version_partner p JOIN agency ag ON ag.id = p.agency_id
                                              WHERE p.version_id = v.id ORDER BY ag.code)) AS partnerKinds,
        v.start_on AS start, v.end_on AS "end",
        (SELECT group_concat(point, ';') FROM (SELECT point FROM version_agenda WHERE version_id = v.id ORDER BY point)) AS agenda,
        (SELECT group_concat(ref, ';') FROM (SELECT f.name || ':' || fp.code AS ref FROM version_link k
                                             JOIN framework_point fp ON fp.id = k.point_id JOIN framework f ON f.id = fp.framework_id
                                             WHERE k.version_id = v.id AND f.name <> 'agenda' ORDER BY f.id, fp.position)) AS links
        """
}
