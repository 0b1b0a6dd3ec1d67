import SQLite

/// The reads behind the reports and listings. Every query answers "as of" a date (`?1`).
extension PlanStore {
    // MARK: - The temporal rules (DESIGN §5), each defined here once

    /// The done/reopened events of `alias`, in the words of the `event_milestone_status` partial
    /// index (SQLite uses a partial index only for a query that repeats its condition).
    static func statusKinds(_ alias: String) -> String { "\(alias).kind IN (\(EventKind.milestoneDone.sql), \(EventKind.milestoneReopened.sql))" }

    /// Milestone `m` is done as of ?1 when its latest done/reopened event effective on or before
    /// ?1 (by date, then as recorded) is "done". This gives the date the run of "done" holding
    /// on ?1 began: the earliest done event on or before ?1 that no reopen on or before ?1
    /// follows; NULL when it is not done then.
    static let doneSinceFromEventsSQL = """
        (SELECT min(d.effective_on) FROM event d
         WHERE d.milestone_id = m.id AND \(statusKinds("d")) AND d.kind = \(EventKind.milestoneDone.sql) AND d.effective_on <= ?1
           AND NOT EXISTS (SELECT 1 FROM event r
                           WHERE r.milestone_id = m.id AND \(statusKinds("r")) AND r.kind = \(EventKind.milestoneReopened.sql)
                             AND r.effective_on <= ?1 AND (r.effective_on, r.id) > (d.effective_on, d.id)))
        """

    /// Milestone `m`'s due date as of ?1: that of its latest reschedule effective on or before ?1
    /// (by date, then as recorded), else its baseline due date.
    static let dueFromEventsSQL = """
        coalesce((SELECT e.details ->> '$.new.due' FROM event e
                  WHERE e.milestone_id = m.id AND e.kind = \(EventKind.milestoneEdited.sql) AND e.effective_on <= ?1
                    AND e.details ->> '$.new.due' IS NOT NULL
                  ORDER BY e.effective_on DESC, e.id DESC LIMIT 1), m.baseline_due)
        """

    /// The same two rules answered from the milestone row where it can: the row keeps both at the
    /// end of time (done_on, due_on from due_since), computed by the rules above when it is
    /// stored, and the events are read only for a milestone with more than one done/reopened
    /// event, or asked about a date before the latest of two or more reschedules.
    static let doneSinceAsOfSQL = """
        CASE WHEN m.status_changes <= 1 THEN (CASE WHEN m.done_on <= ?1 THEN m.done_on END)
        ELSE \(doneSinceFromEventsSQL) END
        """
    static let doneAsOfSQL = "(\(doneSinceAsOfSQL)) IS NOT NULL"
    static let dueAsOfSQL = """
        CASE WHEN m.due_since IS NULL OR m.due_since <= ?1 THEN m.due_on
        WHEN m.reschedules = 1 THEN m.baseline_due
        ELSE \(dueFromEventsSQL) END
        """

    /// Activity `a` is in the plan as of ?1: added on or before it (or on every date), and not
    /// cancelled on or before it.
    static let activeAsOfSQL = "((a.added_on IS NULL OR a.added_on <= ?1) AND (a.cancelled_on IS NULL OR a.cancelled_on > ?1))"

    /// Milestone `m` is in the plan as of ?1 (its activity aside): added on or before it (or on
    /// every date), and not dropped on or before it.
    static let milestoneInPlanSQL = "((m.added_on IS NULL OR m.added_on <= ?1) AND (m.dropped_on IS NULL OR m.dropped_on > ?1))"

    /// Version `v` of an activity holds on ?1.
    static let versionAsOfSQL = "((v.valid_from IS NULL OR v.valid_from <= ?1) AND (v.valid_until IS NULL OR v.valid_until > ?1))"

    /// The milestones in the plan as of ?1 with their due date and done state then: `ms`.
    static let milestonesAsOfSQL = """
        (SELECT activity_id, id, number, title, due_on, done_since IS NOT NULL AS done, done_since, baseline_due
         FROM (SELECT m.activity_id, m.id, m.number, m.title, (\(dueAsOfSQL)) AS due_on, (\(doneSinceAsOfSQL)) AS done_since,
                      m.baseline_due
               FROM milestone m WHERE \(milestoneInPlanSQL)))
        """

