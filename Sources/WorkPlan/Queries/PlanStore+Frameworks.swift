import SQLite

/// Frameworks of points (the eight-point agenda, the HLD recommendations, the 2014 chair's
/// objectives, and a user's own) and how the plan covers them.
extension PlanStore {
    public func frameworks() throws -> [Framework] {
        try read {
            try db.cachedStatement("""
                SELECT f.name, f.title, f.description, f.vocabulary_uri, (SELECT count(*) FROM framework_point p WHERE p.framework_id = f.id)
                FROM framework f ORDER BY f.id
                """).map { row in
                Framework(name: row.string(0), title: row.string(1), description: row.optionalString(2),
                          vocabularyURI: row.optionalString(3), points: row.int(4))
            }
        }
    }

    /// The frameworks a report covers, from what was asked (names, `all`, `none`; repeated
    /// names once): by default every framework in the HTML report and none in the others.
    public func frameworks(chosen names: [String], html: Bool) throws -> [String] {
        let all = try frameworks().map(\.name)
        var chosen: [String] = []
        for name in names.isEmpty ? (html ? ["all"] : []) : names {
            switch name {
            case "all": chosen += all
            case "none": continue
            default:
                guard all.contains(name) else { throw PlanError.unknownFramework(name, known: all) }
                chosen.append(name)
            }
        }
        return chosen.uniqued()
    }

    func frameworkID(_ name: String) throws -> Int64 {
        guard let id = try db.cachedStatement("SELECT id FROM framework WHERE name = ?1").first([.text(name)], { $0.int64(0) }) else {
            throw PlanError.unknownFramework(name, known: try db.cachedStatement("SELECT name FROM framework ORDER BY id").map { $0.string(0) })
        }
        return id
    }

    /// A framework's points in order, each with the activities in the plan as of `asOf` linked to
    /// it, their groups and agencies.
    public func coverage(of name: String, asOf: Day) throws -> (Framework, [PointCoverage]) {
        try read { try coverage(of: name, asOf: asOf, groupID: nil) }
    }

    /// The groups × points matrix of framework `name` as of `asOf`, for every group or `group`.
    public func frameworkCoverage(of name: String, asOf: Day, group: String? = nil) throws -> FrameworkCoverage {
        try read {
            let only = try group.map { try groupRow($0).id }
            let (framework, points) = try coverage(of: name, asOf: asOf, groupID: only)
            var matrix: [String: [String: Int]] = [:]
            try db.cachedStatement("""
                SELECT g.code, p.code, count(DISTINCT a.id)
                FROM activity a JOIN activity_version v ON v.activity_id = a.id AND \(PlanStore.versionAsOfSQL)
                JOIN version_link k ON k.version_id = v.id JOIN framework_point p ON p.id = k.point_id
                JOIN framework f ON f.id = p.framework_id AND f.name = ?2
                JOIN work_group g ON g.id = a.group_id
                WHERE \(PlanStore.activeAsOfSQL) AND (?3 IS NULL OR a.group_id = ?3)
                GROUP BY g.id, p.id
                """).forEachRow([.text(asOf.description), .text(name), only.map { .integer($0) } ?? .null]) {
                matrix[$0.string(0), default: [:]][$0.string(1)] = $0.int(2)
            }
            let groups = try db.cachedStatement("SELECT code FROM work_group WHERE ?1 IS NULL OR id = ?1 ORDER BY id")
                .map([only.map { .integer($0) } ?? .null]) { $0.string(0) }
            return FrameworkCoverage(framework: framework, points: points, groups: groups, matrix: matrix)
        }
    }

