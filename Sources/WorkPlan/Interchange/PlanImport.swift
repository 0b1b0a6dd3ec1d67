import SQLite

#if canImport(Glibc)
import Glibc
#endif

/// One thing wrong in an import file: where (line, and for JSON the path of the value) and what.
public struct ImportProblem: Hashable, Sendable, CustomStringConvertible {
    public let line: Int
    public let path: String?
    public let message: String

    public var description: String { path.map { "\($0): \(message)" } ?? message }
}

/// What an import did, or would do with `--dry-run`.
public struct ImportResult: Sendable {
    public var agencies = 0
    public var groups = 0
    public var activities = 0
    public var milestones = 0
    public var indicators = 0
    public var events = 0
    /// Every problem found, in file order (at most ``PlanStore/maxImportProblems`` are kept).
    public var problems: [ImportProblem] = []
    /// Problems found beyond those kept.
    public var moreProblems = 0
    /// Whether the plan was changed (false for a dry run and whenever there were problems).
    public var applied = false
}

public enum ImportFormat: String, CaseIterable, Sendable {
    case json, csv
}

extension PlanStore {
    public static let maxImportProblems = 1_000

    /// Reads a plan from `fd` and adds it to this one in a single transaction, all or nothing.
    /// The whole file is read and checked; with any problem, or with `dryRun`, the transaction is
    /// rolled back and the plan is left exactly as it was. `progress` is called now and then with
    /// the number of bytes read; `shouldStop` is asked between records, and when it says so the
    /// import stops and rolls back (a statement running then is stopped by ``interruptor``).
    public func importPlan(from fd: Int32, format: ImportFormat, dryRun: Bool, by author: Author,
                           progress: ((Int) -> Void)? = nil, shouldStop: @escaping () -> Bool = { false }) throws -> ImportResult {
        struct RollBack: Error {}
        var result = ImportResult()
        do {
            try db.writeTransaction {
                // Events name rows their projections make later in the import (a baseline's).
                try db.execute("PRAGMA defer_foreign_keys = ON")
                var importer = PlanImporter(store: self, author: author, progress: progress, shouldStop: shouldStop)
                switch format {
                case .json: try importer.importJSON(fd: fd)
                case .csv: try importer.importCSV(fd: fd)
                }
                if importer.result.problems.isEmpty { try importer.finish() }
                result = importer.result
                if !result.problems.isEmpty || dryRun { throw RollBack() }
            }
            result.applied = true
        } catch is RollBack {
            result.applied = false
        }
        return result
    }
}

/// The work of one import, inside its transaction.
struct PlanImporter {
    let store: PlanStore
    let author: PlanStore.Author
    let progress: ((Int) -> Void)?
    let shouldStop: () -> Bool
    var result = ImportResult()
    var db: Connection { store.db }

    var agencies: [String: Int64] = [:]
    var groups: [String: Int64] = [:]
    /// Activities this import made, by id from here on (the ids before it are older).
    var firstNewActivityID: Int64 = 0
    var firstNewAgencyID: Int64 = 0
    /// Agencies and groups the plan has already, with the names the file gives them: after the
    /// file's events are in, the names must agree (line, path, "agency" or "group", code, name).
    var expectedNames: [(Int, String, String, String, String)] = []
    /// The chairs section's terms (line, path, agency, from, until), made so after the events.
    var expectedChairs: [(Int, String, String, Day, Day?)] = []
    var firstNewGroupID: Int64 = 0
    var firstNewFrameworkID: Int64 = 0
    var firstNewPointID: Int64 = 0
    /// References of records that had problems, so that what refers to them is not reported again.
    var failed: Set<String> = []
    /// The last baseline id taken, so that imported baseline.added events name new baselines.
    var nextBaselineID: Int64 = 0
    /// The reporting periods by code (the plan's, then those the file's events add), and the
    /// id the next one gets.
    var periods: [String: Int64] = [:]
    var nextPeriodID: Int64 = 0
    var lastProgress = 0
    /// The statements of the import's inner loops, prepared once.
    var statements: Statements?
    /// The last activity looked up by reference: events come grouped by activity.
    var lastActivity: (ref: ActivityRef, id: Int64)?

