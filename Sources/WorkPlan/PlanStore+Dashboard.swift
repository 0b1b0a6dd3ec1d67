import SQLite

/// The reads behind the HTML dashboard, the overdue lists and the event log.
extension PlanStore {
    /// Whether this plan is the illustrative sample of `mawp init --sample`.
    public func isSample() throws -> Bool {
        try db.scalarInt(PlanStore.isSampleSQL) != nil
    }

    /// Milestones past due and not done as of `asOf`, oldest due first.
    public func overdueMilestones(asOf: Day, group: String? = nil) throws -> [OverdueMilestone] {
        try read {
            let groupID: SQLiteValue = try group.map { .integer(try groupRow($0).id) } ?? .null
            return try db.cachedStatement("""
                SELECT g.code, a.number, m.number, m.title, a.title, l.code, m.due_on
                FROM milestone m
                JOIN activity a ON a.id = m.activity_id
                JOIN work_group g ON g.id = a.group_id
                LEFT JOIN agency l ON l.id = a.lead_agency_id
                WHERE \(PlanStore.activeAsOfSQL) AND (?2 IS NULL OR a.group_id = ?2)
                  AND m.due_on < ?1 AND NOT (\(PlanStore.doneAsOfSQL))
                ORDER BY m.due_on, g.id, a.number, m.number
                """).map([.text(asOf.description), groupID]) { row in
                let due = Day(row.string(6)) ?? asOf
                return OverdueMilestone(
                    ref: MilestoneRef(activity: ActivityRef(group: row.string(0), number: row.int(1)), number: row.int(2)),
                    title: row.string(3), activityTitle: row.string(4), lead: row.optionalString(5),
                    due: due, daysOverdue: due.days(to: asOf))
            }
        }
    }

    /// Everything the HTML report shows, as of `asOf`, for every group or just `group`.
    public func dashboard(asOf: Day, group: String? = nil) throws -> Dashboard {
        try read {
            let report = try self.report(asOf: asOf, group: group)
            let groupID: SQLiteValue = try group.map { .integer(try groupRow($0).id) } ?? .null
            let parameters: [SQLiteValue] = [.text(asOf.description), groupID]
            var matrix: [String: [Int: Int]] = [:]
            try db.cachedStatement("""
                SELECT g.code, x.point, count(*) FROM activity_agenda x
                JOIN activity a ON a.id = x.activity_id JOIN work_group g ON g.id = a.group_id
                WHERE \(PlanStore.activeAsOfSQL) AND (?2 IS NULL OR a.group_id = ?2)
                GROUP BY g.id, x.point
                """).forEachRow(parameters) { matrix[$0.string(0), default: [:]][$0.int(1)] = $0.int(2) }
            let points = try db.cachedStatement("SELECT number, title FROM agenda_point ORDER BY number")
                .map { AgendaPoint(number: $0.int(0), title: $0.string(1)) }
            return Dashboard(report: report, burnUp: try burnUp(asOf: asOf, parameters: parameters), agendaPoints: points,
                             agendaMatrix: matrix, overdue: try overdueMilestones(asOf: asOf, group: group),
                             generatedAt: Timestamp.now())
        }
    }

