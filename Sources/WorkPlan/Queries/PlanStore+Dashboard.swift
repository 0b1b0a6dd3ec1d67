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

    /// Milestones past due and not done as of `asOf`, oldest due first; with `limit`, the first
    /// `limit` of them.
    public func overdueMilestones(asOf: Day, group: String? = nil, limit: Int? = nil) throws -> [OverdueMilestone] {
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
                ORDER BY ms.due_on, g.id, a.number, ms.number LIMIT ?3
                """).map([.text(asOf.description), groupID, .integer(Int64(limit ?? -1))]) { row in
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
    /// coverage of `frameworks`; with `overdueLimit`, only the first so many overdue milestones
    /// (a page of a plan as large as the UN system's would list hundreds of thousands), the
    /// number in all being the report's.
    public func dashboard(asOf: Day, group: String? = nil, frameworks: [String] = [], overdueLimit: Int? = nil) throws -> Dashboard {
        try read {
            let report = try self.report(asOf: asOf, group: group, frameworks: frameworks)
            let groupID: Int64? = try group.map { try groupRow($0).id }
            return Dashboard(report: report, period: try planPeriod(), burnUp: try burnUp(asOf: asOf, groupID: groupID),
                             overdue: try overdueMilestones(asOf: asOf, group: group, limit: overdueLimit), generatedAt: Timestamp.now())
        }
    }

    /// A milestone `m` of activity `a` whose row answers every as-of question on its own: it and
    /// its activity are in the plan on every date (added with no date, never dropped or
    /// cancelled), it has at most one done/reopened event and was never rescheduled. As of any
    /// date D its due date is `m.due_on` and it is done when `m.done_on <= D` (the rules of
    /// ``dueAsOfSQL``, ``doneSinceAsOfSQL``, ``activeAsOfSQL`` and ``milestoneInPlanSQL`` for
    /// such a row), so the burn-up counts them from their dates alone.
    static let plainMilestoneSQL = """
        (a.added_on IS NULL AND a.cancelled_on IS NULL AND m.added_on IS NULL AND m.dropped_on IS NULL
         AND m.status_changes <= 1 AND m.due_since IS NULL)
        """

    /// Milestones due and done at each month end of the plan period (and the report date), each
    /// counted by the report's own rules as of that date: in the plan then, due by then, done then.
    /// After the report date the plan as it stands on the report date is carried forward.
    ///
    /// The rules are evaluated at each date only for the milestones with a history
    /// (``plainMilestoneSQL`` says which have none); the others are counted once, by their due and
    /// done dates: evaluating every rule at 37 dates took 8 s at a million milestones, the
    /// expressions costing more than reading the rows. `byTheRules` evaluates every milestone
    /// at each date (the tests compare the two).
    func burnUp(asOf: Day, groupID: Int64?, byTheRules: Bool = false) throws -> [BurnUpPoint] {
        let period = try planPeriod()
        var dates = period.monthEnds
        if asOf > period.start && asOf < period.end && !dates.contains(asOf) {
            dates.append(asOf)
            dates.sort()
        }
        let group: SQLiteValue = groupID.map { .integer($0) } ?? .null
        let inGroup = PlanStore.equals("a.group_id", 1, given: groupID != nil)
        let plain = byTheRules ? "0" : PlanStore.plainMilestoneSQL
        // The plain milestones by due date and by done date; those with a history, by id.
        var dueOn: [(Day, Int)] = [], doneOn: [(Day, Int)] = []
        for (column, into) in [("due_on", 0), ("done_on", 1)] {
            try db.cachedStatement("""
                SELECT m.\(column), count(*) FROM activity a JOIN milestone m ON m.activity_id = a.id
                WHERE \(inGroup) AND \(plain) AND m.\(column) IS NOT NULL GROUP BY m.\(column) ORDER BY m.\(column)
                """).forEachRow([group]) { row in
                guard let day = Day(row.string(0)) else { return }
                if into == 0 { dueOn.append((day, row.int(1))) } else { doneOn.append((day, row.int(1))) }
            }
        }
        let others = try db.cachedStatement("""
            SELECT json_group_array(m.id), count(*) FROM activity a JOIN milestone m ON m.activity_id = a.id WHERE \(inGroup) AND NOT \(plain)
            """).first([group]) { (ids: $0.string(0), count: $0.int(1)) } ?? (ids: "[]", count: 0)
        let count = try db.cachedStatement("""
            SELECT total((\(PlanStore.dueAsOfSQL)) <= ?3), total(\(PlanStore.doneAsOfSQL))
            FROM milestone m JOIN activity a ON a.id = m.activity_id
            WHERE m.id IN (SELECT value FROM json_each(?2)) AND \(PlanStore.activeAsOfSQL) AND \(PlanStore.milestoneInPlanSQL)
            """)
        /// How many of `counts` (by date, ascending) fall on or before `date`.
        func upTo(_ date: Day, _ counts: [(Day, Int)]) -> Int {
            var total = 0
            for (day, count) in counts {
                guard day <= date else { break }
                total += count
            }
            return total
        }
        return try dates.map { date in
            let asOfThen = min(date, asOf)
            let history = others.count == 0 ? (0, 0) : try count.first([.text(asOfThen.description), .text(others.ids), .text(date.description)]) {
                ($0.int(0), $0.int(1))
            } ?? (0, 0)
            return BurnUpPoint(date: date, due: upTo(date, dueOn) + history.0,
                               done: date <= asOf ? upTo(date, doneOn) + history.1 : nil)
        }
    }
}
