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

    /// The event log, in effective order (by date, then as recorded): newest last.
    public func events(_ filter: EventFilter) throws -> [LoggedEvent] {
        try read {
            let groupID: SQLiteValue = try filter.group.map { .integer(try groupRow($0).id) } ?? .null
            let activityID: SQLiteValue = try filter.activity.map { .integer(try activityRow($0).id) } ?? .null
            return try db.cachedStatement("""
                SELECT e.id, e.kind, e.effective_on, e.recorded_at, e.actor, g.code AS "group", ag.code AS activityGroup,
                       a.number AS activityNumber, m.number AS milestoneNumber, agency.code AS agency, e.note, e.details
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