    /// Milestones due and done at each month end of the plan period, from the due dates and the
    /// done/reopened events of the milestones counted in the report.
    private func burnUp(asOf: Day, parameters: [SQLiteValue]) throws -> [BurnUpPoint] {
        let scope = "\(PlanStore.activeAsOfSQL) AND (?2 IS NULL OR a.group_id = ?2)"
        var dues: [Day] = []
        try db.cachedStatement("""
            SELECT m.due_on FROM milestone m JOIN activity a ON a.id = m.activity_id
            WHERE \(scope) AND m.due_on IS NOT NULL ORDER BY m.due_on
            """).forEachRow(parameters) { if let day = Day($0.string(0)) { dues.append(day) } }
        // Replay each milestone's events into +1 (becomes done) and -1 (reopened) steps.
        var steps: [(Day, Int)] = []
        var current: Int64 = -1
        var done = false
        try db.cachedStatement("""
            SELECT e.milestone_id, e.kind = 'milestone.done', e.effective_on FROM event e
            JOIN milestone m ON m.id = e.milestone_id JOIN activity a ON a.id = m.activity_id
            WHERE e.kind IN ('milestone.done', 'milestone.reopened') AND \(scope)
            ORDER BY e.milestone_id, e.effective_on, e.id
            """).forEachRow(parameters) { row in
            if row.int64(0) != current {
                current = row.int64(0)
                done = false
            }
            let isDone = row.bool(1)
            guard isDone != done, let day = Day(row.string(2)) else { return }
            steps.append((day, isDone ? 1 : -1))
            done = isDone
        }
        steps.sort { $0.0 < $1.0 }

        var dates = [PlanPeriod.start]
        var year = 2013, month = 1
        while year <= 2015 {
            if let end = Day(year: year, month: month, day: Day.daysIn(month: month, year: year)) { dates.append(end) }
            month += 1
            if month > 12 { month = 1; year += 1 }
        }
        if asOf > PlanPeriod.start && asOf < PlanPeriod.end && !dates.contains(asOf) {
            dates.append(asOf)
            dates.sort()
        }
        var dueIndex = 0, stepIndex = 0, dueCount = 0, doneCount = 0
        return dates.map { date in
            while dueIndex < dues.count && dues[dueIndex] <= date { dueCount += 1; dueIndex += 1 }
            while stepIndex < steps.count && steps[stepIndex].0 <= date { doneCount += steps[stepIndex].1; stepIndex += 1 }
            return BurnUpPoint(date: date, due: dueCount, done: date <= asOf ? doneCount : nil)
        }
    }

    // MARK: - Event log

    /// Which events `events(…)` returns.
    public struct EventFilter: Sendable {
        public var group: String?
        public var activity: ActivityRef?
        /// Events effective on or after this date.
        public var since: Day?

        public init(group: String? = nil, activity: ActivityRef? = nil, since: Day? = nil) {
            self.group = group
            self.activity = activity
            self.since = since
        }
    }

    /// The event log, in effective order (by date, then as recorded): newest last.
    public func events(_ filter: EventFilter) throws -> [LoggedEvent] {
        try read {
            let groupID: SQLiteValue = try filter.group.map { .integer(try groupRow($0).id) } ?? .null
            let activityID: SQLiteValue = try filter.activity.map { .integer(try activityRow($0).id) } ?? .null
            return try db.cachedStatement("""
                SELECT e.id, e.kind, e.effective_on, e.recorded_at, e.actor, g.code, ag.code, a.number, m.number,
                       agency.code, e.note, e.details
                FROM event e
                LEFT JOIN work_group g ON g.id = e.group_id
                LEFT JOIN activity a ON a.id = e.activity_id
                LEFT JOIN work_group ag ON ag.id = a.group_id
                LEFT JOIN milestone m ON m.id = e.milestone_id
                LEFT JOIN agency ON agency.id = e.agency_id
                WHERE (?1 IS NULL OR e.group_id = ?1) AND (?2 IS NULL OR e.activity_id = ?2)
                  AND (?3 IS NULL OR e.effective_on >= ?3)
                ORDER BY e.effective_on, e.id
                """).map([groupID, activityID, .nullable(filter.since?.description)]) { row in
                let activity = row.optionalString(6).map { ActivityRef(group: $0, number: row.int(7)) }
                return LoggedEvent(
                    id: row.int64(0), kind: row.string(1), effectiveOn: Day(row.string(2)) ?? .today(),
                    recordedAt: row.string(3), actor: row.string(4), group: row.optionalString(5), activity: activity,
                    milestone: activity.flatMap { activity in row.optionalInt(8).map { MilestoneRef(activity: activity, number: $0) } },
                    agency: row.optionalString(9), note: row.optionalString(10), details: row.string(11))
            }
        }
    }
}
