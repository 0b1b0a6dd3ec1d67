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

extension PlanStore {
    /// Appends the event that made each agency, group, framework, point, activity and milestone
    /// from the first ids given on that has none (a file imported without its event log), from
    /// the row as stored, one kind of row after the other; returns how many.
    func recordMissingCreations(fromActivityID first: Int64, agencyID firstAgency: Int64, groupID firstGroup: Int64,
                                frameworkID firstFramework: Int64, pointID firstPoint: Int64, by author: Author) throws -> Int {
        var count = try recordMissingAgencies(from: firstAgency, by: author)
        count += try recordMissingGroups(from: firstGroup, by: author)
        count += try recordMissingFrameworks(from: firstFramework, by: author)
        count += try recordMissingPoints(from: firstPoint, by: author)
        count += try recordMissingActivities(from: first, by: author)
        count += try recordMissingMilestones(from: first, by: author)
        return count
    }

    /// agency.added for each agency from `first` on that has none.
    private func recordMissingAgencies(from first: Int64, by author: Author) throws -> Int {
        var count = 0
        let agencies = try db.prepare("""
            SELECT id, code, name, kind FROM agency
            WHERE id >= ?1 AND NOT EXISTS (SELECT 1 FROM event e WHERE e.agency_id = agency.id AND e.kind = \(EventKind.agencyAdded.sql))
            ORDER BY id
            """).map([.integer(first)]) { ($0.int64(0), $0.string(1), $0.string(2), $0.string(3)) }
        for (id, code, name, kind) in agencies {
            try appendEvent(.agencyAdded, on: author.today, by: author, agency: id,
                            details: .object(["code": .string(code), "name": .string(name), "kind": .string(kind)]))
            count += 1
        }
        return count
    }

    /// group.added, with the leads, for each group from `first` on that has none.
    private func recordMissingGroups(from first: Int64, by author: Author) throws -> Int {
        var count = 0
        let groups = try db.prepare("""
            SELECT id, code, kind, name FROM work_group
            WHERE id >= ?1 AND NOT EXISTS (SELECT 1 FROM event e WHERE e.group_id = work_group.id AND e.kind = \(EventKind.groupAdded.sql))
            ORDER BY id
            """).map([.integer(first)]) { ($0.int64(0), $0.string(1), $0.string(2), $0.string(3)) }
        for (id, code, kind, name) in groups {
            let leads = try db.cachedStatement("""
                SELECT a.code, l.role FROM group_lead l JOIN agency a ON a.id = l.agency_id WHERE l.group_id = ?1 ORDER BY l.position
                """).map([.integer(id)]) { JSON.object(["agency": .string($0.string(0)), "role": .string($0.string(1))]) }
            try appendEvent(.groupAdded, on: author.today, by: author, group: id, details: .object([
                "code": .string(code), "name": .string(name), "kind": .string(kind), "leads": .array(leads),
            ]))
            count += 1
        }
        return count
    }

    /// framework.added for each framework from `first` on that a file brought without its event.
    private func recordMissingFrameworks(from first: Int64, by author: Author) throws -> Int {
        var count = 0
        try db.prepare("""
            SELECT f.id, f.name, f.title, f.description, f.vocabulary_uri FROM framework f
            WHERE f.id >= ?1 AND NOT EXISTS (SELECT 1 FROM event e WHERE e.framework_id = f.id AND e.kind = \(EventKind.frameworkAdded.sql))
            """).forEachRow([.integer(first)]) { row in
            try appendEvent(.frameworkAdded, on: author.today, by: author, framework: row.int64(0), details: .object([
                "name": .string(row.string(1)), "title": .string(row.string(2)), "description": .string(row.optionalString(3)),
                "vocabularyUri": .string(row.optionalString(4))]))
            count += 1
        }
        return count
    }

