import SQLite

/// After an import: the creation events a file without its event log did not bring.
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
        try db.prepare("""
            SELECT id, code, name, kind FROM agency
            WHERE id >= ?1 AND NOT EXISTS (SELECT 1 FROM event e WHERE e.agency_id = agency.id AND e.kind = \(EventKind.agencyAdded.sql))
            ORDER BY id
            """).forEachRow([.integer(first)]) { row in
            try appendEvent(.agencyAdded, on: author.today, by: author, agency: row.int64("id"), details: .object([
                "code": .string(row.string("code")), "name": .string(row.string("name")), "kind": .string(row.string("kind"))]))
            count += 1
        }
        return count
    }

    /// group.added, with the leads, for each group from `first` on that has none.
    private func recordMissingGroups(from first: Int64, by author: Author) throws -> Int {
        var count = 0
        try db.prepare("""
            SELECT id, code, kind, name FROM work_group
            WHERE id >= ?1 AND NOT EXISTS (SELECT 1 FROM event e WHERE e.group_id = work_group.id AND e.kind = \(EventKind.groupAdded.sql))
            ORDER BY id
            """).forEachRow([.integer(first)]) { row in
            let id = row.int64("id")
            let leads = try db.cachedStatement("""
                SELECT a.code, l.role FROM group_lead l JOIN agency a ON a.id = l.agency_id WHERE l.group_id = ?1 ORDER BY l.position
                """).map([.integer(id)]) { JSON.object(["agency": .string($0.string(0)), "role": .string($0.string(1))]) }
            try appendEvent(.groupAdded, on: author.today, by: author, group: id, details: .object([
                "code": .string(row.string("code")), "name": .string(row.string("name")), "kind": .string(row.string("kind")),
                "leads": .array(leads),
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
            SELECT a.id, a.group_id, g.code AS "group", a.number, a.title, a.description, a.cancelled_on, v.id AS version_id,
                   l.code AS lead, v.start_on, v.end_on
            FROM activity a JOIN work_group g ON g.id = a.group_id
            LEFT JOIN activity_version v ON v.activity_id = a.id AND v.valid_until IS NULL
            LEFT JOIN agency l ON l.id = v.lead_agency_id
            WHERE a.id >= ?1 AND NOT EXISTS (SELECT 1 FROM event e WHERE e.activity_id = a.id AND e.kind = \(EventKind.activityAdded.sql))
            ORDER BY a.id
            """).forEachRow([.integer(first)]) { row in
            let id = row.int64("id"), group = row.int64("group_id"), ref = ActivityRef(group: row.string("group"), number: row.int("number"))
            let version = row.isNull("version_id") ? -1 : row.int64("version_id")
            let partners = try db.cachedStatement("""
                SELECT ag.code FROM version_partner p JOIN agency ag ON ag.id = p.agency_id WHERE p.version_id = ?1 ORDER BY ag.code
                """).map([.integer(version)]) { $0.string(0) }
            let agenda = try db.cachedStatement("SELECT point FROM version_agenda WHERE version_id = ?1 ORDER BY point")
                .map([.integer(version)]) { $0.int(0) }
            let details = PlanStore.activityAddedDetails(ref, title: row.string("title"), description: row.optionalString("description"),
                                                         version: ActivityVersion(
                lead: row.optionalString("lead"), partners: partners, start: row.optionalString("start_on").flatMap(Day.init),
                end: row.optionalString("end_on").flatMap(Day.init), agenda: agenda, links: try links(versionID: version).map(\.ref)), addedOn: nil)
            try appendEvent(.activityAdded, on: author.today, by: author, group: group, activity: id, details: details)
            count += 1
            if let cancelledOn = row.optionalString("cancelled_on").flatMap(Day.init) {
                try appendEvent(.activityCancelled, on: cancelledOn, by: author, group: group, activity: id,
                                details: .object(["ref": .string(ref.description)]))
                count += 1
            }
        }
        return count
    }

    /// milestone.added for each milestone of the activities from `first` on that has none, in
    /// one statement: the details are those of `milestoneAddedDetails` (a test compares them),
    /// made by SQLite from the row, whose title and date were checked as the file was read.
    /// Row by row, this step was a quarter of an import's time.
    private func recordMissingMilestones(from first: Int64, by author: Author) throws -> Int {
        // appendEvent's last word on what enters the log, for what all these events share.
        if let problem = Values.problem(inEventOn: author.today, by: author.name, note: nil, details: .object([])) { throw problem }
        try db.prepare("""
            INSERT INTO event (kind, effective_on, recorded_at, actor, group_id, activity_id, milestone_id, details)
            SELECT \(EventKind.milestoneAdded.sql), ?2, ?3, ?4, a.group_id, a.id, m.id,
                   -- JSON.quote escapes the two line separators a title may hold; SQLite keeps them raw.
                   replace(replace(json_object('ref', g.code || '-' || a.number || '.' || m.number, 'title', m.title, 'due', m.due_on),
                                   char(8232), '\\u2028'), char(8233), '\\u2029')
            FROM milestone m JOIN activity a ON a.id = m.activity_id JOIN work_group g ON g.id = a.group_id
            WHERE a.id >= ?1 AND NOT EXISTS (SELECT 1 FROM event e WHERE e.activity_id = a.id AND e.milestone_id = m.id
                                               AND e.kind = \(EventKind.milestoneAdded.sql))
            ORDER BY m.id
            """).execute([.integer(first), .text(author.today.description), .text(Timestamp.now()), .text(author.name)])
        return db.changes
    }
}
