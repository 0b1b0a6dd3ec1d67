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