    struct Statements {
        let insertActivity: Statement
        let insertVersion: Statement
        let insertPartner: Statement
        let insertPoint: Statement
        let insertMilestone: Statement
        let insertIndicator: Statement
        let findActivity: Statement
        let findMilestone: Statement
        let findIndicator: Statement

        init(_ db: Connection) throws {
            insertActivity = try db.prepare("""
                INSERT INTO activity (group_id, number, title, description, cancelled_on) VALUES (?1, ?2, ?3, ?4, ?5)
                """)
            insertVersion = try db.prepare("""
                INSERT INTO activity_version (activity_id, lead_agency_id, start_on, end_on) VALUES (?1, ?2, ?3, ?4)
                """)
            insertPartner = try db.prepare("INSERT OR IGNORE INTO version_partner (version_id, agency_id) VALUES (?1, ?2)")
            insertPoint = try db.prepare("""
                INSERT OR IGNORE INTO version_link (version_id, point_id)
                SELECT ?1, id FROM framework_point WHERE framework_id = (SELECT id FROM framework WHERE name = 'agenda') AND code = ?2
                """)
            // The row as its milestone.added will make it (baseline and due date alike), so that
            // projecting it from its events at the end seldom writes it again.
            insertMilestone = try db.prepare("INSERT INTO milestone (activity_id, number, title, due_on, baseline_due) VALUES (?1, ?2, ?3, ?4, ?4)")
            insertIndicator = try db.prepare("""
                INSERT INTO indicator (activity_id, number, title, measure, ascending, result, baseline, baseline_year, target, period_end)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                """)
            findActivity = try db.prepare("SELECT id FROM activity WHERE group_id = ?1 AND number = ?2")
            findMilestone = try db.prepare("SELECT id FROM milestone WHERE activity_id = ?1 AND number = ?2")
            findIndicator = try db.prepare("SELECT id FROM indicator WHERE activity_id = ?1 AND number = ?2")
        }
    }

    init(store: PlanStore, author: PlanStore.Author, progress: ((Int) -> Void)?, shouldStop: @escaping () -> Bool) {
        self.store = store
        self.author = author
        self.progress = progress
        self.shouldStop = shouldStop
    }

    mutating func load() throws {
        try db.cachedStatement("SELECT code, id FROM agency").forEachRow { agencies[$0.string(0)] = $0.int64(1) }
        try db.cachedStatement("SELECT code, id FROM work_group").forEachRow { groups[$0.string(0)] = $0.int64(1) }
        nextBaselineID = Int64(try db.scalarInt("SELECT coalesce(max(id), 0) FROM baseline") ?? 0)
        try db.prepare("SELECT code, id FROM reporting_period").forEachRow { periods[$0.string(0)] = $0.int64(1) }
        nextPeriodID = Int64(try db.scalarInt("SELECT coalesce(max(id), 0) FROM reporting_period") ?? 0)
        firstNewActivityID = Int64(try db.scalarInt("SELECT coalesce(max(id), 0) + 1 FROM activity") ?? 1)
        firstNewAgencyID = Int64(try db.scalarInt("SELECT coalesce(max(id), 0) + 1 FROM agency") ?? 1)
        firstNewGroupID = Int64(try db.scalarInt("SELECT coalesce(max(id), 0) + 1 FROM work_group") ?? 1)
        firstNewFrameworkID = Int64(try db.scalarInt("SELECT coalesce(max(id), 0) + 1 FROM framework") ?? 1)
        firstNewPointID = Int64(try db.scalarInt("SELECT coalesce(max(id), 0) + 1 FROM framework_point") ?? 1)
        statements = try Statements(db)
    }

