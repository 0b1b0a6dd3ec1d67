import SQLite

extension PlanStore {
    /// Every activity with what publishing needs, as of `asOf`.
    public func publishedActivities(asOf: Day) throws -> [PublishedActivity] {
        try read {
            var agencies: [String: Agency] = [:]
            try db.cachedStatement("SELECT code, name, kind FROM agency").forEachRow {
                agencies[$0.string(0)] = Agency(code: $0.string(0), name: $0.string(1), kind: AgencyKind(rawValue: $0.string(2)) ?? .other)
            }
            func agency(_ code: String) -> Agency { agencies[code] ?? Agency(code: code, name: code, kind: .other) }
            var frameworkPoints: [PointRef: FrameworkPoint] = [:]
            try db.cachedStatement("""
                SELECT f.name, p.code, p.title, p.description, p.section FROM framework_point p JOIN framework f ON f.id = p.framework_id
                """).forEachRow { row in
                let ref = PointRef(framework: row.string(0), code: row.string(1))
                frameworkPoints[ref] = FrameworkPoint(ref: ref, title: row.string(2), description: row.optionalString(3),
                                                      section: row.optionalString(4))
            }
            var leads: [String: [Agency]] = [:]
            try db.cachedStatement("""
                SELECT g.code, a.code FROM group_lead l JOIN work_group g ON g.id = l.group_id JOIN agency a ON a.id = l.agency_id
                ORDER BY l.group_id, l.position
                """).forEachRow { leads[$0.string(0), default: []].append(agency($0.string(1))) }
            var indicators: [ActivityRef: [IndicatorState]] = [:]
            for (state, _) in try indicatorStatesIncludingCancelled(asOf: asOf) {
                indicators[state.ref.activity, default: []].append(state)
            }
            var updates: [ActivityRef: [(period: ReportingPeriod, update: ProgressUpdate)]] = [:]
            try db.cachedStatement("""
                SELECT p.id, p.code, p.title, p.from_on, p.to_on, p.deadline, p.locked, g.code AS "group", a.number, \(PlanStore.updateColumns)
                FROM progress_update u JOIN reporting_period p ON p.id = u.period_id
                JOIN activity a ON a.id = u.activity_id JOIN work_group g ON g.id = a.group_id
                WHERE u.state = 'approved' AND p.from_on <= ?1 ORDER BY p.from_on, p.code
                """).forEachRow([.text(asOf.description)]) { row in
                let ref = ActivityRef(group: row.string("group"), number: row.int("number"))
                let period = PlanStore.periodRow(row).period
                updates[ref, default: []].append((period, PlanStore.update(row, ref: ref, period: period.code)))
            }
            let summaries = try activities(ActivityFilter(), asOf: asOf)
            let details = try db.cachedStatement("""
                SELECT g.code AS "group", a.number, a.description, g.name AS groupName,
                       (SELECT min(e.effective_on) FROM event e WHERE e.activity_id = a.id AND e.kind = \(EventKind.milestoneDone.sql)
                        AND e.effective_on <= ?1) AS firstDone,
                       (SELECT max(m.done_on) FROM milestone m WHERE m.activity_id = a.id AND \(PlanStore.milestoneInPlanSQL)) AS lastDone,
                       (SELECT count(*) FROM \(PlanStore.milestonesAsOfSQL) ms WHERE ms.activity_id = a.id) AS milestones,
                       (SELECT total(ms.done) FROM \(PlanStore.milestonesAsOfSQL) ms WHERE ms.activity_id = a.id) AS milestonesDone,
                       (SELECT max(e.recorded_at) FROM event e WHERE e.activity_id = a.id) AS lastUpdated,
                       (SELECT group_concat(code, ';') FROM (SELECT ag.code FROM version_partner p JOIN agency ag ON ag.id = p.agency_id
                                                             WHERE p.version_id = v.id ORDER BY ag.code)) AS partners,
                       (SELECT group_concat(point, ';') FROM (SELECT point FROM version_agenda x
                                                              WHERE x.version_id = v.id ORDER BY point)) AS agenda
                FROM activity a JOIN work_group g ON g.id = a.group_id
                LEFT JOIN activity_version v ON v.activity_id = a.id AND \(PlanStore.versionAsOfSQL)
                ORDER BY g.id, a.number
                """)
            var points: [Int: AgendaPoint] = [:]
            try db.cachedStatement("SELECT number, title FROM agenda_point").forEachRow {
                points[$0.int(0)] = AgendaPoint(number: $0.int(0), title: $0.string(1))
            }
            var byRef: [ActivityRef: ActivitySummary] = [:]
            for summary in summaries { byRef[summary.ref] = summary }
            return try details.map([.text(asOf.description)]) { row -> PublishedActivity? in
                let ref = ActivityRef(group: row.string("group"), number: row.int("number"))
                guard let summary = byRef[ref] else { return nil }
                let firstDone = row.optionalString("firstDone").flatMap(Day.init)
                let startPassed = summary.start.flatMap { $0 <= asOf ? $0 : nil }
                let actualStart = summary.status == .planned ? nil : [firstDone, startPassed].compactMap { $0 }.min()
                let actualEnd: Day?
                switch summary.status {
                case .completed: actualEnd = row.optionalString("lastDone").flatMap(Day.init)
                case .cancelled: actualEnd = summary.cancelledOn
                default: actualEnd = nil
                }
                let partners = row.optionalString("partners").map { $0.split(separator: ";").map { agency(String($0)) } } ?? []
                let agenda = row.optionalString("agenda").map { $0.split(separator: ";").compactMap { Int($0).flatMap { points[$0] } } } ?? []
                return PublishedActivity(
                    summary: summary, description: row.optionalString("description"), groupName: row.string("groupName"),
                    groupLeads: leads[ref.group] ?? [], lead: summary.lead.map(agency), partners: partners, agenda: agenda,
                    links: summary.links.compactMap { frameworkPoints[$0] },
                    actualStart: actualStart, actualEnd: actualEnd, milestones: row.int("milestones"), milestonesDone: row.int("milestonesDone"),
                    indicators: indicators[ref] ?? [], updates: updates[ref] ?? [], lastUpdated: row.optionalString("lastUpdated"))
            }.compactMap { $0 }
        }
    }

    private func indicatorStatesIncludingCancelled(asOf: Day) throws -> [(IndicatorState, Int64)] {
        var states: [(IndicatorState, Int64)] = []
        // The indicator query leaves cancelled activities out unless asked for one activity.
        let ids = try db.cachedStatement("SELECT DISTINCT activity_id FROM indicator").map { $0.int64(0) }
        for id in ids { states += try indicatorStates(asOf: asOf, activityID: id) }
        return states
    }
}
