import SQLite

/// Baselines, slippage and "what changed since": reading the plan against its own past.
extension PlanStore {
    // MARK: - Baselines

    /// Names the moment `at` (a moment already recorded, or now) so that reports can compare with it.
    public func addBaseline(name: String, at: RecordedTime, by author: Author) throws -> Baseline {
        try write {
            if try db.scalarInt("SELECT 1 FROM baseline WHERE name = ?1", [.text(name)]) != nil {
                throw PlanError.duplicateBaseline(name)
            }
            let id = try nextID("baseline")
            let recordedAt = Timestamp.now()
            guard at.value <= recordedAt else {
                throw PlanError.futureMoment(at)
            }
            try appendEvent(.baselineAdded, on: author.today, by: author, baseline: id,
                            details: .object(["name": .string(name), "at": .string(at.value)]), recordedAt: recordedAt)
            try storeBaseline(id: id, name: name, at: at.value)
            return Baseline(name: name, at: at, by: author.name, recordedAt: recordedAt)
        }
    }

    public func baselines() throws -> [Baseline] {
        try read {
            try db.cachedStatement("""
                SELECT b.name, b.at, e.actor, e.recorded_at FROM baseline b
                JOIN event e ON e.baseline_id = b.id AND e.kind = \(EventKind.baselineAdded.sql)
                ORDER BY b.at, b.id
                """).map { row in
                Baseline(name: row.string(0), at: RecordedTime(row.string(1)) ?? RecordedTime(day: .today()),
                         by: row.string(2), recordedAt: row.string(3))
            }
        }
    }

    /// The moment a baseline names, or nil when there is none of that name.
    /// The report as recorded at `moment` (a baseline's name, else a moment) beside this one's.
    public func comparison(to moment: String, asOf: Day, group: String? = nil) throws -> Comparison {
        if let at = try baseline(named: moment) {
            return try comparison(at: at, baseline: moment, asOf: asOf, group: group)
        }
        guard let at = try Values.moment(moment, field: "compareTo") else { throw PlanError.unknownMoment(moment) }
        return try comparison(at: at, baseline: nil, asOf: asOf, group: group)
    }

    public func baseline(named name: String) throws -> RecordedTime? {
        try db.cachedStatement("SELECT at FROM baseline WHERE name = ?1").first([.text(name)]) { RecordedTime($0.string(0)) } ?? nil
    }

    // MARK: - Slippage

    /// Each milestone in the plan as of `asOf` against its baseline due date, by group (every
    /// group, or just `group`).
    public func slippage(asOf: Day, group: String? = nil) throws -> SlippageReport {
        try read {
            let only: SQLiteValue = try group.map { .integer(try groupRow($0).id) } ?? .null
            var milestones: [Int64: [MilestoneSlippage]] = [:]
            try db.cachedStatement("""
                SELECT a.group_id, g.code AS "group", a.number AS activityNumber, ms.number, ms.title, l.code AS lead, ms.baseline_due,
                       ms.due_on, ms.done, ms.done_since,
                       (SELECT count(*) FROM event e WHERE e.milestone_id = ms.id AND e.kind = \(EventKind.milestoneEdited.sql)
                          AND e.effective_on <= ?1 AND e.details ->> '$.new.due' IS NOT NULL) AS reschedules
                FROM activity a JOIN work_group g ON g.id = a.group_id
                JOIN \(PlanStore.milestonesAsOfSQL) ms ON ms.activity_id = a.id
                LEFT JOIN activity_version v ON v.activity_id = a.id AND \(PlanStore.versionAsOfSQL)
                LEFT JOIN agency l ON l.id = v.lead_agency_id
                WHERE \(PlanStore.activeAsOfSQL) AND (?2 IS NULL OR a.group_id = ?2)
                ORDER BY g.id, a.number, ms.number
                """).forEachRow([.text(asOf.description), only]) { row in
                let ref = MilestoneRef(activity: ActivityRef(group: row.string("group"), number: row.int("activityNumber")),
                                       number: row.int("number"))
                milestones[row.int64("group_id"), default: []].append(MilestoneSlippage(
                    ref: ref, title: row.string("title"), lead: row.optionalString("lead"),
                    baselineDue: row.optionalString("baseline_due").flatMap(Day.init), due: row.optionalString("due_on").flatMap(Day.init),
                    reschedules: row.int("reschedules"), done: row.bool("done"), doneOn: row.optionalString("done_since").flatMap(Day.init)))
            }
            let groups = try db.cachedStatement(PlanStore.reportGroupsSQL).map([.text(asOf.description), only]) { row in
                GroupSlippage(code: row.string(1), name: row.string(2), milestones: milestones[row.int64(0)] ?? [])
            }
            return SlippageReport(asOf: asOf, groups: groups, isSample: try isSample(), chair: try chair(asOf: asOf))
        }
    }