    /// Loads the plan's reference data, then reads the file with `body`: a syntax error is a
    /// problem at its line (what was read before it is checked too); a failed read is thrown.
    mutating func importFile<Reader: ImportFileReader>(_ reader: Reader, _ body: (inout PlanImporter, inout Reader) throws -> Void) throws {
        try load()
        var reader = reader
        do {
            try body(&self, &reader)
        } catch let error as ImportSyntaxError {
            problem(error.line, nil, error.message)
        }
        if reader.readError != 0 {
            throw StorageError.readFailed(reason: String(cString: strerror(reader.readError)))
        }
    }

    mutating func problem(_ line: Int, _ path: @autoclosure () -> String?, _ message: @autoclosure () -> String) {
        if result.problems.count < PlanStore.maxImportProblems {
            result.problems.append(ImportProblem(line: line, path: path(), message: message()))
        } else {
            result.moreProblems += 1
        }
    }

    /// Reports what a rule of ``Values`` refuses, in the rule's own words (its field is the path).
    mutating func reportRefused(_ check: () throws -> Any, line: Int, path: String) {
        do {
            _ = try check()
        } catch let error as PlanError {
            problem(line, path, error.description.hasPrefix(path + ": ") ? String(error.description.dropFirst(path.count + 2)) : error.description)
        } catch {
            problem(line, path, "\(error)")
        }
    }

    /// Stops the import when the user asked (Ctrl-C): the transaction rolls back.
    func checkInterrupt() throws {
        if shouldStop() { throw StorageError.interrupted }
    }

    mutating func report(bytes: Int) {
        guard let progress, bytes - lastProgress >= 1 << 20 else { return }
        lastProgress = bytes
        progress(bytes)
    }

    /// Makes the imported rows what their events say: every imported activity, milestone and
    /// indicator gets the event that made it when the file has none, then all are projected.
    mutating func finish() throws {
        // Numbering without gaps: a file may not skip references (data-1, then data-3).
        for (kind, sql) in PlanStore.numberingChecks {
            try db.prepare(sql).forEachRow { row in
                problem(0, nil, "\(kind) numbering would have a gap: \(row.string(0)); references are numbered from 1 without gaps")
            }
        }
        guard result.problems.isEmpty else { return }
        result.events += try store.recordMissingCreations(fromActivityID: firstNewActivityID, agencyID: firstNewAgencyID,
                                                          groupID: firstNewGroupID, frameworkID: firstNewFrameworkID,
                                                          pointID: firstNewPointID, by: author)
        do {
            try store.projectEverything(fromActivityID: firstNewActivityID)
        } catch let error as PlanError {
            // The events name what the plan does not have (an agency in an activity's details).
            problem(0, "events", "the events do not make a valid plan: \(error)")
        } catch let error as SQLiteError where error.code == .constraint {
            // Or values a row may not hold.
            problem(0, "events", "the events do not make a valid plan: \(error.message)")
        }
        for problem in try store.chairProblems() {
            self.problem(0, "events", "the events do not make a valid plan: \(problem)")
        }
        for (line, path, agency, from, until) in expectedChairs where result.problems.isEmpty {
            // A term the events did not make is the import's own change, checked as the command checks it.
            do {
                if case .changed = try store.setChair(agency: agency, from: from, until: until, by: author) { result.events += 1 }
            } catch let error as PlanError {
                problem(line, path, "\(error)")
            }
        }
        for (line, path, table, code, name) in expectedNames {
            let sql = table == "agency" ? "SELECT name FROM agency WHERE code = ?1" : "SELECT name FROM work_group WHERE code = ?1"
            if let stored = try db.cachedStatement(sql).first([.text(code)], { $0.string(0) }), stored != name {
                problem(line, path, "\(table) \(code) exists already with the name '\(stored)'")
            }
        }
    }

    // MARK: - Inserting checked records

    /// Where a record stands in its file, turned into a path only when a problem is reported:
    /// `activities[3].milestones[2].due` in JSON, the column name in CSV.
    struct RecordPath {
        var activity = -1
        var child: (list: String, index: Int)?
        var csv = false

