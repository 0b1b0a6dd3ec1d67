import SQLite

/// The reporting cycle's questions: an update with its facts, who owes what, and the compiled
/// report of a period. The facts are computed from the log for the period's dates.
extension PlanStore {
    /// The statements' parameters: ?1 the period's last day, ?2 a group id or NULL, ?3 the
    /// period's first day, ?4 an activity id or NULL, ?5 the period's id, ?6 a lead agency's code or NULL.
    static func reportingParameters(_ period: PeriodRow, group: Int64?, activity: Int64?, lead: String?) -> [SQLiteValue] {
        [.text(period.period.to.description), group.map { .integer($0) } ?? .null, .text(period.period.from.description),
         activity.map { .integer($0) } ?? .null, .integer(period.id), .nullable(lead)]
    }

    /// The activities a period reports on: in the plan at some time within it (added by its
    /// end, not cancelled before its start), of group ?2 where `group` (found by the group's
    /// index, not by a scan of every activity: `?2 IS NULL` stands where it is not given); with
    /// `one`, activity ?4 alone (found by its key).
    static func periodScopeSQL(one: Bool, group: Bool = false) -> String {
        (one ? "a.id = ?4 AND " : "") + """
            (a.added_on IS NULL OR a.added_on <= ?1) AND (a.cancelled_on IS NULL OR a.cancelled_on > ?3)
            AND \(group ? "a.group_id = ?2" : "(?2 IS NULL OR a.group_id = ?2)")
            """
    }

    /// The activities in scope with their group, their lead at the period's end (of lead ?6
    /// where `lead`: those found from the agency's index on versions) and their update for period ?5.
    static func periodActivitiesSQL(one: Bool, group: Bool = false, lead: Bool = false) -> String { """
        SELECT a.id, g.code AS "group", a.number, a.title, l.code AS lead, \(updateColumns)
        FROM activity a JOIN work_group g ON g.id = a.group_id
        LEFT JOIN activity_version v ON v.activity_id = a.id AND \(versionAsOfSQL)
        LEFT JOIN agency l ON l.id = v.lead_agency_id
        LEFT JOIN progress_update u ON u.activity_id = a.id AND u.period_id = ?5
        WHERE \(periodScopeSQL(one: one, group: group)) AND \(lead ? """
            l.code = ?6 AND a.id IN (SELECT v.activity_id FROM activity_version v JOIN agency x ON x.id = v.lead_agency_id
                                     WHERE x.code = ?6 AND \(versionAsOfSQL))
            """ : "(?6 IS NULL OR l.code = ?6)")
        ORDER BY g.id, a.number
        """
    }

    /// The milestone facts, each row: the activity's id, the milestone's number and title, its
    /// due date at the period's end, and the date of the fact (or NULL).
    static func factStatements(one: Bool, group: Bool = false) -> [(PeriodFacts.Kind, String)] {
        let periodScopeSQL = periodScopeSQL(one: one, group: group)
        return [
        (.due, "SELECT ms.activity_id, ms.number, ms.title, ms.due_on, NULL FROM activity a JOIN \(milestonesAsOfSQL) ms ON ms.activity_id = a.id "
            + "WHERE \(periodScopeSQL) AND ms.due_on BETWEEN ?3 AND ?1 ORDER BY a.id, ms.number"),
        (.done, "SELECT ms.activity_id, ms.number, ms.title, ms.due_on, ms.done_since FROM activity a JOIN \(milestonesAsOfSQL) ms "
            + "ON ms.activity_id = a.id WHERE \(periodScopeSQL) AND ms.done_since BETWEEN ?3 AND ?1 ORDER BY a.id, ms.number"),
        (.overdue, "SELECT ms.activity_id, ms.number, ms.title, ms.due_on, NULL FROM activity a JOIN \(milestonesAsOfSQL) ms "
            + "ON ms.activity_id = a.id WHERE \(periodScopeSQL) AND NOT ms.done AND ms.due_on < ?1 ORDER BY a.id, ms.number"),
        (.rescheduled, """
            SELECT m.activity_id, m.number, m.title, (\(dueAsOfSQL)), max(e.effective_on)
            FROM activity a JOIN milestone m ON m.activity_id = a.id
            JOIN event e ON e.milestone_id = m.id AND e.kind = \(EventKind.milestoneEdited.sql) AND e.details ->> '$.new.due' IS NOT NULL
                         AND e.effective_on BETWEEN ?3 AND ?1
            WHERE \(periodScopeSQL) AND \(milestoneInPlanSQL) GROUP BY m.id ORDER BY a.id, m.number
            """),
        (.dropped, "SELECT m.activity_id, m.number, m.title, (\(dueAsOfSQL)), m.dropped_on FROM activity a JOIN milestone m "
            + "ON m.activity_id = a.id WHERE \(periodScopeSQL) AND m.dropped_on BETWEEN ?3 AND ?1 ORDER BY a.id, m.number"),
        ]
    }

