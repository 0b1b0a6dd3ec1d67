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

    func events(milestoneID: Int64, activityID: Int64) throws -> [StoredEvent] {
        try db.cachedStatement("""
            SELECT id, kind, effective_on, details FROM event WHERE activity_id = ?1 AND milestone_id = ?2 ORDER BY id
            """).map([.integer(activityID), .integer(milestoneID)], PlanStore.storedEvent).compactMap { $0 }
    }

    static func storedEvent(_ row: Statement) -> StoredEvent? {
        StoredEvent(id: row.int64(0), kind: row.string(1), on: row.string(2), details: row.string(3))
    }

    // MARK: - Storing one row

    /// Stores a milestone: what its events say, and (unless a bulk replay does that for all
    /// milestones at once) its due date and done state at the end of time.
    func storeMilestone(id: Int64, activityID: Int64, number: Int, _ m: MilestoneProjection, datedState: Bool = true) throws {
        try db.cachedStatement("""
            INSERT INTO milestone (id, activity_id, number, title, added_on, dropped_on, baseline_due)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, added_on = excluded.added_on,
                dropped_on = excluded.dropped_on, baseline_due = excluded.baseline_due
            """).execute([.integer(id), .integer(activityID), .int(number), .text(m.title), .day(m.addedOn), .day(m.droppedOn),
                          .day(m.baselineDue)])
        if datedState {
            try db.cachedStatement(PlanStore.storeDatedStateSQL + " WHERE m.id = ?2").execute([.text(PlanStore.endOfTime), .integer(id)])
        }
    }

    /// Sets the milestone rows' due date and done state at the end of time (?1) by the rules
    /// every "as of" query uses; a WHERE clause on `m` says which rows.
    static let storeDatedStateSQL = """
        UPDATE milestone AS m SET
            due_on = \(dueFromEventsSQL),
            due_since = (SELECT e.effective_on FROM event e
                         WHERE e.milestone_id = m.id AND e.kind = \(EventKind.milestoneEdited.sql)
                           AND e.details ->> '$.new.due' IS NOT NULL
                         ORDER BY e.effective_on DESC, e.id DESC LIMIT 1),
            reschedules = (SELECT count(*) FROM event e
                           WHERE e.milestone_id = m.id AND e.kind = \(EventKind.milestoneEdited.sql)
                             AND e.details ->> '$.new.due' IS NOT NULL),
            done_on = \(doneSinceFromEventsSQL),
            status_changes = (SELECT count(*) FROM event e WHERE e.milestone_id = m.id AND \(statusKinds("e")))
        """

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
        try storeMilestone(id: id, activityID: activityID, number: number,
                           MilestoneProjection(events: try events(milestoneID: id, activityID: activityID)))
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