    /// The agenda points of the activities in the plan as of ?1, with each activity's version then: `x`
    /// (point, activity_id, version_id, lead_agency_id).
    static let agendaAsOfSQL = """
        (SELECT x.point, a.id AS activity_id, v.id AS version_id, v.lead_agency_id
         FROM activity a JOIN activity_version v ON v.activity_id = a.id AND \(versionAsOfSQL)
         JOIN version_agenda x ON x.version_id = v.id WHERE \(activeAsOfSQL))
        """

    // MARK: - Report

    /// The report's statements: ?1 is the date, ?2 a group id or NULL (and ?3, for the
    /// indicators, NULL). The benchmark's floor runs exactly these (`bench/report.sql`).
    static let reportActivitiesSQL = """
        SELECT a.group_id, count(*) FROM activity a
        WHERE \(activeAsOfSQL) AND (?2 IS NULL OR a.group_id = ?2)
        GROUP BY a.group_id
        """
    static let reportMilestonesSQL = """
        SELECT a.group_id, count(*), total(ms.done), total(NOT ms.done AND ms.due_on < ?1)
        FROM activity a
        JOIN \(milestonesAsOfSQL) ms ON ms.activity_id = a.id
        WHERE \(activeAsOfSQL) AND (?2 IS NULL OR a.group_id = ?2)
        GROUP BY a.group_id
        """
    static let reportGroupsSQL = "SELECT id, code, name, kind FROM work_group WHERE (?2 IS NULL OR id = ?2) ORDER BY id"
    /// The two counting statements for one group (?2 given): its filter a plain equality, which
    /// SQLite answers from the activities' (group_id, number) index, where `(?2 IS NULL OR …)`
    /// reads every activity and milestone of the plan (0.5 s for one group of a million-milestone
    /// plan). The whole plan's report runs the statements above, the floor's.
    static let reportActivitiesOfGroupSQL = oneGroup(reportActivitiesSQL)
    static let reportMilestonesOfGroupSQL = oneGroup(reportMilestonesSQL)

    private static func oneGroup(_ sql: String) -> String {
        sql.replacing("AND (?2 IS NULL OR a.group_id = ?2)", with: "AND a.group_id = ?2")
    }
    static let isSampleSQL = "SELECT 1 FROM plan_setting WHERE key = 'sample' AND value = 'true'"

    /// Every statement `report` runs, in order.
    public static var reportSQL: [String] {
        [reportActivitiesSQL, reportMilestonesSQL, indicatorStatesSQL, reportGroupsSQL, engagementSQL, isSampleSQL, chairAsOfSQL]
    }

    /// The per-group progress report as of `asOf`, for every group or just `group`, with the
    /// chair then, the engagement of stakeholders beyond the GMG, and the coverage of `frameworks`.
    public func report(asOf: Day, group: String? = nil, frameworks: [String] = []) throws -> Report {
        try read {
            let only = try group.map { try groupRow($0).id }
            let parameters: [SQLiteValue] = [.text(asOf.description), only.map { .integer($0) } ?? .null]
            var activities: [Int64: Int] = [:]
            try db.cachedStatement(only == nil ? PlanStore.reportActivitiesSQL : PlanStore.reportActivitiesOfGroupSQL)
                .forEachRow(parameters) { activities[$0.int64(0)] = $0.int(1) }
            var milestones: [Int64: ProgressCounts] = [:]
            try db.cachedStatement(only == nil ? PlanStore.reportMilestonesSQL : PlanStore.reportMilestonesOfGroupSQL)
                .forEachRow(parameters) { row in
                milestones[row.int64(0)] = ProgressCounts(milestones: row.int(1), milestonesDone: row.int(2),
                                                          overdue: row.int(3))
            }
            var indicators: [Int64: IndicatorTally] = [:]
            for (state, groupID) in try indicatorStates(asOf: asOf, groupID: only) {
                indicators[groupID, default: IndicatorTally()].add(state)
            }
            let groups = try db.cachedStatement(PlanStore.reportGroupsSQL).map(parameters) { row -> GroupProgress in
                let id = row.int64(0)
                var progress = milestones[id] ?? ProgressCounts()
                progress.activities = activities[id] ?? 0
                return GroupProgress(code: row.string(1), name: row.string(2),
                                     kind: GroupKind(rawValue: row.string(3)) ?? .workingGroup, progress: progress,
                                     indicators: indicators[id] ?? IndicatorTally())
            }
            let engagement = try engagement(asOf: asOf, groupID: parameters[1],
                                            groups: groups.map { ($0.code, $0.name, $0.progress.activities) })
            let coverage = try frameworks.map { try frameworkCoverage(of: $0, asOf: asOf, group: group) }
            return Report(asOf: asOf, groups: groups, isSample: try isSample(), chair: try chair(asOf: asOf),
                          engagement: engagement, coverage: coverage)
        }
    }

