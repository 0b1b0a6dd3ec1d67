import SQLite

/// The reporting cycle's changes (DESIGN §10): periods added, locked and unlocked; updates
/// written, submitted, approved, returned and reopened. Each is an event; the rows are their
/// projections.
extension PlanStore {
    struct PeriodRow {
        let id: Int64
        let period: ReportingPeriod
    }

    static let periodColumns = "id, code, title, from_on, to_on, deadline, locked"

    static func periodRow(_ row: Statement) -> PeriodRow {
        PeriodRow(id: row.int64("id"), period: ReportingPeriod(
            code: row.string("code"), title: row.string("title"), from: Day(row.string("from_on")) ?? .today(),
            to: Day(row.string("to_on")) ?? .today(), deadline: Day(row.string("deadline")) ?? .today(), locked: row.bool("locked")))
    }

    func periodRow(_ code: String) throws -> PeriodRow {
        if let row = try db.cachedStatement("SELECT \(PlanStore.periodColumns) FROM reporting_period WHERE code = ?1")
            .first([.text(code)], PlanStore.periodRow) {
            return row
        }
        throw PlanError.unknownPeriod(code, known: try db.cachedStatement("SELECT code FROM reporting_period ORDER BY from_on, code")
            .map { $0.string(0) })
    }

    // MARK: - Periods

    /// Adds a reporting period. Its dates: `to` not before `from`, the deadline not before `from`.
    @discardableResult
    public func addPeriod(_ period: ReportingPeriod, by author: Author) throws -> ReportingPeriod {
        try write {
            if try db.scalarInt("SELECT 1 FROM reporting_period WHERE code = ?1", [.text(period.code)]) != nil {
                throw PlanError.duplicatePeriod(period.code)
            }
            for end in [period.to, period.deadline] where end < period.from {
                throw PlanError.invalidDateRange(start: period.from, end: end, from: nil)
            }
            let id = try nextID("reporting_period")
            try appendEvent(.periodAdded, on: author.today, by: author, period: id, details: .object([
                "code": .string(period.code), "title": .string(period.title), "from": .day(period.from), "to": .day(period.to),
                "deadline": .day(period.deadline),
            ]))
            try projectPeriod(id: id)
            return try periodRow(period.code).period
        }
    }

    /// Locks a period (its updates take no change) or unlocks it; unlocking needs a note.
    public func setPeriod(_ code: String, locked: Bool, note: String?, by author: Author) throws -> ChangeOutcome {
        try write {
            let row = try periodRow(code)
            if !locked, Values.isBlank(note ?? "") { throw PlanError.blankText(field: "note") }
            if row.period.locked == locked { return .unchanged("\(code) is already \(locked ? "locked" : "open"); nothing changed") }
            try appendEvent(locked ? .periodLocked : .periodUnlocked, on: author.today, by: author, period: row.id, note: note,
                            details: .object(["code": .string(code)]))
            try projectPeriod(id: row.id)
            return .changed
        }
    }

    /// Every reporting period, by start date.
    public func periods() throws -> [ReportingPeriod] {
        try read {
            try db.prepare("SELECT \(PlanStore.periodColumns) FROM reporting_period ORDER BY from_on, code").map { PlanStore.periodRow($0).period }
        }
    }

    public func period(_ code: String) throws -> ReportingPeriod {
        try read { try periodRow(code).period }
    }

    // MARK: - Updates

    /// Writes the draft of `ref`'s update for `period`: the fields given replace those written
    /// before. A first write with nothing given makes an empty draft.
    public func writeUpdate(_ ref: ActivityRef, period code: String, _ text: UpdateText, by author: Author) throws -> ChangeOutcome {
        try write {
            let (activity, period, current) = try updateForChange(ref, code, step: .write)
            var edit = EditDetails()
            edit.change("status", from: .string(current.status?.rawValue), to: text.status.map { .string($0.rawValue) })
            edit.change("achievements", from: .string(current.achievements), to: text.achievements.map { .string($0) })
            edit.change("challenges", from: .string(current.challenges), to: text.challenges.map { .string($0) })
            edit.change("nextSteps", from: .string(current.nextSteps), to: text.nextSteps.map { .string($0) })
            if edit.isEmpty && current.state != .missing {
                return .unchanged("the update of \(ref) for \(code) already reads so; nothing changed")
            }
            var details = edit.json(ref: ref.description)
            if case .object(let members) = details { details = .object([JSON.Member("period", .string(code))] + members) }
            try appendEvent(.updateWritten, on: author.today, by: author, group: activity.groupID, activity: activity.id, period: period.id,
                            details: details)
            try projectUpdate(activityID: activity.id, periodID: period.id)
            return .changed
        }
    }