    /// Indicator values recorded within the period: the activity's id, the indicator's number
    /// and title, the value and its date.
    static func factValuesSQL(one: Bool, group: Bool = false) -> String { """
        SELECT i.activity_id, i.number, i.title, json_extract(e.details, '$.value'), e.effective_on
        FROM activity a JOIN indicator i ON i.activity_id = a.id
        JOIN event e ON e.indicator_id = i.id AND e.kind = \(EventKind.indicatorRecorded.sql) AND e.effective_on BETWEEN ?3 AND ?1
        WHERE \(periodScopeSQL(one: one, group: group)) ORDER BY a.id, i.number, e.effective_on, e.id
        """
    }

    /// Every statement a period's report runs, in order (the benchmark's floor runs these).
    public static var periodReportSQL: [String] {
        [periodActivitiesSQL(one: false)] + factStatements(one: false).map(\.1) + [factValuesSQL(one: false), reportGroupsSQL, isSampleSQL]
    }

    /// The parameters a statement names (the first ones; each statement uses ?1 to ?N).
    private static func used(_ parameters: [SQLiteValue], by statement: Statement) -> [SQLiteValue] {
        Array(parameters.prefix(Int(statement.parameterCount)))
    }

    struct PeriodActivity {
        let id: Int64
        let ref: ActivityRef
        let title: String
        let lead: String?
        let update: ProgressUpdate
    }

    func periodActivities(_ parameters: [SQLiteValue], period: String) throws -> [PeriodActivity] {
        let sql = PlanStore.periodActivitiesSQL(one: parameters[3] != .null, group: parameters[1] != .null, lead: parameters[5] != .null)
        return try db.cachedStatement(sql).map(parameters) { row in
            let ref = ActivityRef(group: row.string("group"), number: row.int("number"))
            return PeriodActivity(id: row.int64("id"), ref: ref, title: row.string("title"), lead: row.optionalString("lead"),
                                  update: row.isNull("state") ? .missing(ref, period: period) : PlanStore.update(row, ref: ref, period: period))
        }
    }

    /// The facts of every activity in scope, by activity id.
    private func facts(_ parameters: [SQLiteValue], refs: [Int64: ActivityRef]) throws -> [Int64: PeriodFacts] {
        var facts: [Int64: PeriodFacts] = [:]
        let one = parameters[3] != .null, group = parameters[1] != .null
        for (kind, sql) in PlanStore.factStatements(one: one, group: group) {
            let statement = try db.cachedStatement(sql)
            try statement.forEachRow(PlanStore.used(parameters, by: statement)) { row in
                let id = row.int64(0)
                guard let activity = refs[id] else { return }
                facts[id, default: PeriodFacts()][kind].append(FactMilestone(
                    ref: MilestoneRef(activity: activity, number: row.int(1)), title: row.string(2),
                    due: row.optionalString(3).flatMap(Day.init), on: row.optionalString(4).flatMap(Day.init)))
            }
        }
        let values = try db.cachedStatement(PlanStore.factValuesSQL(one: one, group: group))
        try values.forEachRow(PlanStore.used(parameters, by: values)) { row in
            let id = row.int64(0)
            guard let activity = refs[id], let value = PlanStore.indicatorValue(row.value(3)), let on = Day(row.string(4)) else { return }
            facts[id, default: PeriodFacts()].values.append(FactValue(
                indicator: IndicatorRef(activity: activity, number: row.int(1)), title: row.string(2), value: value.description, on: on))
        }
        return facts
    }

    /// `ref`'s update for the period, with the activity and the period's facts.
    public func update(_ ref: ActivityRef, period code: String) throws -> UpdateWithFacts {
        try read {
            let period = try periodRow(code)
            let activity = try activityRow(ref)
            let parameters = PlanStore.reportingParameters(period, group: nil, activity: activity.id, lead: nil)
            // An activity outside the period (added after it, or cancelled before it) still shows its update.
            let row = try periodActivities(parameters, period: code).first
            let title = try row?.title ?? db.cachedStatement("SELECT title FROM activity WHERE id = ?1").first([.integer(activity.id)]) { $0.string(0) } ?? ""
            let facts = try self.facts(parameters, refs: [activity.id: ref])[activity.id] ?? PeriodFacts()
            return UpdateWithFacts(period: period.period, activityTitle: title, lead: row?.lead, group: ref.group,
                                   update: try row?.update ?? storedUpdate(ref, activityID: activity.id, period: period), facts: facts)
        }
    }