    // MARK: - Groups, agencies, agenda

    public func groups(asOf: Day) throws -> [GroupSummary] {
        try read {
            let leads = try groupLeads()
            return try db.cachedStatement("""
                SELECT g.id, g.code, g.kind, g.name,
                       (SELECT count(*) FROM activity a WHERE a.group_id = g.id AND \(PlanStore.activeAsOfSQL))
                FROM work_group g ORDER BY g.id
                """).map([.text(asOf.description)]) { row in
                GroupSummary(group: Group(code: row.string(1), kind: GroupKind(rawValue: row.string(2)) ?? .workingGroup,
                                          name: row.string(3), leads: leads[row.int64(0)] ?? []),
                             activities: row.int(4))
            }
        }
    }

    /// One group with its activities as of `asOf`.
    public func group(_ code: String, asOf: Day) throws -> (GroupSummary, [ActivitySummary]) {
        try read {
            let row = try groupRow(code)
            let leads = try groupLeads()[row.id] ?? []
            let activities = try activitySummaries(asOf: asOf, groupID: row.id, agencyID: nil)
            let active = activities.filter { $0.status != .cancelled }.count
            return (GroupSummary(group: Group(code: row.code, kind: row.kind, name: row.name, leads: leads), activities: active),
                    activities)
        }
    }

    private func groupLeads() throws -> [Int64: [GroupLead]] {
        var leads: [Int64: [GroupLead]] = [:]
        try db.cachedStatement("""
            SELECT l.group_id, a.code, l.role FROM group_lead l JOIN agency a ON a.id = l.agency_id
            ORDER BY l.group_id, l.position
            """).forEachRow { row in
            leads[row.int64(0), default: []].append(GroupLead(agency: row.string(1), role: LeadRole(rawValue: row.string(2)) ?? .chair))
        }
        return leads
    }

    public func agencies(asOf: Day) throws -> [AgencySummary] {
        try read {
            var groupsLed: [String: [String]] = [:]
            try db.cachedStatement("""
                SELECT a.code, g.code FROM group_lead l JOIN agency a ON a.id = l.agency_id
                JOIN work_group g ON g.id = l.group_id ORDER BY g.id
                """).forEachRow { groupsLed[$0.string(0), default: []].append($0.string(1)) }
            return try db.cachedStatement("""
                SELECT ag.code, ag.name, ag.kind,
                       (SELECT count(*) FROM activity_version v JOIN activity a ON a.id = v.activity_id
                        WHERE v.lead_agency_id = ag.id AND \(PlanStore.versionAsOfSQL) AND \(PlanStore.activeAsOfSQL)),
                       (SELECT count(*) FROM version_partner p JOIN activity_version v ON v.id = p.version_id
                        JOIN activity a ON a.id = v.activity_id
                        WHERE p.agency_id = ag.id AND \(PlanStore.versionAsOfSQL) AND \(PlanStore.activeAsOfSQL))
                FROM agency ag ORDER BY ag.code
                """).map([.text(asOf.description)]) { row in
                let code = row.string(0)
                return AgencySummary(agency: Agency(code: code, name: row.string(1), kind: AgencyKind(rawValue: row.string(2)) ?? .other),
                                     groupsLed: groupsLed[code] ?? [], activitiesLed: row.int(3), activitiesAsPartner: row.int(4))
            }
        }
    }