    /// Moves `ref`'s update for `period` one step: submitted (it needs a status), approved (not
    /// by whoever submitted it), returned or reopened (each with a note).
    public func moveUpdate(_ ref: ActivityRef, period code: String, _ step: UpdateStep, note: String?, by author: Author) throws -> ChangeOutcome {
        // Writing is writeUpdate's, with the texts: as a step alone it writes nothing new.
        if step == .write { return try writeUpdate(ref, period: code, UpdateText(), by: author) }
        return try write {
            let (activity, period, current) = try updateForChange(ref, code, step: step)
            switch step {
            case .submit where current.status == nil:
                throw PlanError.updateWithoutStatus(ref, period: code)
            case .approve where current.submittedBy == author.name:
                throw PlanError.ownSubmission(ref, period: code, user: author.name)
            case .return, .reopen:
                if Values.isBlank(note ?? "") { throw PlanError.blankText(field: "note") }
            default: break
            }
            try appendEvent(step.kind, on: author.today, by: author, group: activity.groupID, activity: activity.id, period: period.id,
                            note: note, details: .object(["ref": .string(ref.description), "period": .string(code)]))
            try projectUpdate(activityID: activity.id, periodID: period.id)
            return .changed
        }
    }

    /// The activity, the period and the update as they stand, when the period is open and the
    /// update in a state `step` starts from.
    private func updateForChange(_ ref: ActivityRef, _ code: String, step: UpdateStep) throws -> (ActivityRow, PeriodRow, ProgressUpdate) {
        let activity = try activityRow(ref)
        let period = try periodRow(code)
        if period.period.locked { throw PlanError.periodLocked(code) }
        let current = try storedUpdate(ref, activityID: activity.id, period: period)
        guard step.from.contains(current.state) else {
            throw PlanError.updateState(ref, period: code, state: current.state, step: step)
        }
        return (activity, period, current)
    }

    /// `ref`'s update for the period as stored (``ProgressUpdate/missing(_:period:)`` when none).
    func storedUpdate(_ ref: ActivityRef, activityID: Int64, period: PeriodRow) throws -> ProgressUpdate {
        try db.cachedStatement("SELECT \(PlanStore.updateColumns) FROM progress_update u WHERE u.activity_id = ?1 AND u.period_id = ?2")
            .first([.integer(activityID), .integer(period.id)]) { PlanStore.update($0, ref: ref, period: period.period.code) }
            ?? .missing(ref, period: period.period.code)
    }

    static let updateColumns = """
        u.state, u.status, u.achievements, u.challenges, u.next_steps, u.written_by, u.submitted_by, u.reviewed_by, u.review_note, u.changes
        """

    static func update(_ row: Statement, ref: ActivityRef, period: String) -> ProgressUpdate {
        ProgressUpdate(activity: ref, period: period, state: UpdateState(rawValue: row.string("state")) ?? .draft,
                       status: row.optionalString("status").flatMap(UpdateStatus.init(rawValue:)),
                       achievements: row.string("achievements"), challenges: row.string("challenges"), nextSteps: row.string("next_steps"),
                       writtenBy: row.optionalString("written_by"), submittedBy: row.optionalString("submitted_by"),
                       reviewedBy: row.optionalString("reviewed_by"), reviewNote: row.optionalString("review_note"), changes: row.int("changes"))
    }

    // MARK: - Projections

