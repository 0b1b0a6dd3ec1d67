import SQLite

/// The rules of what needs attention (DESIGN §11), said once: what is "due soon", which
/// milestones are an agency's, which updates it owes.
extension PlanStore {
    /// A milestone due within this many days from today is due soon.
    public static let dueSoonDays = 14

    /// The milestones of activities agency ?1 (its id) leads or partners in now (their current
    /// version; not cancelled), not done and not dropped, due before ?2: the day after the
    /// horizon; `late` those due before ?3, the day asked about. Found from the agency's indexes
    /// on versions and partners, so that one agency's agenda reads its own activities, not the
    /// whole plan's. Each side (late or not) is numbered in its order, `n`, and counted, `total`:
    /// with ?4 (or NULL for all) only its first ?4 rows are answered.
    static let agendaMilestonesSQL = """
        SELECT "group", activityNumber, number, title, activityTitle, due_on, late, total FROM (
            SELECT g.code AS "group", a.number AS activityNumber, m.number, m.title, a.title AS activityTitle, m.due_on,
                   m.due_on < ?3 AS late,
                   row_number() OVER (PARTITION BY m.due_on < ?3 ORDER BY m.due_on, g.id, a.number, m.number) AS n,
                   count(*) OVER (PARTITION BY m.due_on < ?3) AS total
            FROM activity a JOIN activity_version v ON v.activity_id = a.id AND v.valid_until IS NULL
            JOIN work_group g ON g.id = a.group_id JOIN milestone m ON m.activity_id = a.id
            WHERE a.id IN (SELECT v.activity_id FROM activity_version v WHERE v.lead_agency_id = ?1 AND v.valid_until IS NULL
                           UNION SELECT v.activity_id FROM version_partner p JOIN activity_version v ON v.id = p.version_id
                           WHERE p.agency_id = ?1 AND v.valid_until IS NULL)
              AND m.due_on IS NOT NULL AND m.due_on < ?2 AND m.done_on IS NULL AND m.dropped_on IS NULL AND a.cancelled_on IS NULL)
        WHERE ?4 IS NULL OR n <= ?4
        ORDER BY late DESC, n
        """

    /// The periods whose updates can be owed on `asOf`: open (not locked) and begun.
    static let owingPeriodsSQL = "SELECT \(periodColumns) FROM reporting_period WHERE locked = 0 AND from_on <= ?1 ORDER BY from_on, code"

    /// What `agency` has to hear about on `asOf` (``AgencyAgenda``); with `limit`, each list
    /// holds at most its first `limit` items (a page can show them: an agency of a plan as large
    /// as the UN system's can have tens of thousands), and the counts say how many in all.
    public func agenda(agency: String, asOf: Day, limit: Int? = nil) throws -> AgencyAgenda {
        try read {
            let id = try agencyID(agency)
            let horizon = Day(dayNumber: asOf.dayNumber + PlanStore.dueSoonDays + 1) ?? asOf
            var overdue: [AgendaMilestone] = [], dueSoon: [AgendaMilestone] = [], overdueCount = 0, dueSoonCount = 0
            try db.cachedStatement(PlanStore.agendaMilestonesSQL).forEachRow([.integer(id), .text(horizon.description), .text(asOf.description),
                                                                              limit.map { .integer(Int64($0)) } ?? .null]) { row in
                let item = AgendaMilestone(ref: MilestoneRef(activity: ActivityRef(group: row.string("group"), number: row.int("activityNumber")), number: row.int("number")),
                                           title: row.string("title"), activityTitle: row.string("activityTitle"), due: Day(row.string("due_on")) ?? asOf)
                if row.int("late") != 0 {
                    overdue.append(item)
                    overdueCount = row.int("total")
                } else {
                    dueSoon.append(item)
                    dueSoonCount = row.int("total")
                }
            }
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