    /// The eight agenda points with the activities (not cancelled as of `asOf`) that serve each.
    public func agenda(asOf: Day) throws -> [AgendaCoverage] {
        try read {
            var groups: [Int: [String]] = [:]
            try db.cachedStatement("""
                SELECT DISTINCT x.point, g.code FROM \(PlanStore.agendaAsOfSQL) x
                JOIN activity a ON a.id = x.activity_id JOIN work_group g ON g.id = a.group_id
                ORDER BY x.point, g.id
                """).forEachRow([.text(asOf.description)]) { groups[$0.int(0), default: []].append($0.string(1)) }
            var agencies: [Int: [String]] = [:]
            try db.cachedStatement("""
                SELECT x.point, ag.code FROM \(PlanStore.agendaAsOfSQL) x
                JOIN agency ag ON ag.id = x.lead_agency_id
                UNION
                SELECT x.point, ag.code FROM \(PlanStore.agendaAsOfSQL) x
                JOIN version_partner p ON p.version_id = x.version_id JOIN agency ag ON ag.id = p.agency_id
                ORDER BY 1, 2
                """).forEachRow([.text(asOf.description)]) { agencies[$0.int(0), default: []].append($0.string(1)) }
            return try db.cachedStatement("""
                SELECT p.number, p.title,
                       (SELECT count(*) FROM \(PlanStore.agendaAsOfSQL) x WHERE x.point = p.number)
                FROM agenda_point p ORDER BY p.number
                """).map([.text(asOf.description)]) { row in
                AgendaCoverage(point: AgendaPoint(number: row.int(0), title: row.string(1)), activities: row.int(2),
                               groups: groups[row.int(0)] ?? [], agencies: agencies[row.int(0)] ?? [])
            }
        }
    }

    // MARK: - Activities

    /// Which activities `activities(…)` lists.
    public struct ActivityFilter: Sendable {
        public var group: String?
        /// Canonical agency code: the activities it leads or partners in.
        public var agency: String?
        public var status: ActivityStatus?
        public var overdueOnly: Bool
        /// With each activity's partners and framework links (false: empty, for a list that
        /// does not show them and should not read them).
        public var partnersAndLinks: Bool

        public init(group: String? = nil, agency: String? = nil, status: ActivityStatus? = nil, overdueOnly: Bool = false,
                    partnersAndLinks: Bool = true) {
            self.group = group
            self.agency = agency
            self.status = status
            self.overdueOnly = overdueOnly
            self.partnersAndLinks = partnersAndLinks
        }
    }

    public func activities(_ filter: ActivityFilter, asOf: Day) throws -> [ActivitySummary] {
        try read {
            let groupID = try filter.group.map { try groupRow($0).id }
            let agencyID = try filter.agency.map(agencyID)
            return try activitySummaries(asOf: asOf, groupID: groupID, agencyID: agencyID, partnersAndLinks: filter.partnersAndLinks).filter { summary in
                (filter.status.map { summary.status == $0 } ?? true) && (!filter.overdueOnly || summary.progress.overdue > 0)
            }
        }
    }

    /// `column = ?n` when `value` is given, else `?n IS NULL` (true, the parameter still named):
    /// SQLite uses an index for a plain equality, never for `(?n IS NULL OR column = ?n)`, which
    /// at a million milestones made one activity's page read the whole plan. The text is one of
    /// two constants for each call site, so each variant is prepared once and kept.
    static func equals(_ column: String, _ n: Int, given: Bool) -> String {
        given ? "\(column) = ?\(n)" : "?\(n) IS NULL"
    }

