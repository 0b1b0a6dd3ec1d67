import SQLite

extension PlanStore {
    /// The plan exactly as it was recorded at `time`: every read works on it as on the live plan
    /// and gives what mawp would have printed at that moment. It is this plan less what was
    /// recorded after `time`: a copy in memory (SQLite's backup) from which the later events are
    /// taken out and the rows they touched projected again from the events left, so that the
    /// work follows the changes since then, not the size of the plan. The plan itself when
    /// nothing was recorded since.
    public func asRecorded(at time: RecordedTime) throws -> PlanStore {
        let later: SQLiteValue = .text(time.value)
        guard try db.scalarInt("SELECT 1 FROM event WHERE recorded_at > ?1 LIMIT 1", [later]) != nil else { return self }
        let memory = try Connection(path: ":memory:", mode: .readWriteCreate)
        try db.copy(to: memory)
        // The copy is a scratch plan: its log may lose events, and rows may go before what names them.
        try memory.execute("""
            PRAGMA foreign_keys = OFF;
            DROP TRIGGER event_is_append_only_update;
            DROP TRIGGER event_is_append_only_delete
            """)
        let copy = PlanStore(db: memory, path: path)
        try memory.writeTransaction { try copy.takeOut(recordedAfter: later) }
        return copy
    }

