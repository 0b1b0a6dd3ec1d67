import SQLite

/// Indicators: adding them, recording actual values, and reading them as of a date.
extension PlanStore {
    /// What a new indicator holds; values must suit the measure (the caller checks).
    public struct NewIndicator: Sendable {
        public var title: String
        public var measure: IndicatorMeasure
        public var ascending: Bool
        public var result: IndicatorResult
        public var baseline: IndicatorValue?
        public var baselineYear: Int?
        public var target: IndicatorValue?
        public var periodEnd: Day?

        public init(title: String, measure: IndicatorMeasure = .unit, ascending: Bool = true, result: IndicatorResult = .output,
                    baseline: IndicatorValue? = nil, baselineYear: Int? = nil, target: IndicatorValue? = nil, periodEnd: Day? = nil) {
            self.title = title
            self.measure = measure
            self.ascending = ascending
            self.result = result
            self.baseline = baseline
            self.baselineYear = baselineYear
            self.target = target
            self.periodEnd = periodEnd
        }
    }

}

extension PlanStore.NewIndicator {
    /// The years a baseline may be taken in.
    public static let baselineYears = 1900...2100

    /// Every rule of the plan these values break (the commands and the importer check with it).
    public var problems: [PlanError] {
        var problems: [PlanError] = []
        for (field, value) in [("baseline", baseline), ("target", target)] {
            guard let value else { continue }
            do {
                if try value.checked(for: measure, field: field) == nil, measure.isNumeric {
                    problems.append(.invalidNumber(field: field, value: value.description))
                }
            } catch let error as PlanError {
                problems.append(error)
            } catch {}
        }
        if let baselineYear, !Self.baselineYears.contains(baselineYear) { problems.append(.invalidBaselineYear(baselineYear)) }
        return problems
    }
}

extension PlanStore {
    struct IndicatorRow {
        let id: Int64
        let activityID: Int64
        let groupID: Int64
        let measure: IndicatorMeasure
    }

    func indicatorRow(_ ref: IndicatorRef) throws -> IndicatorRow {
        let activity = try activityRow(ref.activity)
        let row = try db.cachedStatement("SELECT id, measure FROM indicator WHERE activity_id = ?1 AND number = ?2")
            .first([.integer(activity.id), .int(ref.number)]) {
                IndicatorRow(id: $0.int64(0), activityID: activity.id, groupID: activity.groupID,
                             measure: IndicatorMeasure(rawValue: $0.string(1)) ?? .unit)
            }
        guard let row else {
            let last = try db.scalarInt("SELECT max(number) FROM indicator WHERE activity_id = ?1", [.integer(activity.id)])
            throw PlanError.unknownIndicator(ref, last: last)
        }
        return row
    }

    /// Adds an indicator under the next number of its activity and returns its reference.
    public func addIndicator(to activityRef: ActivityRef, _ new: NewIndicator, by author: Author) throws -> IndicatorRef {
        try write {
            let activity = try activityRow(activityRef)
            if let cancelledOn = activity.cancelledOn {
                throw PlanError.activityCancelled(activityRef, on: cancelledOn, takes: "indicators")
            }
            if let problem = new.problems.first { throw problem }
            let number = (try db.scalarInt("SELECT max(number) FROM indicator WHERE activity_id = ?1", [.integer(activity.id)]) ?? 0) + 1
            let id = try nextID("indicator")
            let ref = IndicatorRef(activity: activityRef, number: number)
            let details = JSON.object([
                "ref": .string(ref.description), "title": .string(new.title), "measure": .string(new.measure.rawValue),
                "ascending": .bool(new.ascending), "result": .string(new.result.rawValue),
                "baseline": JSON.indicator(new.baseline),
                "baselineYear": new.baselineYear.map { .int($0) } ?? .null,
                "target": JSON.indicator(new.target), "periodEnd": .day(new.periodEnd),
            ])
            try appendEvent(.indicatorAdded, on: author.today, by: author, group: activity.groupID, activity: activity.id,
                            indicator: id, details: details)
            try storeIndicator(id: id, activityID: activity.id, details)
            return ref
        }
    }

    /// Stores the indicator an `indicator.added` event describes.
    func storeIndicator(id: Int64, activityID: Int64, _ details: JSON) throws {
        guard let ref = details["ref"]?.stringValue.flatMap(IndicatorRef.init), let title = details["title"]?.stringValue else { return }
        let measure = details["measure"]?.stringValue.flatMap(IndicatorMeasure.init) ?? .unit
        func value(_ json: JSON?) -> SQLiteValue {
            switch json {
            case .int(let number)?: return .real(Double(number))
            case .double(let number)?: return .real(number)
            case .string(let text)?: return .text(text)
            default: return .null
            }
        }
        try db.cachedStatement("""
            INSERT INTO indicator (id, activity_id, number, title, measure, ascending, result, baseline, baseline_year, target, period_end)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, measure = excluded.measure, ascending = excluded.ascending,
                result = excluded.result, baseline = excluded.baseline, baseline_year = excluded.baseline_year,
                target = excluded.target, period_end = excluded.period_end
            """).execute([.integer(id), .integer(activityID), .int(ref.number), .text(title), .text(measure.rawValue),
                          .int(details["ascending"] == .bool(false) ? 0 : 1),
                          .text(details["result"]?.stringValue ?? IndicatorResult.output.rawValue), value(details["baseline"]),
                          .nullable(details["baselineYear"]?.intValue), value(details["target"]), .day(details["periodEnd"]?.dayValue)])
    }

