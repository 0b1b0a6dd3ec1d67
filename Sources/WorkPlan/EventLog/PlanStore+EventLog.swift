import SQLite

/// The event log as it reads: every change recorded, oldest effective first.
extension PlanStore {
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

    /// How many events `filter` selects.
    public func eventCount(_ filter: EventFilter) throws -> Int {
        try read {
            let (groupID, activityID) = try scope(filter)
            return try db.cachedStatement("""
                SELECT count(*) FROM event e
                WHERE \(PlanStore.equals("e.group_id", 1, given: groupID != .null)) AND \(PlanStore.equals("e.activity_id", 2, given: activityID != .null))
                  AND (?3 IS NULL OR e.effective_on >= ?3)
                """).first([groupID, activityID, .nullable(filter.since?.description)]) { $0.int(0) } ?? 0
        }
    }

    private func scope(_ filter: EventFilter) throws -> (group: SQLiteValue, activity: SQLiteValue) {
        (try filter.group.map { .integer(try groupRow($0).id) } ?? .null, try filter.activity.map { .integer(try activityRow($0).id) } ?? .null)
    }

    /// The event log, in effective order (by date, then as recorded): newest last; with `window`,
    /// only the events at those places in that order (a page of a long log).
    public func events(_ filter: EventFilter, window: Range<Int>? = nil) throws -> [LoggedEvent] {
        try read {
            let (groupID, activityID) = try scope(filter)
            return try db.cachedStatement("""
                SELECT e.id, e.kind, e.effective_on, e.recorded_at, e.actor, g.code AS "group", ag.code AS activityGroup,
                       a.number AS activityNumber, m.number AS milestoneNumber, agency.code AS agency, e.note, e.details
                FROM event e
                LEFT JOIN work_group g ON g.id = e.group_id
                LEFT JOIN activity a ON a.id = e.activity_id
                LEFT JOIN work_group ag ON ag.id = a.group_id
                LEFT JOIN milestone m ON m.id = e.milestone_id
                LEFT JOIN agency ON agency.id = e.agency_id
                WHERE \(PlanStore.equals("e.group_id", 1, given: groupID != .null)) AND \(PlanStore.equals("e.activity_id", 2, given: activityID != .null))
                  AND (?3 IS NULL OR e.effective_on >= ?3)
                ORDER BY e.effective_on, e.id LIMIT ?4 OFFSET ?5
                """).map([groupID, activityID, .nullable(filter.since?.description),
                          .integer(Int64(window?.count ?? -1)), .integer(Int64(window?.lowerBound ?? 0))]) { row in
                let activity = row.optionalString("activityGroup").map { ActivityRef(group: $0, number: row.int("activityNumber")) }
                return LoggedEvent(
                    id: row.int64("id"), kind: row.string("kind"), effectiveOn: Day(row.string("effective_on")) ?? .today(),
                    recordedAt: row.string("recorded_at"), actor: row.string("actor"), group: row.optionalString("group"),
                    activity: activity,
                    milestone: activity.flatMap { activity in row.optionalInt("milestoneNumber").map { MilestoneRef(activity: activity, number: $0) } },
                    agency: row.optionalString("agency"), note: row.optionalString("note"), details: row.string("details"))
            }
        }
    }
}
