import SQLite

/// Storing what the event log makes of each row (``MilestoneProjection``, ``ActivityProjection``,
/// ``NameProjection``): one row after a change, or every row when the log is replayed.
extension PlanStore {
    /// The events of one activity (its own and its milestones' and indicators'), in record order.
    func events(activityID: Int64) throws -> [StoredEvent] {
        try db.cachedStatement("""
            SELECT id, kind, effective_on, details FROM event WHERE activity_id = ?1 AND milestone_id IS NULL
              AND indicator_id IS NULL ORDER BY id
            """).map([.integer(activityID)], PlanStore.storedEvent).compactMap { $0 }
    }

    static func storedEvent(_ row: Statement) -> StoredEvent? {
        StoredEvent(id: row.int64(0), kind: row.string(1), on: row.string(2), details: row.string(3))
    }

    // MARK: - Storing one row

    /// Stores a milestone: what its events say (``storeMilestonesSQL(events:)``), and (unless a
    /// bulk replay does that for all milestones at once) its due date and done state at the end of time.
    func storeMilestone(id: Int64, activityID: Int64, number: Int, datedState: Bool = true) throws {
        // A milestone the log has just added (or a replay makes) gets its row first.
        try db.cachedStatement(PlanStore.insertMilestoneSQL).execute([.integer(id), .integer(activityID), .int(number)])
        try db.cachedStatement(PlanStore.storeMilestonesSQL(events: "e.activity_id = ?2 AND e.milestone_id = ?1"))
            .execute([.integer(id), .integer(activityID)])
        if datedState {
            try db.cachedStatement(PlanStore.storeDatedStateSQL(rows: "m.id = ?2")).execute([.text(PlanStore.endOfTime), .integer(id)])
        }
    }

    /// The row of milestone ?1 (of activity ?2, number ?3) when it has none, with the title it
    /// was added with; ``storeMilestonesSQL(events:)`` then makes it what all its events say.
    static let insertMilestoneSQL = """
        INSERT INTO milestone (id, activity_id, number, title)
        SELECT ?1, ?2, ?3, (SELECT e.details ->> '$.title' FROM event e
                            WHERE e.activity_id = ?2 AND e.milestone_id = ?1 AND e.kind = \(EventKind.milestoneAdded.sql)
                            ORDER BY e.id DESC LIMIT 1)
        WHERE NOT EXISTS (SELECT 1 FROM milestone WHERE id = ?1)
        """

    /// What a milestone's events make of its row, but for its due date and done state (the
    /// dated rules below): the only definition of it, for one row after a change and for every
    /// row of an import or a replay in one statement. Events count in record order (by id):
    /// - the title is that of the latest `milestone.added` or `milestone.edited` that gives one
    ///   (an edit gives it as `new.title`), else empty;
    /// - the date it joined the plan (`addedOn`) and its baseline due date (`due`) are those of
    ///   its latest `milestone.added`, when they are dates;
    /// - it is dropped from the effective date of its latest `milestone.dropped`.
    /// `events` (a condition on event `e`, one of the constant texts above and in
    /// projectEverything) says which milestones' events are read; each is read once, the
    /// latest of each kind found by id and then read by its key.
    static func storeMilestonesSQL(events: String) -> String {
        let added = EventKind.milestoneAdded.sql, edited = EventKind.milestoneEdited.sql, dropped = EventKind.milestoneDropped.sql
        func day(_ path: String) -> String {
            "(SELECT CASE WHEN date(d.details ->> '\(path)') IS d.details ->> '\(path)' THEN d.details ->> '\(path)' END FROM event d WHERE d.id = latest.added)"
        }
        return """
            WITH latest AS (
                SELECT e.milestone_id AS id,
                       max(CASE WHEN e.kind = \(added) THEN e.id END) AS added,
                       max(CASE WHEN (e.kind = \(added) AND json_type(e.details, '$.title') = 'text')
                                  OR (e.kind = \(edited) AND json_type(e.details, '$.new.title') = 'text') THEN e.id END) AS titled,
                       max(CASE WHEN e.kind = \(dropped) THEN e.id END) AS dropped
                FROM event e
                WHERE \(events) AND e.milestone_id IS NOT NULL AND e.kind IN (\(added), \(edited), \(dropped))
                GROUP BY e.milestone_id),
            projected AS (
                SELECT latest.id,
                       coalesce((SELECT CASE t.kind WHEN \(added) THEN t.details ->> '$.title' ELSE t.details ->> '$.new.title' END
                                 FROM event t WHERE t.id = latest.titled), '') AS title,
                       \(day("$.addedOn")) AS added_on,
                       \(day("$.due")) AS baseline_due,
                       (SELECT d.effective_on FROM event d WHERE d.id = latest.dropped) AS dropped_on
                FROM latest)
            UPDATE milestone AS stored SET title = p.title, added_on = p.added_on, baseline_due = p.baseline_due, dropped_on = p.dropped_on
            FROM projected AS p
            -- A row that reads so already is not written again (most of an import's).
            WHERE stored.id = p.id AND (stored.title IS NOT p.title OR stored.added_on IS NOT p.added_on
                                        OR stored.baseline_due IS NOT p.baseline_due OR stored.dropped_on IS NOT p.dropped_on)
            """
    }

