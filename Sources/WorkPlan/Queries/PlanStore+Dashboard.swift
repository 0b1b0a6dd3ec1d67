import SQLite

/// The reads behind the HTML dashboard and the overdue lists.
extension PlanStore {
    /// Whether this plan is the illustrative sample of `mawp init --sample`.
    public func isSample() throws -> Bool {
        try db.scalarInt(PlanStore.isSampleSQL) != nil
    }

    /// The period the plan covers, from its settings.
    public func planPeriod() throws -> PlanPeriod {
        var values: [String: Day] = [:]
        try db.cachedStatement("SELECT key, value FROM plan_setting WHERE key IN ('period-start', 'period-end')").forEachRow {
            values[$0.string(0)] = Day($0.string(1))
        }
        guard let start = values["period-start"], let end = values["period-end"], start <= end else {
            throw StorageError.corrupt(reason: "the plan's period is missing from the database")
        }
        return PlanPeriod(start: start, end: end)
    }

    /// Milestones past due and not done as of `asOf`, oldest due first.
    public func overdueMilestones(asOf: Day, group: String? = nil) throws -> [OverdueMilestone] {
        try read {
            let groupID: SQLiteValue = try group.map { .integer(try groupRow($0).id) } ?? .null
            return try db.cachedStatement("""
                SELECT g.code, a.number, ms.number, ms.title, a.title, l.code, ms.due_on
                FROM \(PlanStore.milestonesAsOfSQL) ms
                JOIN activity a ON a.id = ms.activity_id
                JOIN work_group g ON g.id = a.group_id
                LEFT JOIN activity_version v ON v.activity_id = a.id AND \(PlanStore.versionAsOfSQL)
                LEFT JOIN agency l ON l.id = v.lead_agency_id
                WHERE \(PlanStore.activeAsOfSQL) AND \(PlanStore.equals("a.group_id", 2, given: group != nil))
                  AND ms.due_on < ?1 AND NOT ms.done
                ORDER BY ms.due_on, g.id, a.number, ms.number
                """).map([.text(asOf.description), groupID]) { row in
                let due = Day(row.string(6)) ?? asOf
                return OverdueMilestone(
                    ref: MilestoneRef(activity: ActivityRef(group: row.string(0), number: row.int(1)), number: row.int(2)),
                    title: row.string(3), activityTitle: row.string(4), lead: row.optionalString(5),
                    due: due, daysOverdue: due.days(to: asOf))
            }
        }
    }

    /// What a report adds for one group (`report --group`, in every format but JSON and CSV):
    /// the group's activities and its overdue milestones, as of `asOf`; nil without a group.
    public func groupBreakdown(asOf: Day, group: String?) throws -> (activities: [ActivitySummary], overdue: [OverdueMilestone])? {
        guard let group else { return nil }
        return try read { (try activities(.init(group: group), asOf: asOf), try overdueMilestones(asOf: asOf, group: group)) }
    }

    /// Everything the HTML report shows, as of `asOf`, for every group or just `group`, with the
    /// coverage of `frameworks`.
    public func dashboard(asOf: Day, group: String? = nil, frameworks: [String] = []) throws -> Dashboard {
        try read {
            let report = try self.report(asOf: asOf, group: group, frameworks: frameworks)
            let groupID: SQLiteValue = try group.map { .integer(try groupRow($0).id) } ?? .null
            let parameters: [SQLiteValue] = [.text(asOf.description), groupID]
            return Dashboard(report: report, period: try planPeriod(), burnUp: try burnUp(asOf: asOf, parameters: parameters),
                             overdue: try overdueMilestones(asOf: asOf, group: group), generatedAt: Timestamp.now())
        }
    }

    /// Milestones due and done at each month end of the plan period (and the report date), each
    /// counted by the report's own rules as of that date: in the plan then, due by then, done then.
    /// After the report date the plan as it stands on the report date is carried forward.
    private func burnUp(asOf: Day, parameters: [SQLiteValue]) throws -> [BurnUpPoint] {
        let count = try db.cachedStatement("""
            SELECT total(ms.due_on <= ?3), total(ms.done)
            FROM activity a JOIN \(PlanStore.milestonesAsOfSQL) ms ON ms.activity_id = a.id
            WHERE \(PlanStore.activeAsOfSQL) AND (?2 IS NULL OR a.group_id = ?2)
            """)
        let period = try planPeriod()
        var dates = period.monthEnds
        if asOf > period.start && asOf < period.end && !dates.contains(asOf) {
            dates.append(asOf)
            dates.sort()
        }
        return try dates.map { date in
            let counts = try count.first([.text(min(date, asOf).description), parameters[1], .text(date.description)]) {
                ($0.int(0), $0.int(1))
            } ?? (0, 0)
            return BurnUpPoint(date: date, due: counts.0, done: date <= asOf ? counts.1 : nil)
        }
    }
}