    /// The activities whose version `version` (by default the one holding on ?1) names agency ?N
    /// as lead or partner: found from the agencies' indexes on versions and partners, so that one
    /// agency's list reads its own activities, not the whole plan's (0.5 s at a million milestones).
    static func ofAgencySQL(_ n: Int, version: String = versionAsOfSQL) -> String { """
        a.id IN (SELECT v.activity_id FROM activity_version v WHERE v.lead_agency_id = ?\(n) AND \(version)
                 UNION SELECT v.activity_id FROM version_partner p JOIN activity_version v ON v.id = p.version_id
                 WHERE p.agency_id = ?\(n) AND \(version))
        """
    }

    private func activitySummaries(asOf: Day, groupID: Int64?, agencyID: Int64?, activityID: Int64? = nil,
                                   partnersAndLinks: Bool = true) throws -> [ActivitySummary] {
        // ?1 the date, ?2 a group id, ?3 an agency id, ?4 an activity id (each NULL when not asked).
        let parameters: [SQLiteValue] = [.text(asOf.description), groupID.map { .integer($0) } ?? .null, agencyID.map { .integer($0) } ?? .null,
                                         activityID.map { .integer($0) } ?? .null]
        let inScope = "\(PlanStore.equals("a.group_id", 2, given: groupID != nil)) AND "
            + (agencyID != nil ? PlanStore.ofAgencySQL(3) : "?3 IS NULL") + " AND \(PlanStore.equals("a.id", 4, given: activityID != nil))"
        // The partners and links of the versions holding on ?1, of the activities asked for.
        var partners: [Int64: [Agency]] = [:], links: [Int64: [PointRef]] = [:]
        if partnersAndLinks {
            try db.cachedStatement("""
                SELECT v.activity_id, ag.code, ag.name, ag.kind FROM activity a JOIN activity_version v ON v.activity_id = a.id AND \(PlanStore.versionAsOfSQL)
                JOIN version_partner p ON p.version_id = v.id JOIN agency ag ON ag.id = p.agency_id
                WHERE \(inScope) ORDER BY v.activity_id, ag.code
                """).forEachRow(parameters) { row in
                partners[row.int64(0), default: []].append(Agency(code: row.string(1), name: row.string(2),
                                                                  kind: AgencyKind(rawValue: row.string(3)) ?? .other))
            }
            try db.cachedStatement("""
                SELECT v.activity_id, f.name, p.code FROM activity a JOIN activity_version v ON v.activity_id = a.id AND \(PlanStore.versionAsOfSQL)
                JOIN version_link k ON k.version_id = v.id JOIN framework_point p ON p.id = k.point_id
                JOIN framework f ON f.id = p.framework_id AND f.name <> 'agenda'
                WHERE \(inScope) ORDER BY v.activity_id, f.id, p.position
                """).forEachRow(parameters) { row in
                links[row.int64(0), default: []].append(PointRef(framework: row.string(1), code: row.string(2)))
            }
        }
        return try db.cachedStatement("""
            SELECT g.code AS "group", a.number, a.title, l.code AS lead, v.start_on, v.end_on, a.cancelled_on,
                   count(ms.activity_id) AS milestones, total(ms.done) AS done, total(NOT ms.done AND ms.due_on < ?1) AS overdue,
                   min(CASE WHEN NOT ms.done THEN ms.due_on END) AS nextDue, a.id
            FROM activity a
            JOIN work_group g ON g.id = a.group_id
            LEFT JOIN activity_version v ON v.activity_id = a.id AND \(PlanStore.versionAsOfSQL)
            LEFT JOIN agency l ON l.id = v.lead_agency_id
            LEFT JOIN \(PlanStore.milestonesAsOfSQL) ms ON ms.activity_id = a.id
            WHERE \(inScope) AND \(activityID != nil ? "1" : "(a.added_on IS NULL OR a.added_on <= ?1)")
            GROUP BY a.id
            ORDER BY g.id, a.number
            """).map(parameters) { row in
            let start = row.optionalString("start_on").flatMap(Day.init)
            let cancelledOn = row.optionalString("cancelled_on").flatMap(Day.init)
            let milestones = row.int("milestones")
            let done = row.int("done")
            let status = ActivityStatus.of(cancelledOn: cancelledOn, start: start, milestones: milestones, done: done, asOf: asOf)
            // A cancelled activity and its milestones are out of the progress counts.
            let progress = status == .cancelled
                ? ProgressCounts(activities: 0)
                : ProgressCounts(activities: 1, milestones: milestones, milestonesDone: done, overdue: row.int("overdue"))
            let id = row.int64("id")
            return ActivitySummary(ref: ActivityRef(group: row.string("group"), number: row.int("number")), title: row.string("title"),
                                   lead: row.optionalString("lead"), start: start, end: row.optionalString("end_on").flatMap(Day.init),
                                   cancelledOn: cancelledOn, status: status, progress: progress,
                                   nextDue: status == .cancelled ? nil : row.optionalString("nextDue").flatMap(Day.init),
                                   partners: partners[id] ?? [], links: links[id] ?? [])
        }
    }

