import SQLite

/// The rules of what needs attention (DESIGN §11), said once: what is "due soon", which
/// milestones are an agency's, which updates it owes.
extension PlanStore {
    /// A milestone due within this many days from today is due soon.
    public static let dueSoonDays = 14

    /// The milestones of activities `agency` leads or partners in now (their current version;
    /// not cancelled), not done and not dropped, due before ?2: the day after the horizon.
    static let agendaMilestonesSQL = """
        SELECT g.code AS "group", a.number AS activityNumber, m.number, m.title, a.title AS activityTitle, m.due_on
        FROM milestone m JOIN activity a ON a.id = m.activity_id JOIN work_group g ON g.id = a.group_id
        JOIN activity_version v ON v.activity_id = a.id AND v.valid_until IS NULL
        JOIN agency x ON x.code = ?1
        WHERE m.due_on IS NOT NULL AND m.due_on < ?2 AND m.done_on IS NULL AND m.dropped_on IS NULL AND a.cancelled_on IS NULL
          AND (v.lead_agency_id = x.id OR EXISTS (SELECT 1 FROM version_partner p WHERE p.version_id = v.id AND p.agency_id = x.id))
        ORDER BY m.due_on, g.id, a.number, m.number
        """

    /// The periods whose updates can be owed on `asOf`: open (not locked) and begun.
    static let owingPeriodsSQL = "SELECT \(periodColumns) FROM reporting_period WHERE locked = 0 AND from_on <= ?1 ORDER BY from_on, code"

    /// What `agency` has to hear about on `asOf` (``AgencyAgenda``).
    public func agenda(agency: String, asOf: Day) throws -> AgencyAgenda {
        try read {
            _ = try agencyID(agency)
            let horizon = Day(dayNumber: asOf.dayNumber + PlanStore.dueSoonDays + 1) ?? asOf
            let milestones = try db.cachedStatement(PlanStore.agendaMilestonesSQL).map([.text(agency), .text(horizon.description)]) { row in
                AgendaMilestone(ref: MilestoneRef(activity: ActivityRef(group: row.string("group"), number: row.int("activityNumber")), number: row.int("number")),
                                title: row.string("title"), activityTitle: row.string("activityTitle"), due: Day(row.string("due_on")) ?? asOf)
            }
            var owed: [OwedUpdate] = []
            for period in try db.cachedStatement(PlanStore.owingPeriodsSQL).map([.text(asOf.description)], PlanStore.periodRow) {
                let parameters = PlanStore.reportingParameters(period, group: nil, activity: nil, lead: agency)
                for activity in try periodActivities(parameters, period: period.period.code) where activity.update.state.isOwed {
                    owed.append(OwedUpdate(period: period.period, activity: activity.ref, title: activity.title, state: activity.update.state))
                }
            }
            return AgencyAgenda(agency: agency, asOf: asOf, overdue: milestones.filter { $0.due < asOf }, dueSoon: milestones.filter { $0.due >= asOf },
                                owed: owed)
        }
    }
}