        func callAsFunction(_ key: String) -> String {
            if csv {
                switch (child?.list, key) {
                case (nil, "ref"): return "activity"
                case (nil, "title"): return "activityTitle"
                case ("milestones", "ref"): return "milestone"
                case ("milestones", "title"): return "milestoneTitle"
                default: return key
                }
            }
            let base = "activities[\(activity)]" + (child.map { ".\($0.list)[\($0.index)]" } ?? "")
            return key.isEmpty ? base : base + "." + key
        }
    }

    struct ActivityRecord {
        var line = 0
        var path = RecordPath()
        var ref: ActivityRef?
        var title: String?
        var description: String?
        /// The lead, partners, dates, agenda points and links as the file gives them.
        var version = ActivityVersion()
        var cancelledOn: Day?
        var milestones: [MilestoneRecord] = []
        var indicators: [IndicatorRecord] = []
        var valid = true
    }

    struct MilestoneRecord {
        var line = 0
        var path = RecordPath()
        var ref: MilestoneRef?
        var title: String?
        var due: Day?
        var doneOn: Day?
        var valid = true
    }

    struct IndicatorRecord {
        var line = 0
        var path = RecordPath()
        var ref: IndicatorRef?
        var title: String?
        var measure: IndicatorMeasure = .unit
        var ascending = true
        var result: IndicatorResult = .output
        var baseline: IndicatorValue?
        var baselineYear: Int?
        var target: IndicatorValue?
        var periodEnd: Day?
        var valid = true
    }

    /// Checks references of a complete activity record and inserts it; returns its id.
    @discardableResult
    mutating func insert(_ activity: ActivityRecord) throws -> Int64? {
        var valid = activity.valid
        guard let ref = activity.ref else {
            problem(activity.line, activity.path("ref"), "an activity needs its reference, such as data-1")
            return nil
        }
        if activity.title == nil {
            if activity.valid { problem(activity.line, activity.path("title"), "an activity needs a title") }
            valid = false
        }
        let groupID = groups[ref.group]
        if groupID == nil {
            problem(activity.line, activity.path("ref"), "unknown group '\(ref.group)'")
            valid = false
        }
        // The same rules as `activity add`, where the value at fault stands in the file.
        let version = activity.version.normalised()
        for error in try store.versionProblems(activity.version) {
            let field: String
            switch error {
            case .unknownAgency(let code) where code != activity.version.lead:
                field = "partners" + (activity.version.partners.firstIndex(of: code).map { "[\($0)]" } ?? "")
            case .unknownAgency: field = "lead"
            case .invalidDateRange: field = "end"
            case .unknownAgendaPoint(let point, _): field = "agenda" + (activity.version.agenda.firstIndex(of: point).map { "[\($0)]" } ?? "")
            case .unknownPoint(let ref): field = "links" + (activity.version.links.firstIndex(of: ref).map { "[\($0)]" } ?? "")
            default: field = ""
            }
            problem(activity.line, activity.path(field), error.description)
            valid = false
        }
        guard valid, let groupID, let title = activity.title else {
            failed.insert(ref.description)
            return nil
        }
        do {
            try statements?.insertActivity.execute([.integer(groupID), .int(ref.number), .text(title), .nullable(activity.description),
                              .nullable(activity.cancelledOn?.description)])
        } catch let error as SQLiteError where error.code == .constraint {
            problem(activity.line, activity.path("ref"), "duplicate reference \(ref): the plan has that activity already")
            failed.insert(ref.description)
            return nil
        }
        let id = db.lastInsertRowID
        result.activities += 1
        // The activity's row and version as the file gives them; finish() replaces them with
        // what the activity's events make of it.
        try statements?.insertVersion.execute([.integer(id), try version.lead.map { .integer(try store.agencyID($0)) } ?? .null,
                                               .day(version.start), .day(version.end)])
        let versionID = db.lastInsertRowID
        for partner in version.partners { try statements?.insertPartner.execute([.integer(versionID), .integer(try store.agencyID(partner))]) }
        for point in version.agenda { try statements?.insertPoint.execute([.integer(versionID), .text(String(point))]) }
        for link in version.links {
            try db.cachedStatement("INSERT OR IGNORE INTO version_link (version_id, point_id) VALUES (?1, ?2)")
                .execute([.integer(versionID), .integer(try store.pointID(link))])
        }
        for milestone in activity.milestones { try insert(milestone, activityID: id, activity: ref) }
        for indicator in activity.indicators { try insert(indicator, activityID: id, activity: ref) }
        return id
    }