    /// Stores what the period's events make of it (nothing, when none is left).
    func projectPeriod(id: Int64) throws {
        var values: JSON?
        var locked = false
        try db.cachedStatement("SELECT kind, details FROM event WHERE period_id = ?1 AND activity_id IS NULL ORDER BY id")
            .forEachRow([.integer(id)]) { row in
                switch EventKind(rawValue: row.string(0)) {
                case .periodAdded?: values = JSON.parse(row.string(1))
                case .periodLocked?: locked = true
                case .periodUnlocked?: locked = false
                default: break
                }
            }
        guard let values, let code = values["code"]?.stringValue, let title = values["title"]?.stringValue,
              let from = values["from"]?.stringValue, let to = values["to"]?.stringValue, let deadline = values["deadline"]?.stringValue else {
            try db.cachedStatement("DELETE FROM reporting_period WHERE id = ?1").execute([.integer(id)])
            return
        }
        try db.cachedStatement("""
            INSERT INTO reporting_period (id, code, title, from_on, to_on, deadline, locked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT (id) DO UPDATE SET code = ?2, title = ?3, from_on = ?4, to_on = ?5, deadline = ?6, locked = ?7
            """).execute([.integer(id), .text(code), .text(title), .text(from), .text(to), .text(deadline), .int(locked ? 1 : 0)])
    }

    /// Stores what the update's events make of it, folded in record order (nothing, when none is left).
    func projectUpdate(activityID: Int64, periodID: Int64) throws {
        var state = UpdateState.missing
        var status: String?, achievements = "", challenges = "", nextSteps = ""
        var writtenBy = "", submittedBy: String?, reviewedBy: String?, reviewNote: String?
        var changes = 0
        try db.cachedStatement("""
            SELECT kind, actor, note, details FROM event WHERE activity_id = ?1 AND period_id = ?2 ORDER BY id
            """).forEachRow([.integer(activityID), .integer(periodID)]) { row in
            let actor = row.string("actor"), note = row.optionalString("note")
            changes += 1
            switch EventKind(rawValue: row.string("kind")) {
            case .updateWritten?:
                let new = JSON.parse(row.string("details"))?["new"]
                if let value = new?["status"] { status = value.stringValue }
                achievements = new?["achievements"]?.stringValue ?? achievements
                challenges = new?["challenges"]?.stringValue ?? challenges
                nextSteps = new?["nextSteps"]?.stringValue ?? nextSteps
                writtenBy = actor
                if state == .missing { state = .draft }
            case .updateSubmitted?: (state, submittedBy) = (.submitted, actor)
            case .updateApproved?: (state, reviewedBy, reviewNote) = (.approved, actor, note)
            case .updateReturned?: (state, reviewedBy, reviewNote) = (.returned, actor, note)
            case .updateReopened?: (state, reviewedBy, reviewNote) = (.draft, actor, note)
            default: changes -= 1
            }
        }
        guard state != .missing else {
            try db.cachedStatement("DELETE FROM progress_update WHERE activity_id = ?1 AND period_id = ?2")
                .execute([.integer(activityID), .integer(periodID)])
            return
        }
        try db.cachedStatement("""
            INSERT OR REPLACE INTO progress_update (activity_id, period_id, state, status, achievements, challenges, next_steps,
                                                    written_by, submitted_by, reviewed_by, review_note, changes)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
            """).execute([.integer(activityID), .integer(periodID), .text(state.rawValue), .nullable(status), .text(achievements),
                          .text(challenges), .text(nextSteps), .text(writtenBy), .nullable(submittedBy), .nullable(reviewedBy),
                          .nullable(reviewNote), .int(changes)])
    }

    /// Every period and update projected from the log (a replay).
    func projectReporting() throws {
        let periods = try db.prepare("SELECT DISTINCT period_id FROM event WHERE period_id IS NOT NULL AND activity_id IS NULL")
            .map([]) { $0.int64(0) }
        for id in periods { try projectPeriod(id: id) }
        let updates = try db.prepare("""
            SELECT DISTINCT activity_id, period_id FROM event WHERE period_id IS NOT NULL AND activity_id IS NOT NULL
            """).map { ($0.int64(0), $0.int64(1)) }
        for (activity, period) in updates { try projectUpdate(activityID: activity, periodID: period) }
    }
}