    /// Takes the events recorded after ?1 out of this (scratch) plan and makes every row they
    /// touched what the events left make of it: rows they made go, the others are projected again.
    private func takeOut(recordedAfter time: SQLiteValue) throws {
        struct Touched { var made = Set<Int64>(), changed = Set<Int64>() }
        var agencies = Touched(), groups = Touched(), activities = Touched(), milestones = Touched(), indicators = Touched()
        var frameworks = Touched(), points = Touched()
        // The agency and group edits taken out, by row: what they changed from is what the rows go back to.
        var agencyEdits: [Int64: [StoredEvent]] = [:], groupEdits: [Int64: [StoredEvent]] = [:]
        var baselines: [Int64] = []
        var chairEvents: [JSON] = []
        var sample = false
        // Periods and updates are projected again from what is left (those made after go with it).
        var periods = Set<Int64>()
        var updates = Set<[Int64]>()
        try db.prepare("""
            SELECT id, kind, effective_on, details, agency_id, group_id, activity_id, milestone_id, indicator_id, baseline_id,
                   framework_id, point_id, period_id
            FROM event WHERE recorded_at > ?1 ORDER BY id
            """).forEachRow([time]) { row in
            guard let event = PlanStore.storedEvent(row) else { return }
            // The first four columns are the stored event's (PlanStore.storedEvent); the ids are read by name.
            func note(_ touched: inout Touched, _ column: String, made: Bool) {
                guard !row.isNull(column) else { return }
                if made { touched.made.insert(row.int64(column)) } else { touched.changed.insert(row.int64(column)) }
            }
            switch event.kind {
            case .agencyAdded: note(&agencies, "agency_id", made: true)
            case .agencyEdited: note(&agencies, "agency_id", made: false); agencyEdits[row.int64("agency_id"), default: []].append(event)
            case .groupAdded: note(&groups, "group_id", made: true)
            case .groupEdited: note(&groups, "group_id", made: false); groupEdits[row.int64("group_id"), default: []].append(event)
            case .activityAdded: note(&activities, "activity_id", made: true)
            case .activityEdited, .activityCancelled: note(&activities, "activity_id", made: false)
            case .milestoneAdded: note(&milestones, "milestone_id", made: true)
            case .milestoneEdited, .milestoneDropped, .milestoneDone, .milestoneReopened: note(&milestones, "milestone_id", made: false)
            case .indicatorAdded: note(&indicators, "indicator_id", made: true)
            case .indicatorRecorded: break // values are read from the log itself
            case .planSample: sample = true
            case .frameworkAdded: note(&frameworks, "framework_id", made: true)
            case .pointAdded: note(&points, "point_id", made: true)
            case .baselineAdded: if !row.isNull("baseline_id") { baselines.append(row.int64("baseline_id")) }
            case .chairSet, .chairRemoved: chairEvents.append(event.details)
            case .periodAdded, .periodLocked, .periodUnlocked: periods.insert(row.int64("period_id"))
            case .updateWritten, .updateSubmitted, .updateReturned, .updateApproved, .updateReopened:
                updates.insert([row.int64("activity_id"), row.int64("period_id")])
            }
        }
        try db.prepare("DELETE FROM event WHERE recorded_at > ?1").execute([time])
        for update in updates { try projectUpdate(activityID: update[0], periodID: update[1]) }
        for id in periods { try projectPeriod(id: id) }

        // Rows made after the moment go; the rest become what the events left make of them.
        for id in milestones.made { try db.cachedStatement("DELETE FROM milestone WHERE id = ?1").execute([.integer(id)]) }
        for id in indicators.made { try db.cachedStatement("DELETE FROM indicator WHERE id = ?1").execute([.integer(id)]) }
        for id in activities.made {
            let versions = "SELECT id FROM activity_version WHERE activity_id = ?1"
            try db.cachedStatement("DELETE FROM version_partner WHERE version_id IN (\(versions))").execute([.integer(id)])
            try db.cachedStatement("DELETE FROM version_link WHERE version_id IN (\(versions))").execute([.integer(id)])
            try db.cachedStatement("DELETE FROM activity_version WHERE activity_id = ?1").execute([.integer(id)])
            try db.cachedStatement("DELETE FROM activity WHERE id = ?1").execute([.integer(id)])
        }
        for id in groups.made {
            try db.cachedStatement("DELETE FROM group_lead WHERE group_id = ?1").execute([.integer(id)])
            try db.cachedStatement("DELETE FROM work_group WHERE id = ?1").execute([.integer(id)])
        }
        for id in agencies.made { try db.cachedStatement("DELETE FROM agency WHERE id = ?1").execute([.integer(id)]) }
        for id in points.made { try db.cachedStatement("DELETE FROM framework_point WHERE id = ?1").execute([.integer(id)]) }
        for id in frameworks.made { try db.cachedStatement("DELETE FROM framework WHERE id = ?1").execute([.integer(id)]) }
        for id in baselines { try db.cachedStatement("DELETE FROM baseline WHERE id = ?1").execute([.integer(id)]) }
        // Each chair event carries the term's old values: undone latest first.
        for details in chairEvents.reversed() { try undoChairEvent(details) }
        if sample, try db.scalarInt("SELECT 1 FROM event WHERE kind = \(EventKind.planSample.sql)") == nil {
            try db.execute("DELETE FROM plan_setting WHERE key = 'sample'")
        }
        for id in agencies.changed.subtracting(agencies.made) {
            guard let code = try db.cachedStatement("SELECT code FROM agency WHERE id = ?1").first([.integer(id)], { $0.string(0) }) else { continue }
            var projection = NameProjection(events: try events(agencyID: id))
            projection.fill(before: agencyEdits[id] ?? [])
            try storeAgency(id: id, code: code, projection)
        }
        for id in groups.changed.subtracting(groups.made) {
            guard let group = try db.cachedStatement("SELECT code, kind FROM work_group WHERE id = ?1")
                .first([.integer(id)], { ($0.string(0), GroupKind(rawValue: $0.string(1)) ?? .workingGroup) }) else { continue }
            var projection = NameProjection(events: try events(groupID: id))
            projection.fill(before: groupEdits[id] ?? [])
            try storeGroup(id: id, code: group.0, kind: group.1, projection)
        }
        for id in activities.changed.subtracting(activities.made) {
            guard let row = try db.cachedStatement("SELECT group_id, number FROM activity WHERE id = ?1")
                .first([.integer(id)], { ($0.int64(0), $0.int(1)) }) else { continue }
            try projectActivity(id: id, groupID: row.0, number: row.1)
        }
        for id in milestones.changed.subtracting(milestones.made) {
            guard let row = try db.cachedStatement("SELECT activity_id, number FROM milestone WHERE id = ?1")
                .first([.integer(id)], { ($0.int64(0), $0.int(1)) }) else { continue }
            try projectMilestone(id: id, activityID: row.0, number: row.1)
        }
    }

    /// A store over a new in-memory database that holds this one's reference data (from the
    /// migrations) and its events up to `time` (all, for nil), with every row projected from
    /// them. This file stays attached as `source`.
    func replayed(upTo time: RecordedTime?) throws -> PlanStore {
        let memory = try Connection(path: ":memory:", mode: .readWriteCreate)
        try PlanStore.migrator.migrate(memory)
        // Events name rows that their projections make later in the replay.
        try memory.execute("PRAGMA foreign_keys = OFF")
        try memory.prepare("ATTACH DATABASE ?1 AS source").execute([.text(path)])
        let replay = PlanStore(db: memory, path: path)
        try memory.writeTransaction {
            let columns = """
                id, kind, effective_on, recorded_at, actor, agency_id, group_id, activity_id, milestone_id, indicator_id, baseline_id,
                framework_id, point_id, period_id, note, details
                """
            try memory.prepare("""
                INSERT INTO main.event (\(columns)) SELECT \(columns) FROM source.event
                WHERE ?1 IS NULL OR recorded_at <= ?1 ORDER BY id
                """).execute([time.map { .text($0.value) } ?? .null])
            try replay.projectEverything()
        }
        return replay
    }