    /// Records an actual value of an indicator, effective `on`. The same value on the same
    /// date as the latest record changes nothing.
    /// `text` is the value as a user typed it: a plain decimal number for a numeric indicator.
    public func recordIndicator(_ ref: IndicatorRef, value text: String, on: Day, note: String?, by author: Author) throws -> ChangeOutcome {
        try write {
            let measure = try indicatorRow(ref).measure
            let value: IndicatorValue
            do {
                value = try IndicatorValue.parse(text, measure: measure, field: "value")
            } catch PlanError.invalidNumber {
                throw PlanError.invalidIndicatorValue(ref, measure: measure, value: text)
            }
            return try recordIndicator(ref, value: value, on: on, note: note, by: author)
        }
    }

    /// Records a value as a JSON body gives it: a number for a numeric indicator, text for a
    /// qualitative one.
    public func recordIndicator(_ ref: IndicatorRef, value given: IndicatorValue, on: Day, note: String?, by author: Author) throws -> ChangeOutcome {
        try write {
            let indicator = try indicatorRow(ref)
            guard let value = try given.checked(for: indicator.measure, field: "value") else {
                throw PlanError.invalidIndicatorValue(ref, measure: indicator.measure, value: given.description)
            }
            if let latest = try latestActual(indicatorID: indicator.id, asOf: on), latest.on == on, latest.value == value {
                return .unchanged("\(ref) already has \(value) on \(on); nothing changed")
            }
            try appendEvent(.indicatorRecorded, on: on, by: author, group: indicator.groupID, activity: indicator.activityID,
                            indicator: indicator.id, note: note,
                            details: .object(["ref": .string(ref.description), "value": JSON.indicator(value)]))
            return .changed
        }
    }

    private func latestActual(indicatorID: Int64, asOf: Day) throws -> (value: IndicatorValue, on: Day)? {
        try db.cachedStatement("""
            SELECT json_extract(details, '$.value'), effective_on FROM event
            WHERE indicator_id = ?1 AND kind = \(EventKind.indicatorRecorded.sql) AND effective_on <= ?2
            ORDER BY effective_on DESC, id DESC LIMIT 1
            """).first([.integer(indicatorID), .text(asOf.description)]) { row in
            PlanStore.indicatorValue(row.value(0)).map { ($0, Day(row.string(1)) ?? asOf) }
        } ?? nil
    }

    /// SQL for the indicators in scope with their latest actual value as of ?1; ?2 a group id
    /// or NULL, ?3 an activity id or NULL; cancelled activities are left out unless ?3 is set.
    static let indicatorStatesSQL = """
        SELECT g.code AS "group", a.number AS activityNumber, i.number, i.title, i.measure, i.ascending, i.baseline,
               i.baseline_year, i.target, i.period_end, json_extract(e.details, '$.value') AS actual, e.effective_on AS actualOn,
               a.group_id, i.result
        FROM indicator i
        JOIN activity a ON a.id = i.activity_id
        JOIN work_group g ON g.id = a.group_id
        LEFT JOIN event e ON e.id = (
            SELECT r.id FROM event r
            WHERE r.indicator_id = i.id AND r.kind = \(EventKind.indicatorRecorded.sql) AND r.effective_on <= ?1
            ORDER BY r.effective_on DESC, r.id DESC LIMIT 1)
        WHERE (?2 IS NULL OR a.group_id = ?2)
          AND (?3 IS NOT NULL AND a.id = ?3 OR ?3 IS NULL AND \(activeAsOfSQL))
        ORDER BY g.id, a.number, i.number
        """

    /// Indicators with their actual values as of `asOf`: of one activity, or of every activity
    /// (in one group) not cancelled as of the date. The second value of each pair is the group id.
    func indicatorStates(asOf: Day, groupID: Int64? = nil, activityID: Int64? = nil) throws -> [(IndicatorState, Int64)] {
        try db.cachedStatement(PlanStore.indicatorStatesSQL).map([
            .text(asOf.description), groupID.map { .integer($0) } ?? .null, activityID.map { .integer($0) } ?? .null,
        ]) { row in
            let state = IndicatorState(
                ref: IndicatorRef(activity: ActivityRef(group: row.string("group"), number: row.int("activityNumber")), number: row.int("number")),
                title: row.string("title"), measure: IndicatorMeasure(rawValue: row.string("measure")) ?? .unit, ascending: row.bool("ascending"),
                result: IndicatorResult(rawValue: row.string("result")) ?? .output, baseline: PlanStore.indicatorValue(row.value("baseline")),
                baselineYear: row.optionalInt("baseline_year"), target: PlanStore.indicatorValue(row.value("target")),
                periodEnd: row.optionalString("period_end").flatMap(Day.init),
                actual: PlanStore.indicatorValue(row.value("actual")), actualOn: row.optionalString("actualOn").flatMap(Day.init))
            return (state, row.int64("group_id"))
        }
    }

    /// Indicators of every activity (or one group's) as of `asOf`.
    public func indicators(asOf: Day, group: String? = nil) throws -> [IndicatorState] {
        try read {
            let groupID = try group.map { try groupRow($0).id }
            return try indicatorStates(asOf: asOf, groupID: groupID).map(\.0)
        }
    }

    // MARK: - Values

    static func sqlValue(_ value: IndicatorValue?) -> SQLiteValue {
        switch value {
        case .number(let number)?: return .real(number)
        case .text(let text)?: return .text(text)
        case nil: return .null
        }
    }

    static func indicatorValue(_ value: SQLiteValue) -> IndicatorValue? {
        switch value {
        case .integer(let number): return .number(Double(number))
        case .real(let number): return .number(number)
        case .text(let text): return .text(text)
        case .null, .blob: return nil
        }
    }
}
