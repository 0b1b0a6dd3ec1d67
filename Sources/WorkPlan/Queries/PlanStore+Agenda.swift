import SQLite

/// The rules of what needs attention (DESIGN §11), said once: what is "due soon", which
/// milestones are an agency's, which updates it owes.
extension PlanStore {
    /// A milestone due within this many days from today is due soon.
    public static let dueSoonDays = 14

    /// The milestones of activities agency ?1 (its id) leads or partners in now (their current
    /// version; not cancelled), not done and not dropped, due before ?2: the day after the
    /// horizon. Found from the agency's indexes on versions and partners, so that one agency's
    /// agenda reads its own activities, not the whole plan's.
    static let agendaScopeSQL = """
        FROM activity a JOIN activity_version v ON v.activity_id = a.id AND v.valid_until IS NULL
        JOIN milestone m ON m.activity_id = a.id
        WHERE a.id IN (SELECT v.activity_id FROM activity_version v WHERE v.lead_agency_id = ?1 AND v.valid_until IS NULL
                       UNION SELECT v.activity_id FROM version_partner p JOIN activity_version v ON v.id = p.version_id
                       WHERE p.agency_id = ?1 AND v.valid_until IS NULL)
          AND m.due_on IS NOT NULL AND m.due_on < ?2 AND m.done_on IS NULL AND m.dropped_on IS NULL AND a.cancelled_on IS NULL
        """

    /// Of those, the overdue ones (`late`: due before ?3, the day asked about) or the others,
    /// most overdue or soonest first, the first ?4 (-1: all); their details read for those alone.
    static func agendaMilestonesSQL(late: Bool) -> String { """
        WITH first AS (SELECT m.id \(agendaScopeSQL) AND m.due_on \(late ? "<" : ">=") ?3
                       ORDER BY m.due_on, a.group_id, a.number, m.number LIMIT ?4)
        SELECT g.code AS "group", a.number AS activityNumber, m.number, m.title, a.title AS activityTitle, m.due_on
        FROM first JOIN milestone m ON m.id = first.id JOIN activity a ON a.id = m.activity_id JOIN work_group g ON g.id = a.group_id
        ORDER BY m.due_on, g.id, a.number, m.number
        """
    }

    /// How many of them are overdue, and how many due soon.
    static let agendaCountsSQL = "SELECT total(m.due_on < ?3), total(m.due_on >= ?3) \(agendaScopeSQL)"

    /// The periods whose updates can be owed on `asOf`: open (not locked) and begun.
    static let owingPeriodsSQL = "SELECT \(periodColumns) FROM reporting_period WHERE locked = 0 AND from_on <= ?1 ORDER BY from_on, code"

    /// What `agency` has to hear about on `asOf` (``AgencyAgenda``); with `limit`, each list
    /// holds at most its first `limit` items (a page can show them: an agency of a plan as large
    /// as the UN system's can have tens of thousands), and the counts say how many in all.
    public func agenda(agency: String, asOf: Day, limit: Int? = nil) throws -> AgencyAgenda {
        try read {
            let id = try agencyID(agency)
            let horizon = Day(dayNumber: asOf.dayNumber + PlanStore.dueSoonDays + 1) ?? asOf
            let parameters: [SQLiteValue] = [.integer(id), .text(horizon.description), .text(asOf.description), .integer(Int64(limit ?? -1))]
            func milestones(late: Bool) throws -> [AgendaMilestone] {
                try db.cachedStatement(PlanStore.agendaMilestonesSQL(late: late)).map(parameters) { row in
                    AgendaMilestone(ref: MilestoneRef(activity: ActivityRef(group: row.string("group"), number: row.int("activityNumber")), number: row.int("number")),
                                    title: row.string("title"), activityTitle: row.string("activityTitle"), due: Day(row.string("due_on")) ?? asOf)
                }
            }
            let overdue = try milestones(late: true), dueSoon = try milestones(late: false)
            let (overdueCount, dueSoonCount) = try db.cachedStatement(PlanStore.agendaCountsSQL).first(Array(parameters.prefix(3))) {
                ($0.int(0), $0.int(1))
            } ?? (0, 0)
            var owed: [OwedUpdate] = []
            var owedCount = 0
            for period in try db.cachedStatement(PlanStore.owingPeriodsSQL).map([.text(asOf.description)], PlanStore.periodRow) {
                let parameters = PlanStore.reportingParameters(period, group: nil, activity: nil, lead: agency)
                for activity in try periodActivities(parameters, period: period.period.code) where activity.update.state.isOwed {
                    owedCount += 1
                    if owed.count < limit ?? .max {
                        owed.append(OwedUpdate(period: period.period, activity: activity.ref, title: activity.title, state: activity.update.state))
                    }
                }
            }
            return AgencyAgenda(agency: agency, asOf: asOf, overdue: overdue, dueSoon: dueSoon, owed: owed,
                                overdueCount: overdueCount, dueSoonCount: dueSoonCount, owedCount: owedCount)
        }
    }
}