    @discardableResult
    mutating func insert(_ milestone: MilestoneRecord, activityID: Int64, activity: ActivityRef) throws -> Int64? {
        guard let ref = milestone.ref else {
            problem(milestone.line, milestone.path("ref"), "a milestone needs its reference, such as \(activity).1")
            return nil
        }
        guard ref.activity == activity else {
            problem(milestone.line, milestone.path("ref"), "\(ref) is not a milestone of \(activity)")
            return nil
        }
        guard milestone.valid, let title = milestone.title else {
            if milestone.valid { problem(milestone.line, milestone.path("title"), "a milestone needs a title") }
            failed.insert(ref.description)
            return nil
        }
        do {
            try statements?.insertMilestone.execute([.integer(activityID), .int(ref.number), .text(title), .nullable(milestone.due?.description)])
        } catch let error as SQLiteError where error.code == .constraint {
            problem(milestone.line, milestone.path("ref"), "duplicate reference \(ref)")
            failed.insert(ref.description)
            return nil
        }
        result.milestones += 1
        return db.lastInsertRowID
    }

    mutating func insert(_ indicator: IndicatorRecord, activityID: Int64, activity: ActivityRef) throws {
        guard let ref = indicator.ref else {
            problem(indicator.line, indicator.path("ref"), "an indicator needs its reference, such as \(activity).i1")
            return
        }
        guard ref.activity == activity else {
            problem(indicator.line, indicator.path("ref"), "\(ref) is not an indicator of \(activity)")
            return
        }
        guard indicator.valid, let title = indicator.title else {
            if indicator.valid { problem(indicator.line, indicator.path("title"), "an indicator needs a title") }
            failed.insert(ref.description)
            return
        }
        do {
            try statements?.insertIndicator.execute([.integer(activityID), .int(ref.number), .text(title), .text(indicator.measure.rawValue),
                              .int(indicator.ascending ? 1 : 0), .text(indicator.result.rawValue), PlanStore.sqlValue(indicator.baseline),
                              .nullable(indicator.baselineYear), PlanStore.sqlValue(indicator.target),
                              .nullable(indicator.periodEnd?.description)])
        } catch let error as SQLiteError where error.code == .constraint {
            problem(indicator.line, indicator.path("ref"), "duplicate reference \(ref)")
            failed.insert(ref.description)
            return
        }
        result.indicators += 1
    }

    // MARK: - Looking up references of events

    mutating func activityID(_ ref: ActivityRef) throws -> Int64? {
        if let lastActivity, lastActivity.ref == ref { return lastActivity.id }
        guard let group = groups[ref.group] else { return nil }
        let id = try statements?.findActivity.first([.integer(group), .int(ref.number)]) { $0.int64(0) } ?? nil
        if let id { lastActivity = (ref, id) }
        return id
    }

    func milestoneID(_ ref: MilestoneRef, activityID: Int64) throws -> Int64? {
        try statements?.findMilestone.first([.integer(activityID), .int(ref.number)]) { $0.int64(0) } ?? nil
    }

    func indicatorID(_ ref: IndicatorRef, activityID: Int64) throws -> Int64? {
        try statements?.findIndicator.first([.integer(activityID), .int(ref.number)]) { $0.int64(0) } ?? nil
    }
}