    // MARK: - What changed

    /// The changes to activities and milestones recorded after `since` and up to `until` (all
    /// later ones, for nil), oldest first: what a secretariat lists as "progress since the last meeting".
    public func changes(since: RecordedTime?, until: RecordedTime? = nil, group: String? = nil) throws -> [PlanChange] {
        try read {
            let only: SQLiteValue = try group.map { .integer(try groupRow($0).id) } ?? .null
            return try changes(since: since, until: until, groupID: only, activityID: .null)
        }
    }

    /// An activity's history: every change to it, its milestones and indicators, oldest first.
    func history(activityID: Int64) throws -> [PlanChange] {
        try changes(since: nil, until: nil, groupID: .null, activityID: .integer(activityID))
    }

    private func changes(since: RecordedTime?, until: RecordedTime?, groupID: SQLiteValue, activityID: SQLiteValue) throws -> [PlanChange] {
        let kinds: [EventKind] = [.activityAdded, .activityEdited, .activityCancelled, .milestoneAdded, .milestoneEdited,
                                  .milestoneDropped, .milestoneDone, .milestoneReopened, .indicatorAdded, .indicatorRecorded]
        return try db.cachedStatement("""
                SELECT e.recorded_at, e.kind, e.effective_on, e.actor, g.code AS "group", a.number AS activityNumber,
                       m.number AS milestoneNumber, i.number AS indicatorNumber, coalesce(m.title, i.title, a.title) AS title,
                       e.details ->> '$.old' AS "old",
                       CASE e.kind WHEN \(EventKind.indicatorRecorded.sql) THEN json_object('value', e.details -> '$.value')
                            ELSE e.details ->> '$.new' END AS "new",
                       e.note
                FROM event e JOIN activity a ON a.id = e.activity_id JOIN work_group g ON g.id = a.group_id
                LEFT JOIN milestone m ON m.id = e.milestone_id LEFT JOIN indicator i ON i.id = e.indicator_id
                WHERE (?1 IS NULL OR e.recorded_at > ?1) AND (?2 IS NULL OR e.recorded_at <= ?2)
                  AND \(PlanStore.equals("a.group_id", 3, given: groupID != .null)) AND \(PlanStore.equals("e.activity_id", 4, given: activityID != .null))
                  AND e.kind IN (\(kinds.map(\.sql).joined(separator: ", ")))
                ORDER BY e.recorded_at, e.id
                """).map([since.map { .text($0.value) } ?? .null, until.map { .text($0.value) } ?? .null, groupID, activityID]) { row -> PlanChange? in
                guard let kind = EventKind(rawValue: row.string("kind")), let on = Day(row.string("effective_on")) else { return nil }
                let activity = ActivityRef(group: row.string("group"), number: row.int("activityNumber"))
                let ref = row.optionalInt("milestoneNumber").map { MilestoneRef(activity: activity, number: $0).description }
                    ?? row.optionalInt("indicatorNumber").map { IndicatorRef(activity: activity, number: $0).description }
                    ?? activity.description
                return PlanChange(recordedAt: row.string("recorded_at"), kind: kind, on: on, by: row.string("actor"), ref: ref,
                                  title: row.string("title"), old: row.optionalString("old").flatMap(JSON.parse),
                                  new: row.optionalString("new").flatMap(JSON.parse), note: row.optionalString("note"))
            }.compactMap { $0 }
    }

    /// The report as recorded at `at` (as of that moment's date) beside `now` (this plan's
    /// report, as of `asOf`), with the changes recorded between.
    public func comparison(at: RecordedTime, baseline: String?, asOf: Day, group: String? = nil,
                           until: RecordedTime? = nil) throws -> Comparison {
        let then = try asRecorded(at: at).report(asOf: at.day, group: group)
        let now = try report(asOf: asOf, group: group)
        return Comparison(then: then, at: at, baseline: baseline, now: now,
                          changes: try changes(since: at, until: until, group: group))
    }
}