    /// Sets the milestone rows' due date and done state at the end of time (?1) by the rules
    /// every "as of" query uses, for the rows `rows` (a condition on milestone `m`, with ?2)
    /// names; a row that reads so already is not written again.
    static func storeDatedStateSQL(rows: String) -> String {
        """
        UPDATE milestone AS stored SET due_on = v.due_on, due_since = v.due_since, reschedules = v.reschedules, done_on = v.done_on,
            status_changes = v.status_changes
        FROM (SELECT m.id,
                     \(dueFromEventsSQL) AS due_on,
                     (SELECT e.effective_on FROM event e
                      WHERE e.milestone_id = m.id AND e.kind = \(EventKind.milestoneEdited.sql)
                        AND e.details ->> '$.new.due' IS NOT NULL
                      ORDER BY e.effective_on DESC, e.id DESC LIMIT 1) AS due_since,
                     (SELECT count(*) FROM event e
                      WHERE e.milestone_id = m.id AND e.kind = \(EventKind.milestoneEdited.sql)
                        AND e.details ->> '$.new.due' IS NOT NULL) AS reschedules,
                     \(doneSinceFromEventsSQL) AS done_on,
                     (SELECT count(*) FROM event e WHERE e.milestone_id = m.id AND \(statusKinds("e"))) AS status_changes
              FROM milestone m WHERE \(rows)) AS v
        WHERE stored.id = v.id AND (stored.due_on IS NOT v.due_on OR stored.due_since IS NOT v.due_since
                                    OR stored.reschedules IS NOT v.reschedules OR stored.done_on IS NOT v.done_on
                                    OR stored.status_changes IS NOT v.status_changes)
        """
    }

    /// A date after every date of the plan: "as of the end of time".
    static let endOfTime = "9999-12-31"