    /// Stores what the event log makes of every row: agencies and groups (over the seeded
    /// reference data), activities, milestones, indicators, the sample flag and baselines.
    func projectEverything(fromActivityID first: Int64 = 0) throws {
        let activities = "AND activity_id >= \(first)"
        // Frameworks and their points first: activities link to them.
        try db.prepare("SELECT framework_id, details FROM event WHERE kind = \(EventKind.frameworkAdded.sql) ORDER BY id").forEachRow { row in
            try storeFramework(id: row.int64(0), JSON.parse(row.string(1)) ?? .object([]))
        }
        try db.prepare("SELECT point_id, framework_id, details FROM event WHERE kind = \(EventKind.pointAdded.sql) ORDER BY id").forEachRow { row in
            try storePoint(id: row.int64(0), frameworkID: row.int64(1), JSON.parse(row.string(2)) ?? .object([]))
        }
        // Agencies and groups, in the order they were added.
        try forEachEntity("agency_id", extra: "", kinds: [.agencyAdded, .agencyEdited]) { id, _, events in
            let stored = try db.cachedStatement("SELECT code FROM agency WHERE id = ?1").first([.integer(id)]) { $0.string(0) }
            guard let code = events.first(where: { $0.kind == .agencyAdded })?.details["code"]?.stringValue ?? stored else { return }
            try storeAgency(id: id, code: code, NameProjection(events: events))
        }
        try projectChairTerms()
        try forEachEntity("group_id", extra: "", kinds: [.groupAdded, .groupEdited]) { id, _, events in
            let added = events.first { $0.kind == .groupAdded }
            let existing = try db.cachedStatement("SELECT code, kind FROM work_group WHERE id = ?1")
                .first([.integer(id)]) { ($0.string(0), $0.string(1)) }
            guard let code = added?.details["code"]?.stringValue ?? existing?.0,
                  let kind = GroupKind(rawValue: added?.details["kind"]?.stringValue ?? existing?.1 ?? "") else { return }
            try storeGroup(id: id, code: code, kind: kind, NameProjection(events: events))
        }
        try forEachEntity("activity_id", extra: "\(activities) AND milestone_id IS NULL AND indicator_id IS NULL",
                          kinds: [.activityAdded, .activityEdited, .activityCancelled]) { id, groupID, events in
            guard let added = events.first(where: { $0.kind == .activityAdded }),
                  let ref = added.details["ref"]?.stringValue.flatMap(ActivityRef.init), let groupID else { return }
            try storeActivity(id: id, groupID: groupID, number: ref.number, ActivityProjection(events: events))
        }
        // Milestones: a replay makes each row its first milestone.added names (an import has
        // them), then every row is what its events make of it, in one statement.
        try db.prepare("""
            SELECT e.milestone_id, e.activity_id, e.details ->> '$.ref' FROM event e
            WHERE e.kind = \(EventKind.milestoneAdded.sql) AND e.milestone_id IS NOT NULL AND e.activity_id >= ?1
              AND NOT EXISTS (SELECT 1 FROM milestone WHERE id = e.milestone_id)
            ORDER BY e.id
            """).forEachRow([.integer(first)]) { row in
            guard !row.isNull(1), let ref = row.optionalString(2).flatMap(MilestoneRef.init) else { return }
            try db.cachedStatement(PlanStore.insertMilestoneSQL).execute([.integer(row.int64(0)), .integer(row.int64(1)), .int(ref.number)])
        }
        try db.prepare(PlanStore.storeMilestonesSQL(events: "e.activity_id >= ?1")).execute([.integer(first)])
        // Their due dates and done states at the end of time, in one pass.
        try db.prepare(PlanStore.storeDatedStateSQL(rows: "m.activity_id >= ?2")).execute([.text(PlanStore.endOfTime), .integer(first)])
        try forEachEntity("indicator_id", extra: activities, kinds: [.indicatorAdded], owner: "activity_id") { id, activityID, events in
            guard let added = events.first, let activityID else { return }
            try storeIndicator(id: id, activityID: activityID, added.details)
        }
        if try db.scalarInt("SELECT 1 FROM event WHERE kind = \(EventKind.planSample.sql)") != nil {
            try db.execute("INSERT OR REPLACE INTO plan_setting (key, value) VALUES ('sample', 'true')")
        }
        try db.prepare("""
            SELECT baseline_id, details ->> '$.name', details ->> '$.at' FROM event
            WHERE kind = \(EventKind.baselineAdded.sql) ORDER BY id
            """).forEachRow { row in
            try storeBaseline(id: row.int64(0), name: row.string(1), at: row.string(2))
        }
        try projectReporting()
    }

