import SQLite

/// The chair, which rotates among the GMG's members. The `chair_term` table is what the events
/// chair.set and chair.removed make of the seeded terms: each event names a term by its first
/// day and carries the term's old values, so that taking it out puts them back.
extension PlanStore {
    /// Every term, earliest first.
    public func chairTerms() throws -> [ChairTerm] {
        try read {
            try db.cachedStatement("""
                SELECT a.code, a.name, c.from_on, c.until_on FROM chair_term c JOIN agency a ON a.id = c.agency_id ORDER BY c.from_on
                """).map { row in
                ChairTerm(agency: row.string(0), agencyName: row.string(1), from: Day(row.string(2)) ?? .today(),
                          until: row.optionalString(3).flatMap(Day.init))
            }
        }
    }

    /// The term that covers ?1, if any.
    static let chairAsOfSQL = """
        SELECT a.code, a.name, c.from_on, c.until_on FROM chair_term c JOIN agency a ON a.id = c.agency_id
        WHERE c.from_on <= ?1 AND (c.until_on IS NULL OR c.until_on >= ?1) ORDER BY c.from_on DESC LIMIT 1
        """

    /// The term that covers `day`, if any.
    public func chair(asOf day: Day) throws -> ChairTerm? {
        try read {
            try db.cachedStatement(PlanStore.chairAsOfSQL).first([.text(day.description)]) { row in
                ChairTerm(agency: row.string(0), agencyName: row.string(1), from: Day(row.string(2)) ?? day,
                          until: row.optionalString(3).flatMap(Day.init))
            }
        }
    }

    /// Makes `agency` the chair from `from` (to `until`, or with no end): a new term, or the
    /// term that begins on `from` given another agency or end. Terms may not overlap, and only
    /// a GMG member chairs.
    public func setChair(agency: String, from: Day, until: Day?, by author: Author) throws -> ChangeOutcome {
        try write {
            if let until, until < from { throw PlanError.invalidDateRange(start: from, end: until, from: nil) }
            try checkMember(agency, role: .chair)
            let old = try term(from: from)
            if let old, old.agency == agency, old.until == until {
                return .unchanged("\(agency) chairs the GMG from \(from)\(until.map { " to \($0)" } ?? "") already; nothing changed")
            }
            let end = until.map { SQLiteValue.text($0.description) } ?? .text(PlanStore.endOfTime)
            if let other = try db.cachedStatement("""
                SELECT a.code, a.name, c.from_on, c.until_on FROM chair_term c JOIN agency a ON a.id = c.agency_id
                WHERE c.from_on <> ?1 AND c.from_on <= ?2 AND coalesce(c.until_on, ?3) >= ?1 ORDER BY c.from_on LIMIT 1
                """).first([.text(from.description), end, .text(PlanStore.endOfTime)], { row in
                    ChairTerm(agency: row.string(0), agencyName: row.string(1), from: Day(row.string(2)) ?? from,
                              until: row.optionalString(3).flatMap(Day.init))
                }) {
                throw PlanError.chairOverlap(other)
            }
            let details = JSON.object(["from": .day(from), "agency": .string(agency), "until": .day(until),
                                       "old": old.map(PlanStore.termValues) ?? .null])
            try appendEvent(.chairSet, on: author.today, by: author, agency: try agencyID(agency), details: details)
            try applyChairEvent(.chairSet, details)
            return .changed
        }
    }

    /// Takes the term that begins on `from` out of the chair's history.
    public func removeChair(from: Day, by author: Author) throws -> ChairTerm {
        try write {
            guard let old = try term(from: from) else { throw PlanError.unknownChairTerm(from: from) }
            let details = JSON.object(["from": .day(from), "old": PlanStore.termValues(old)])
            try appendEvent(.chairRemoved, on: author.today, by: author, agency: try agencyID(old.agency), details: details)
            try applyChairEvent(.chairRemoved, details)
            return old
        }
    }

    private func term(from: Day) throws -> ChairTerm? {
        try db.cachedStatement("""
            SELECT a.code, a.name, c.until_on FROM chair_term c JOIN agency a ON a.id = c.agency_id WHERE c.from_on = ?1
            """).first([.text(from.description)]) { row in
            ChairTerm(agency: row.string(0), agencyName: row.string(1), from: from, until: row.optionalString(2).flatMap(Day.init))
        }
    }

    private static func termValues(_ term: ChairTerm) -> JSON {
        .object(["agency": .string(term.agency), "until": .day(term.until)])
    }

    // MARK: - Projection

    /// Makes the term an event names what the event says: set (upsert) or removed (delete).
    func applyChairEvent(_ kind: EventKind, _ details: JSON) throws {
        guard let from = details["from"]?.stringValue else { return }
        if kind == .chairSet, let agency = details["agency"]?.stringValue {
            try storeTerm(from: from, agency: agency, until: details["until"]?.stringValue)
        } else if kind == .chairRemoved {
            try db.cachedStatement("DELETE FROM chair_term WHERE from_on = ?1").execute([.text(from)])
        }
    }

    /// Undoes a chair event taken out of the log: the term goes back to its old values, or goes.
    func undoChairEvent(_ details: JSON) throws {
        guard let from = details["from"]?.stringValue else { return }
        if let old = details["old"], let agency = old["agency"]?.stringValue {
            try storeTerm(from: from, agency: agency, until: old["until"]?.stringValue)
        } else {
            try db.cachedStatement("DELETE FROM chair_term WHERE from_on = ?1").execute([.text(from)])
        }
    }

    private func storeTerm(from: String, agency: String, until: String?) throws {
        try db.cachedStatement("""
            INSERT INTO chair_term (from_on, agency_id, until_on) VALUES (?1, ?2, ?3)
            ON CONFLICT (from_on) DO UPDATE SET agency_id = excluded.agency_id, until_on = excluded.until_on
            """).execute([.text(from), .integer(try agencyID(agency)), .nullable(until)])
    }

    /// Applies every chair event of the log, in record order, over the terms there are.
    func projectChairTerms() throws {
        try db.prepare("""
            SELECT kind, details FROM event WHERE kind IN (\(EventKind.chairSet.sql), \(EventKind.chairRemoved.sql)) ORDER BY id
            """).forEachRow { row in
            guard let kind = EventKind(rawValue: row.string(0)) else { return }
            try applyChairEvent(kind, JSON.parse(row.string(1)) ?? .object([]))
        }
    }

    /// Terms that break the rules (overlapping, or chaired by an agency that is not a member),
    /// as statements: what an import of events must not leave.
    func chairProblems() throws -> [String] {
        var problems: [String] = []
        try db.cachedStatement("""
            SELECT a.from_on, b.from_on FROM chair_term a JOIN chair_term b ON b.from_on > a.from_on
            WHERE b.from_on <= coalesce(a.until_on, '\(PlanStore.endOfTime)') ORDER BY a.from_on, b.from_on
            """).forEachRow { problems.append("the chair's terms from \($0.string(0)) and from \($0.string(1)) overlap") }
        try db.cachedStatement("""
            SELECT a.code, c.from_on FROM chair_term c JOIN agency a ON a.id = c.agency_id WHERE a.kind <> \(AgencyKind.gmgMember.sql) ORDER BY c.from_on
            """).forEachRow { problems.append("\($0.string(0)) chairs from \($0.string(1)) but is not a GMG member") }
        return problems
    }
}