    /// framework.point-added for each point from `first` on that a file brought without its event.
    private func recordMissingPoints(from first: Int64, by author: Author) throws -> Int {
        var count = 0
        try db.prepare("""
            SELECT p.id, p.framework_id, f.name, p.code, p.title, p.description, p.section FROM framework_point p
            JOIN framework f ON f.id = p.framework_id
            WHERE p.id >= ?1 AND NOT EXISTS (SELECT 1 FROM event e WHERE e.point_id = p.id AND e.kind = \(EventKind.pointAdded.sql))
            ORDER BY p.framework_id, p.position
            """).forEachRow([.integer(first)]) { row in
            try appendEvent(.pointAdded, on: author.today, by: author, framework: row.int64(1), point: row.int64(0), details: .object([
                "framework": .string(row.string(2)), "code": .string(row.string(3)), "title": .string(row.string(4)),
                "description": .string(row.optionalString(5)), "section": .string(row.optionalString(6))]))
            count += 1
        }
        return count
    }

    /// activity.added (and activity.cancelled for a cancelled one) for each activity from `first` on that has none.
    private func recordMissingActivities(from first: Int64, by author: Author) throws -> Int {
        var count = 0
        // Streamed: the rows read are activities and milestones, the rows written events.
        try db.prepare("""
            SELECT a.id, a.group_id, g.code, a.number, a.title, a.description, a.cancelled_on, v.id, l.code, v.start_on, v.end_on
            FROM activity a JOIN work_group g ON g.id = a.group_id
            LEFT JOIN activity_version v ON v.activity_id = a.id AND v.valid_until IS NULL
            LEFT JOIN agency l ON l.id = v.lead_agency_id
            WHERE a.id >= ?1 AND NOT EXISTS (SELECT 1 FROM event e WHERE e.activity_id = a.id AND e.kind = \(EventKind.activityAdded.sql))
            ORDER BY a.id
            """).forEachRow([.integer(first)]) { row in
            let id = row.int64(0), group = row.int64(1), ref = ActivityRef(group: row.string(2), number: row.int(3))
            let version = row.isNull(7) ? -1 : row.int64(7)
            let partners = try db.cachedStatement("""
                SELECT ag.code FROM version_partner p JOIN agency ag ON ag.id = p.agency_id WHERE p.version_id = ?1 ORDER BY ag.code
                """).map([.integer(version)]) { $0.string(0) }
            let agenda = try db.cachedStatement("SELECT point FROM version_agenda WHERE version_id = ?1 ORDER BY point")
                .map([.integer(version)]) { $0.int(0) }
            let details = PlanStore.activityAddedDetails(ref, title: row.string(4), description: row.optionalString(5), version: ActivityVersion(
                lead: row.optionalString(8), partners: partners, start: row.optionalString(9).flatMap(Day.init),
                end: row.optionalString(10).flatMap(Day.init), agenda: agenda, links: try links(versionID: version).map(\.ref)), addedOn: nil)
            try appendEvent(.activityAdded, on: author.today, by: author, group: group, activity: id, details: details)
            count += 1
            if let cancelledOn = row.optionalString(6).flatMap(Day.init) {
                try appendEvent(.activityCancelled, on: cancelledOn, by: author, group: group, activity: id,
                                details: .object(["ref": .string(ref.description)]))
                count += 1
            }
        }
        return count
    }

    /// milestone.added for each milestone of the activities from `first` on that has none.
    private func recordMissingMilestones(from first: Int64, by author: Author) throws -> Int {
        var count = 0
        try db.prepare("""
            SELECT m.id, a.id, a.group_id, g.code, a.number, m.number, m.title, m.due_on
            FROM milestone m JOIN activity a ON a.id = m.activity_id JOIN work_group g ON g.id = a.group_id
            WHERE a.id >= ?1 AND NOT EXISTS (SELECT 1 FROM event e WHERE e.activity_id = a.id AND e.milestone_id = m.id
                                               AND e.kind = \(EventKind.milestoneAdded.sql))
            ORDER BY m.id
            """).forEachRow([.integer(first)]) { row in
            let ref = MilestoneRef(activity: ActivityRef(group: row.string(3), number: row.int(4)), number: row.int(5))
            try appendEvent(.milestoneAdded, on: author.today, by: author, group: row.int64(2), activity: row.int64(1),
                            milestone: row.int64(0),
                            details: PlanStore.milestoneAddedDetails(ref, title: row.string(6), due: row.optionalString(7).flatMap(Day.init),
                                                                     addedOn: nil))
            count += 1
        }
        return count
    }
}

extension SQLiteValue {
    static func day(_ value: Day?) -> SQLiteValue { value.map { .text($0.description) } ?? .null }
}