    /// One activity with its milestones, as of `asOf`.
    public func activity(_ ref: ActivityRef, asOf: Day) throws -> ActivityDetail {
        try read {
            let row = try activityRow(ref)
            guard let summary = try activitySummaries(asOf: asOf, groupID: row.groupID, agencyID: nil, activityID: row.id).first else {
                throw PlanError.unknownActivity(ref, last: nil)
            }
            let (groupName, description) = try db.cachedStatement("""
                SELECT g.name, a.description FROM activity a JOIN work_group g ON g.id = a.group_id WHERE a.id = ?1
                """).first([.integer(row.id)]) { ($0.string(0), $0.optionalString(1)) } ?? ("", nil)
            let partners = try db.cachedStatement("""
                SELECT ag.code FROM activity_version v JOIN version_partner p ON p.version_id = v.id
                JOIN agency ag ON ag.id = p.agency_id
                WHERE v.activity_id = ?2 AND \(PlanStore.versionAsOfSQL) ORDER BY ag.code
                """).map([.text(asOf.description), .integer(row.id)]) { $0.string(0) }
            let agenda = try db.cachedStatement("""
                SELECT p.number, p.title FROM activity_version v JOIN version_agenda x ON x.version_id = v.id
                JOIN agenda_point p ON p.number = x.point
                WHERE v.activity_id = ?2 AND \(PlanStore.versionAsOfSQL) ORDER BY p.number
                """).map([.text(asOf.description), .integer(row.id)]) { AgendaPoint(number: $0.int(0), title: $0.string(1)) }
            let versionID = try db.cachedStatement("SELECT v.id FROM activity_version v WHERE v.activity_id = ?2 AND \(PlanStore.versionAsOfSQL)")
                .first([.text(asOf.description), .integer(row.id)]) { $0.int64(0) }
            let links = try versionID.map { try self.links(versionID: $0) } ?? []
            let note = try db.cachedStatement("""
                SELECT note FROM event WHERE activity_id = ?1 AND kind = \(EventKind.activityCancelled.sql) ORDER BY id DESC LIMIT 1
                """).first([.integer(row.id)]) { $0.optionalString(0) } ?? nil
            let states = try db.cachedStatement("""
                SELECT ms.number, ms.title, ms.due_on, ms.done_since FROM \(PlanStore.milestonesAsOfSQL) ms
                WHERE ms.activity_id = ?2 ORDER BY ms.number
                """).map([.text(asOf.description), .integer(row.id)]) { row -> MilestoneState in
                let due = row.optionalString(2).flatMap(Day.init), since = row.optionalString(3).flatMap(Day.init)
                return MilestoneState(ref: MilestoneRef(activity: ref, number: row.int(0)), title: row.string(1), due: due,
                                      done: since != nil, doneOn: since, overdue: since == nil && (due.map { $0 < asOf } ?? false))
            }
            return ActivityDetail(summary: summary, groupName: groupName, description: description, partners: partners,
                                  agenda: agenda, links: links, cancellationNote: note, milestones: states,
                                  indicators: try indicatorStates(asOf: asOf, activityID: row.id).map(\.0),
                                  history: try history(activityID: row.id))
        }
    }
}