    private func coverage(of name: String, asOf: Day, groupID: Int64?) throws -> (Framework, [PointCoverage]) {
        do {
            let id = try frameworkID(name)
            let parameters: [SQLiteValue] = [.text(asOf.description), .integer(id), groupID.map { .integer($0) } ?? .null]
            // The links of the activities in the plan as of ?1, to points of framework ?2.
            let links = """
                (SELECT k.point_id, a.id AS activity_id, a.group_id, v.id AS version_id, v.lead_agency_id
                 FROM activity a JOIN activity_version v ON v.activity_id = a.id AND \(PlanStore.versionAsOfSQL)
                 JOIN version_link k ON k.version_id = v.id JOIN framework_point p ON p.id = k.point_id AND p.framework_id = ?2
                 WHERE \(PlanStore.activeAsOfSQL) AND (?3 IS NULL OR a.group_id = ?3))
                """
            var groups: [Int64: [String]] = [:]
            try db.cachedStatement("""
                SELECT DISTINCT x.point_id, g.code FROM \(links) x JOIN work_group g ON g.id = x.group_id ORDER BY x.point_id, g.id
                """).forEachRow(parameters) { groups[$0.int64(0), default: []].append($0.string(1)) }
            var agencies: [Int64: [String]] = [:]
            try db.cachedStatement("""
                SELECT x.point_id, ag.code FROM \(links) x JOIN agency ag ON ag.id = x.lead_agency_id
                UNION
                SELECT x.point_id, ag.code FROM \(links) x JOIN version_partner vp ON vp.version_id = x.version_id
                JOIN agency ag ON ag.id = vp.agency_id
                ORDER BY 1, 2
                """).forEachRow(parameters) { agencies[$0.int64(0), default: []].append($0.string(1)) }
            var counts: [Int64: Int] = [:]
            try db.cachedStatement("SELECT x.point_id, count(DISTINCT x.activity_id) FROM \(links) x GROUP BY x.point_id")
                .forEachRow(parameters) { counts[$0.int64(0)] = $0.int(1) }
            let framework = try frameworks().first { $0.name == name }
            let points = try db.cachedStatement("""
                SELECT p.id, p.code, p.title, p.description, p.section FROM framework_point p WHERE p.framework_id = ?2 ORDER BY p.position
                """).map(Array(parameters.prefix(2))) { row in
                let id = row.int64(0)
                return PointCoverage(point: FrameworkPoint(ref: PointRef(framework: name, code: row.string(1)), title: row.string(2),
                                                           description: row.optionalString(3), section: row.optionalString(4)),
                                     activities: counts[id] ?? 0, groups: groups[id] ?? [], agencies: agencies[id] ?? [])
            }
            return (framework ?? Framework(name: name, title: name, description: nil, vocabularyURI: nil, points: points.count), points)
        }
    }

    // MARK: - Changes

    /// Adds a framework of the user's own (SDG targets, say); its points come with ``addPoint``.
    public func addFramework(name: String, title: String, description: String?, vocabularyURI: String?, by author: Author) throws {
        try write {
            if try db.scalarInt("SELECT 1 FROM framework WHERE name = ?1", [.text(name)]) != nil {
                throw PlanError.duplicateFramework(name)
            }
            let id = try nextID("framework")
            let details = JSON.object(["name": .string(name), "title": .string(title), "description": .string(description),
                                       "vocabularyUri": .string(vocabularyURI)])
            try appendEvent(.frameworkAdded, on: author.today, by: author, framework: id, details: details)
            try storeFramework(id: id, details)
        }
    }

    /// Adds a point to a framework, after its last one.
    public func addPoint(_ ref: PointRef, title: String, description: String?, section: String?, by author: Author) throws {
        try write {
            let framework = try frameworkID(ref.framework)
            if try db.scalarInt("SELECT 1 FROM framework_point WHERE framework_id = ?1 AND code = ?2",
                                [.integer(framework), .text(ref.code)]) != nil {
                throw PlanError.duplicatePoint(ref)
            }
            let id = try nextID("framework_point")
            let details = JSON.object(["framework": .string(ref.framework), "code": .string(ref.code), "title": .string(title),
                                       "description": .string(description), "section": .string(section)])
            try appendEvent(.pointAdded, on: author.today, by: author, framework: framework, point: id, details: details)
            try storePoint(id: id, frameworkID: framework, details)
        }
    }

    func storeFramework(id: Int64, _ details: JSON) throws {
        guard let name = details["name"]?.stringValue, let title = details["title"]?.stringValue else { return }
        try db.cachedStatement("""
            INSERT INTO framework (id, name, title, description, vocabulary_uri) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO NOTHING
            """).execute([.integer(id), .text(name), .text(title), .nullable(details["description"]?.stringValue),
                          .nullable(details["vocabularyUri"]?.stringValue)])
    }

    func storePoint(id: Int64, frameworkID: Int64, _ details: JSON) throws {
        guard let code = details["code"]?.stringValue, let title = details["title"]?.stringValue else { return }
        try db.cachedStatement("""
            INSERT INTO framework_point (id, framework_id, code, title, description, section, position)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT coalesce(max(position), 0) + 1 FROM framework_point WHERE framework_id = ?2))
            ON CONFLICT (id) DO NOTHING
            """).execute([.integer(id), .integer(frameworkID), .text(code), .text(title), .nullable(details["description"]?.stringValue),
                          .nullable(details["section"]?.stringValue)])
    }
}