    /// Who owes what in a period: each activity in scope (of `group`, led by `agency`) with its
    /// update's state, counted against the deadline from `today`.
    public func periodStatus(_ code: String, group: String? = nil, agency: String? = nil, today: Day) throws -> PeriodStatus {
        try read {
            let period = try periodRow(code)
            let groupID = try group.map { try groupRow($0).id }
            if let agency { _ = try agencyID(agency) }
            let rows = try periodActivities(PlanStore.reportingParameters(period, group: groupID, activity: nil, lead: agency), period: code)
                .map { PeriodStatus.Row(activity: $0.ref, title: $0.title, lead: $0.lead, state: $0.update.state, status: $0.update.status) }
            return PeriodStatus(period: period.period, today: today, rows: rows)
        }
    }

    /// The compiled report of a period: every group (or `group`), its activities with their
    /// approved updates (and with `includePending` the others, marked by their state) and facts.
    public func periodReport(_ code: String, group: String? = nil, includePending: Bool = false) throws -> PeriodReport {
        try read {
            let period = try periodRow(code)
            let groupID = try group.map { try groupRow($0).id }
            let parameters = PlanStore.reportingParameters(period, group: groupID, activity: nil, lead: nil)
            let activities = try periodActivities(parameters, period: code)
            let facts = try self.facts(parameters, refs: Dictionary(uniqueKeysWithValues: activities.map { ($0.id, $0.ref) }))
            let byGroup = Dictionary(grouping: activities, by: \.ref.group)
            let groups = try db.prepare(PlanStore.reportGroupsSQL).map([.null, groupID.map { .integer($0) } ?? .null]) { row in
                let code = row.string("code")
                let entries = (byGroup[code] ?? []).map { activity in
                    let shown = activity.update.state == .approved || (includePending && activity.update.state != .missing)
                    return PeriodReport.Entry(activity: activity.ref, title: activity.title, lead: activity.lead, state: activity.update.state,
                                              update: shown ? activity.update : nil, facts: facts[activity.id] ?? PeriodFacts())
                }
                return PeriodReport.GroupPart(code: code, name: row.string("name"), kind: GroupKind(rawValue: row.string("kind")) ?? .workingGroup,
                                              entries: entries)
            }
            let isSample = try db.scalarInt(PlanStore.isSampleSQL) != nil
            return PeriodReport(period: period.period, groups: groups, includePending: includePending, isSample: isSample)
        }
    }
}

/// A submitted update waiting for a review (the `/reviews` page).
public struct PendingReview: Hashable, Sendable {
    public let period: ReportingPeriod
    public let activity: ActivityRef
    public let title: String
    public let submittedBy: String?
}

extension PlanStore {
    /// The submitted updates of open periods that `who` may review (``Action/reviewUpdate(_:)``,
    /// the one rule), without those they submitted themselves: by period, group and activity.
    public func updatesAwaitingReview(by who: Authenticated) throws -> [PendingReview] {
        try read {
            let groups = try reviewableGroups(who)
            if groups?.isEmpty == true { return [] }
            // From the open periods to their submitted updates (found by the index on period
            // and state); for an editor, from the groups they may review to their activities,
            // not over every update of the period.
            let ids = groups.map { "[" + $0.sorted().map(String.init).joined(separator: ",") + "]" }
            let (joins, scope) = ids == nil
                ? ("CROSS JOIN progress_update u ON u.period_id = p.id AND u.state = 'submitted' JOIN activity a ON a.id = u.activity_id",
                   "?1 IS NULL")
                : ("CROSS JOIN activity a CROSS JOIN progress_update u ON u.activity_id = a.id AND u.period_id = p.id",
                   "a.group_id IN (SELECT value FROM json_each(?1)) AND u.state = 'submitted'")
            return try db.cachedStatement("""
                SELECT p.id, p.code, p.title, p.from_on, p.to_on, p.deadline, p.locked,
                       g.code AS "group", a.number, a.title AS activityTitle, u.submitted_by
                FROM reporting_period p \(joins) JOIN work_group g ON g.id = a.group_id
                WHERE p.locked = 0 AND \(scope)
                ORDER BY p.from_on, p.code, g.id, a.number
                """).map([.nullable(ids)]) { row -> PendingReview? in
                // Not one's own submission. (The period's title is "title": the activity's has its own name.)
                guard row.optionalString("submitted_by") != who.account.name else { return nil }
                return PendingReview(period: PlanStore.periodRow(row).period, activity: ActivityRef(group: row.string("group"), number: row.int("number")),
                                     title: row.string("activityTitle"), submittedBy: row.optionalString("submitted_by"))
            }.compactMap { $0 }
        }
    }

    /// The period an activity's page shows the update of: `code` when given, else the open
    /// period that began last, else the period that began last (nil: there is none).
    public func periodToShow(_ code: String?) throws -> ReportingPeriod? {
        let periods = try self.periods()
        if let code { return try period(code) }
        return periods.last { !$0.locked } ?? periods.last
    }
}
