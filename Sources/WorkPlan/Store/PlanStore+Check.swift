import SQLite

/// `mawp check`: is the file sound, and does the plan keep its own rules?
extension PlanStore {
    /// One thing found wrong.
    public struct Finding: Hashable, Sendable, CustomStringConvertible {
        public let check: String
        public let message: String
        public var description: String { "\(check): \(message)" }
    }

    /// The plan's numbering rules: activities numbered 1…n in each group, milestones and
    /// indicators 1…n in each activity, with no gap and no number used twice.
    static let numberingChecks: [(String, String)] = [
        ("activity", """
            SELECT g.code || ': activities numbered up to ' || max(a.number) || ' but ' || count(*) || ' exist'
            FROM activity a JOIN work_group g ON g.id = a.group_id GROUP BY a.group_id HAVING max(a.number) <> count(*)
            """),
        ("milestone", """
            SELECT g.code || '-' || a.number || ': milestones numbered up to ' || max(m.number) || ' but ' || count(*) || ' exist'
            FROM milestone m JOIN activity a ON a.id = m.activity_id JOIN work_group g ON g.id = a.group_id
            GROUP BY m.activity_id HAVING max(m.number) <> count(*)
            """),
        ("indicator", """
            SELECT g.code || '-' || a.number || ': indicators numbered up to ' || max(i.number) || ' but ' || count(*) || ' exist'
            FROM indicator i JOIN activity a ON a.id = i.activity_id JOIN work_group g ON g.id = a.group_id
            GROUP BY i.activity_id HAVING max(i.number) <> count(*)
            """),
    ]

    /// Everything `mawp check` verifies; empty when the plan is sound. Throws only when the file
    /// cannot be read at all (a ``StorageError`` for corruption SQLite reports while reading).
    public func check() throws -> [Finding] {
        try translatingErrors { try findings() }
    }

    private func findings() throws -> [Finding] {
        var findings: [Finding] = []
        // The file itself: every page and index, then every reference.
        let integrity: [String]
        do {
            integrity = try db.prepare("PRAGMA integrity_check").map { $0.string(0) }
                .flatMap { $0.split(separator: "\n").map(String.init) }
        } catch let error as SQLiteError where error.code == .corrupt || error.code == .notADatabase {
            // Damage bad enough that SQLite cannot even walk the file.
            return [Finding(check: "integrity", message: error.message)]
        }
        if integrity != ["ok"] {
            findings += integrity.prefix(50).map { Finding(check: "integrity", message: $0) }
            return findings // the rest reads the same damaged pages
        }
        try db.prepare("PRAGMA foreign_key_check").forEachRow { row in
            findings.append(Finding(check: "references", message: "\(row.string(0)) row \(row.int64(1)) refers to a missing \(row.string(2))"))
        }
        try read {
            for (kind, sql) in PlanStore.numberingChecks {
                try db.prepare(sql).forEachRow { findings.append(Finding(check: "numbering", message: "\(kind) \($0.string(0))")) }
            }
        }
        // Every row as its events make it.
        findings += try replayFindings()
        return findings
    }
}
