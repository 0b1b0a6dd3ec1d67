import SQLite

/// Resolving what users type (codes, references) to rows, with errors that say what exists.
extension PlanStore {
    struct GroupRow {
        let id: Int64
        let code: String
        let kind: GroupKind
        let name: String
    }

    struct ActivityRow {
        let id: Int64
        let groupID: Int64
        let cancelledOn: Day?
    }

    struct MilestoneRow {
        let id: Int64
        let activityID: Int64
        let groupID: Int64
        let droppedOn: Day?
    }

    func groupRow(_ code: String) throws -> GroupRow {
        let row = try db.cachedStatement("SELECT id, code, kind, name FROM work_group WHERE code = ?1")
            .first([.text(code)]) { GroupRow(id: $0.int64(0), code: $0.string(1), kind: GroupKind(rawValue: $0.string(2)) ?? .workingGroup, name: $0.string(3)) }
        guard let row else {
            let known = try db.cachedStatement("SELECT code FROM work_group ORDER BY id").map { $0.string(0) }
            throw PlanError.unknownGroup(code, known: known)
        }
        return row
    }

    /// The id and canonical code of the agency `code` (already canonical).
    func agencyID(_ code: String) throws -> Int64 {
        guard let id = try db.cachedStatement("SELECT id FROM agency WHERE code = ?1").first([.text(code)], { $0.int64(0) }) else {
            throw PlanError.unknownAgency(code)
        }
        return id
    }

    func activityRow(_ ref: ActivityRef) throws -> ActivityRow {
        let group = try groupRow(ref.group)
        let row = try db.cachedStatement("SELECT id, cancelled_on FROM activity WHERE group_id = ?1 AND number = ?2")
            .first([.integer(group.id), .int(ref.number)]) { ActivityRow(id: $0.int64(0), groupID: group.id, cancelledOn: $0.optionalString(1).flatMap(Day.init)) }
        guard let row else {
            let last = try db.scalarInt("SELECT max(number) FROM activity WHERE group_id = ?1", [.integer(group.id)])
            throw PlanError.unknownActivity(ref, last: last)
        }
        return row
    }

    func milestoneRow(_ ref: MilestoneRef) throws -> MilestoneRow {
        let activity = try activityRow(ref.activity)
        let row = try db.cachedStatement("SELECT id, dropped_on FROM milestone WHERE activity_id = ?1 AND number = ?2")
            .first([.integer(activity.id), .int(ref.number)]) { ($0.int64(0), $0.optionalString(1).flatMap(Day.init)) }
        guard let (id, droppedOn) = row else {
            let last = try db.scalarInt("SELECT max(number) FROM milestone WHERE activity_id = ?1", [.integer(activity.id)])
            throw PlanError.unknownMilestone(ref, last: last)
        }
        return MilestoneRow(id: id, activityID: activity.id, groupID: activity.groupID, droppedOn: droppedOn)
    }

    /// A milestone's due date as of `on` (DESIGN §5), by the report's own rule.
    func dueAsOf(_ id: Int64, on: Day) throws -> Day? {
        try db.cachedStatement("SELECT \(PlanStore.dueAsOfSQL) FROM milestone m WHERE m.id = ?2")
            .first([.text(on.description), .integer(id)]) { $0.optionalString(0).flatMap(Day.init) } ?? nil
    }

    /// What an activity holds on `date` (its version then), by the queries' own rule.
    func version(activityID: Int64, asOf date: Day) throws -> ActivityVersion {
        let parameters: [SQLiteValue] = [.text(date.description), .integer(activityID)]
        guard var version = try db.cachedStatement("""
            SELECT v.id, l.code, v.start_on, v.end_on FROM activity_version v LEFT JOIN agency l ON l.id = v.lead_agency_id
            WHERE v.activity_id = ?2 AND \(PlanStore.versionAsOfSQL)
            """).first(parameters, { row in
                (row.int64(0), ActivityVersion(lead: row.optionalString(1), start: row.optionalString(2).flatMap(Day.init),
                                               end: row.optionalString(3).flatMap(Day.init)))
            }) else { return ActivityVersion() }
        version.1.partners = try db.cachedStatement("""
            SELECT ag.code FROM version_partner p JOIN agency ag ON ag.id = p.agency_id WHERE p.version_id = ?1 ORDER BY ag.code
            """).map([.integer(version.0)]) { $0.string(0) }
        version.1.agenda = try db.cachedStatement("SELECT point FROM version_agenda WHERE version_id = ?1 ORDER BY point")
            .map([.integer(version.0)]) { $0.int(0) }
        version.1.links = try links(versionID: version.0).map(\.ref).sorted() // as checkedVersion orders them
        return version.1
    }

    /// The agenda's point numbers, in order (the agenda table's, not a range written in code).
    func agendaNumbers() throws -> [Int] {
        try db.cachedStatement("SELECT number FROM agenda_point ORDER BY number").map { $0.int(0) }
    }

    /// The id of a framework's point.
    func pointID(_ ref: PointRef) throws -> Int64 {
        guard let id = try db.cachedStatement("""
            SELECT p.id FROM framework_point p JOIN framework f ON f.id = p.framework_id WHERE f.name = ?1 AND p.code = ?2
            """).first([.text(ref.framework), .text(ref.code)], { $0.int64(0) }) else {
            throw ref.framework == "agenda" ? PlanError.unknownAgendaPoint(Int(ref.code) ?? 0, known: try agendaNumbers()) : PlanError.unknownPoint(ref)
        }
        return id
    }

    /// A version's links to the points of frameworks other than the agenda, in framework and point order.
    func links(versionID: Int64) throws -> [FrameworkPoint] {
        try db.cachedStatement("""
            SELECT f.name, p.code, p.title, p.description, p.section FROM version_link k
            JOIN framework_point p ON p.id = k.point_id JOIN framework f ON f.id = p.framework_id
            WHERE k.version_id = ?1 AND f.name <> 'agenda' ORDER BY f.id, p.position
            """).map([.integer(versionID)]) { row in
            FrameworkPoint(ref: PointRef(framework: row.string(0), code: row.string(1)), title: row.string(2),
                           description: row.optionalString(3), section: row.optionalString(4))
        }
    }
}
