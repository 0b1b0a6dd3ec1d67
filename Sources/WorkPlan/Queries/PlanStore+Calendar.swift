import SQLite

/// A milestone as a calendar shows it (DESIGN §11): on its due date, with the count of its
/// reschedules (a calendar's SEQUENCE) and when it last changed.
public struct CalendarMilestone: Hashable, Sendable {
    public let ref: MilestoneRef
    public let title: String
    public let activityTitle: String
    public let lead: String?
    /// Its due date now (the latest reschedule's, else the one it was added with).
    public let due: Day
    public let reschedules: Int
    public let doneOn: Day?
    public let droppedOn: Day?
    /// When its last event was recorded (UTC, ISO 8601): the calendar entry's stamp.
    public let lastRecorded: String
}

extension PlanStore {
    /// The milestones with a due date of activities not cancelled (of `group`, or that `agency`
    /// leads or partners in, where given), by due date: a calendar of the plan.
    public func calendar(group: String? = nil, agency: String? = nil) throws -> [CalendarMilestone] {
        try read {
            let groupID = try group.map { try groupRow($0).id }
            if let agency { _ = try agencyID(agency) }
            return try db.prepare("""
                SELECT g.code AS "group", a.number AS activityNumber, m.number, m.title, a.title AS activityTitle, l.code AS lead,
                       m.due_on, m.reschedules, m.done_on, m.dropped_on,
                       (SELECT max(e.recorded_at) FROM event e WHERE e.milestone_id = m.id) AS lastRecorded
                FROM milestone m JOIN activity a ON a.id = m.activity_id JOIN work_group g ON g.id = a.group_id
                LEFT JOIN activity_version v ON v.activity_id = a.id AND v.valid_until IS NULL
                LEFT JOIN agency l ON l.id = v.lead_agency_id
                WHERE m.due_on IS NOT NULL AND a.cancelled_on IS NULL AND (?1 IS NULL OR a.group_id = ?1)
                  AND (?2 IS NULL OR l.code = ?2 OR EXISTS (SELECT 1 FROM version_partner p JOIN agency x ON x.id = p.agency_id
                                                            WHERE p.version_id = v.id AND x.code = ?2))
                ORDER BY m.due_on, g.id, a.number, m.number
                """).map([groupID.map { .integer($0) } ?? .null, .nullable(agency)]) { row in
                CalendarMilestone(
                    ref: MilestoneRef(activity: ActivityRef(group: row.string("group"), number: row.int("activityNumber")), number: row.int("number")),
                    title: row.string("title"), activityTitle: row.string("activityTitle"), lead: row.optionalString("lead"),
                    due: Day(row.string("due_on")) ?? .today(), reschedules: row.int("reschedules"),
                    doneOn: row.optionalString("done_on").flatMap(Day.init), droppedOn: row.optionalString("dropped_on").flatMap(Day.init),
                    lastRecorded: row.optionalString("lastRecorded") ?? "")
            }
        }
    }
}