    /// Calls `body` for each row that events of `kinds` name in `column`, with the owner column's
    /// value of its first event (a group or an activity) and its events in record order.
    private func forEachEntity(_ column: String, extra: String, kinds: [EventKind], owner: String = "group_id",
                               _ body: (Int64, Int64?, [StoredEvent]) throws -> Void) throws {
        var current: Int64?
        var ownerID: Int64?
        var events: [StoredEvent] = []
        try db.prepare("""
            SELECT \(column), \(owner), id, kind, effective_on, details FROM event
            WHERE \(column) IS NOT NULL \(extra) AND kind IN (\(kinds.map(\.sql).joined(separator: ", ")))
            ORDER BY \(column), id
            """).forEachRow { row in
            let id = row.int64(0)
            if id != current {
                if let current { try body(current, ownerID, events) }
                current = id
                ownerID = row.isNull(1) ? nil : row.int64(1)
                events.removeAll(keepingCapacity: true)
            }
            if let event = StoredEvent(id: row.int64(2), kind: row.string(3), on: row.string(4), details: row.string(5)) {
                events.append(event)
            }
        }
        if let current { try body(current, ownerID, events) }
    }

    func storeBaseline(id: Int64, name: String, at: String) throws {
        try db.cachedStatement("INSERT INTO baseline (id, name, at) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO NOTHING")
            .execute([.integer(id), .text(name), .text(at)])
    }

    // MARK: - Check

    /// The tables compared with a replay of the event log, each as the columns that must agree
    /// and a label of the row for the message.
    static let replayedTables: [(table: String, columns: String, label: String)] = [
        ("agency", "id, code, name, kind", "'agency ' || code"),
        ("work_group", "id, code, kind, name", "'group ' || code"),
        ("group_lead", "group_id, agency_id, role, position", "'a lead of group #' || group_id"),
        ("activity", "id, group_id, number, title, description, added_on, cancelled_on", "'activity #' || id"),
        ("activity_version", "activity_id, valid_from, valid_until, lead_agency_id, start_on, end_on", "'a version of activity #' || activity_id"),
        ("(SELECT v.activity_id, v.valid_from, p.agency_id FROM {db}.version_partner p JOIN {db}.activity_version v ON v.id = p.version_id)",
         "activity_id, valid_from, agency_id", "'a partner of activity #' || activity_id"),
        ("(SELECT v.activity_id, v.valid_from, k.point_id FROM {db}.version_link k JOIN {db}.activity_version v ON v.id = k.version_id)",
         "activity_id, valid_from, point_id", "'a link of activity #' || activity_id"),
        ("framework", "id, name, title, description, vocabulary_uri", "'framework ' || name"),
        ("framework_point", "id, framework_id, code, title, description, section, position", "'point ' || code || ' of framework #' || framework_id"),
        ("milestone", "id, activity_id, number, title, added_on, dropped_on, baseline_due, due_on, due_since, reschedules, done_on, status_changes",
         "'milestone #' || id"),
        ("indicator", "id, activity_id, number, title, measure, ascending, result, baseline, baseline_year, target, period_end",
         "'indicator #' || id"),
        ("plan_setting", "key, value", "'the setting ' || key"),
        ("baseline", "id, name, at", "'baseline ' || name"),
        ("chair_term", "from_on, agency_id, until_on", "'the chair''s term from ' || from_on"),
        ("reporting_period", "id, code, title, from_on, to_on, deadline, locked", "'reporting period ' || code"),
        ("progress_update", "activity_id, period_id, state, status, achievements, challenges, next_steps, written_by, submitted_by, "
            + "reviewed_by, review_note, changes", "'the update of activity #' || activity_id || ' for period #' || period_id"),
    ]

    /// Rows of the stored tables that differ from what the event log makes of them.
    func replayFindings() throws -> [Finding] {
        let replay = try replayed(upTo: nil)
        defer { try? replay.db.execute("DETACH DATABASE source") }
        var findings: [Finding] = []
        try replay.db.readTransaction {
            for (table, columns, label) in PlanStore.replayedTables {
                func from(_ db: String) -> String {
                    table.hasPrefix("(") ? table.replacing("{db}", with: db) : "\(db).\(table)"
                }
                try replay.db.prepare("""
                    SELECT \(label), 'stored' FROM (SELECT \(columns) FROM \(from("source")) EXCEPT SELECT \(columns) FROM \(from("main")))
                    UNION ALL
                    SELECT \(label), 'replayed' FROM (SELECT \(columns) FROM \(from("main")) EXCEPT SELECT \(columns) FROM \(from("source")))
                    LIMIT 50
                    """).forEachRow { row in
                    let message = row.string(1) == "stored"
                        ? "\(row.string(0)) is stored differently from what the event log says"
                        : "the event log says \(row.string(0)) should read differently or exist"
                    findings.append(Finding(check: "event log", message: message))
                }
            }
        }
        return findings
    }
}