    func storeActivity(id: Int64, groupID: Int64, number: Int, _ a: ActivityProjection) throws {
        try db.cachedStatement("""
            INSERT INTO activity (id, group_id, number, title, description, added_on, cancelled_on)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, description = excluded.description,
                added_on = excluded.added_on, cancelled_on = excluded.cancelled_on
            """).execute([.integer(id), .integer(groupID), .int(number), .text(a.title), .nullable(a.description),
                          .day(a.addedOn), .day(a.cancelledOn)])
        let versions = "SELECT id FROM activity_version WHERE activity_id = ?1"
        try db.cachedStatement("DELETE FROM version_partner WHERE version_id IN (\(versions))").execute([.integer(id)])
        try db.cachedStatement("DELETE FROM version_link WHERE version_id IN (\(versions))").execute([.integer(id)])
        try db.cachedStatement("DELETE FROM activity_version WHERE activity_id = ?1").execute([.integer(id)])
        let insertVersion = try db.cachedStatement("""
            INSERT INTO activity_version (activity_id, valid_from, valid_until, lead_agency_id, start_on, end_on)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """)
        let insertPartner = try db.cachedStatement("INSERT INTO version_partner (version_id, agency_id) VALUES (?1, ?2)")
        let insertPoint = try db.cachedStatement("INSERT INTO version_link (version_id, point_id) VALUES (?1, ?2)")
        for version in a.versions {
            try insertVersion.execute([.integer(id), .day(version.validFrom), .day(version.validUntil),
                                       try version.lead.map { .integer(try agencyID($0)) } ?? .null,
                                       .day(version.start), .day(version.end)])
            let versionID = db.lastInsertRowID
            for partner in version.partners { try insertPartner.execute([.integer(versionID), .integer(try agencyID(partner))]) }
            for point in version.agenda { try insertPoint.execute([.integer(versionID), .integer(try pointID(PointRef.agenda(point)))]) }
            for link in version.links { try insertPoint.execute([.integer(versionID), .integer(try pointID(link))]) }
        }
    }

    /// Brings a milestone's row up to date with its events.
    func projectMilestone(id: Int64, activityID: Int64, number: Int) throws {
        try storeMilestone(id: id, activityID: activityID, number: number)
    }

    /// Brings an activity's row and versions up to date with its events.
    func projectActivity(id: Int64, groupID: Int64, number: Int) throws {
        try storeActivity(id: id, groupID: groupID, number: number, ActivityProjection(events: try events(activityID: id)))
    }

    func storeAgency(id: Int64, code: String, _ p: NameProjection) throws {
        if let name = p.name {
            try db.cachedStatement("""
                INSERT INTO agency (id, code, name) VALUES (?1, ?2, ?3) ON CONFLICT (id) DO UPDATE SET name = excluded.name
                """).execute([.integer(id), .text(code), .text(name)])
        }
        if let kind = p.kind {
            try db.cachedStatement("UPDATE agency SET kind = ?2 WHERE id = ?1").execute([.integer(id), .text(kind)])
        }
    }

    func storeGroup(id: Int64, code: String, kind: GroupKind, _ p: NameProjection) throws {
        if let name = p.name {
            try db.cachedStatement("""
                INSERT INTO work_group (id, code, kind, name) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name
                """).execute([.integer(id), .text(code), .text(kind.rawValue), .text(name)])
        }
        guard let leads = p.leads else { return }
        try db.cachedStatement("DELETE FROM group_lead WHERE group_id = ?1").execute([.integer(id)])
        let role = kind.leadRole(leadCount: leads.count)
        let insert = try db.cachedStatement("INSERT INTO group_lead (group_id, agency_id, role, position) VALUES (?1, ?2, ?3, ?4)")
        for (position, agency) in leads.enumerated() {
            try insert.execute([.integer(id), .integer(try agencyID(agency)), .text(role.rawValue), .int(position + 1)])
        }
    }

    func events(agencyID: Int64) throws -> [StoredEvent] {
        try db.cachedStatement("SELECT id, kind, effective_on, details FROM event WHERE agency_id = ?1 ORDER BY id")
            .map([.integer(agencyID)], PlanStore.storedEvent).compactMap { $0 }
    }

    func events(groupID: Int64) throws -> [StoredEvent] {
        try db.cachedStatement("""
            SELECT id, kind, effective_on, details FROM event WHERE group_id = ?1 AND activity_id IS NULL ORDER BY id
            """).map([.integer(groupID)], PlanStore.storedEvent).compactMap { $0 }
    }
}

extension SQLiteValue {
    static func day(_ value: Day?) -> SQLiteValue { value.map { .text($0.description) } ?? .null }
}
