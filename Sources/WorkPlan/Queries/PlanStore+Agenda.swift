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
        WHERE \(ofAgencySQL(1, version: "v.valid_until IS NULL"))
          AND m.due_on IS NOT NULL AND m.due_on < ?2 AND m.done_on IS NULL AND m.dropped_on IS NULL AND a.cancelled_on IS NULL
        """

    /// Of those, each one's id and what orders them: by due date (most overdue or soonest
    /// first), then group, activity and number. One walk over the agency's milestones gives
    /// both lists' order and their counts; their details are read for the ones shown alone.
    static let agendaCandidatesSQL = "SELECT m.id, m.due_on, a.group_id, a.number, m.number \(agendaScopeSQL)"
    static let agendaDetailsSQL = """
        SELECT m.id, g.code, a.number, m.number, m.title, a.title, m.due_on
        FROM milestone m JOIN activity a ON a.id = m.activity_id JOIN work_group g ON g.id = a.group_id
        WHERE m.id IN (SELECT value FROM json_each(?1))
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
            typealias Candidate = (id: Int64, due: String, group: Int64, activity: Int, number: Int)
            var late: [Candidate] = [], soon: [Candidate] = []
            let today = asOf.description
            try db.cachedStatement(PlanStore.agendaCandidatesSQL).forEachRow([.integer(id), .text(horizon.description)]) { row in
                let candidate = (id: row.int64(0), due: row.string(1), group: row.int64(2), activity: row.int(3), number: row.int(4))
                if candidate.due < today { late.append(candidate) } else { soon.append(candidate) }
            }
            func first(_ candidates: [Candidate]) -> [Int64] {
                let ordered = candidates.sorted { ($0.due, $0.group, $0.activity, $0.number) < ($1.due, $1.group, $1.activity, $1.number) }
                return ordered.prefix(limit ?? ordered.count).map(\.id)
            }
            let shown = (late: first(late), soon: first(soon))
            var details: [Int64: AgendaMilestone] = [:]
            let ids = "[" + (shown.late + shown.soon).map(String.init).joined(separator: ",") + "]"
            try db.cachedStatement(PlanStore.agendaDetailsSQL).forEachRow([.text(ids)]) { row in
                details[row.int64(0)] = AgendaMilestone(
                    ref: MilestoneRef(activity: ActivityRef(group: row.string(1), number: row.int(2)), number: row.int(3)),
                    title: row.string(4), activityTitle: row.string(5), due: Day(row.string(6)) ?? asOf)
            }
            let overdue = shown.late.compactMap { details[$0] }, dueSoon = shown.soon.compactMap { details[$0] }
            let (overdueCount, dueSoonCount) = (late.count, soon.count)
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
