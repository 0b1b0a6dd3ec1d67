import SQLite

#if canImport(Glibc)
import Glibc
#endif

/// Importing the JSON export format: read as a stream, checked value by value, with the line
/// and path of every problem (`activities[3].milestones[2].due`).
extension PlanImporter {
    typealias Token = JSONReader.Token

    enum Field<Value> {
        case value(Value)
        case null
        case invalid
    }

    mutating func importJSON(fd: Int32) throws {
        try importFile(JSONReader(fd: fd)) { importer, reader in try importer.document(&reader) }
    }

    private static let sections = ["agencies", "groups", "frameworks", "chairs", "activities", "events"]

    private mutating func document(_ reader: inout JSONReader) throws {
        guard try reader.next() == .beginObject else {
            problem(reader.line, nil, "expected a JSON object (a mawp export) at the top of the file")
            return
        }
        var sawFormat = false
        var lastSection = -1
        var sample = false
        while true {
            let token = try reader.next()
            if token == .endObject { break }
            guard case .key(let key) = token else { continue }
            let value = try reader.next()
            if let section = Self.sections.firstIndex(of: key) {
                if section < lastSection {
                    problem(reader.line, key, "\"\(key)\" must come before \"\(Self.sections[lastSection])\" "
                            + "(the order is \(Self.sections.joined(separator: ", ")))")
                }
                lastSection = max(lastSection, section)
            }
            switch key {
            case "format":
                sawFormat = true
                if value != .string("mawp") {
                    problem(reader.line, "format", "this is not a mawp export (\"format\" must be \"mawp\")")
                    try reader.skip(after: value)
                }
            case "version":
                if case .number(_, let integer?) = value, integer >= 1 {
                    if integer > PlanFormat.version {
                        problem(reader.line, "version", "version \(integer) is newer than this mawp reads (\(PlanFormat.version))")
                    }
                } else {
                    problem(reader.line, "version", "expected a whole number")
                    try reader.skip(after: value)
                }
            case "generatedAt":
                try reader.skip(after: value)
            case "sample":
                if case .bool(let flag) = value { sample = flag } else {
                    problem(reader.line, "sample", "expected true or false")
                    try reader.skip(after: value)
                }
            case "agencies": try array(value, "agencies", &reader) { importer, index, reader in try importer.agency(index, &reader) }
            case "groups": try array(value, "groups", &reader) { importer, index, reader in try importer.group(index, &reader) }
            case "frameworks":
                try array(value, "frameworks", &reader) { importer, index, reader in try importer.framework(index, &reader) }
            case "chairs": try array(value, "chairs", &reader) { importer, index, reader in try importer.chair(index, &reader) }
            case "activities": try array(value, "activities", &reader) { importer, index, reader in try importer.activity(index, &reader) }
            case "events": try array(value, "events", &reader) { importer, index, reader in try importer.event(index, &reader) }
            default:
                problem(reader.line, key, "unknown key \"\(key)\"")
                try reader.skip(after: value)
            }
            report(bytes: reader.bytesRead)
        }
        _ = try reader.next() // .end, or a syntax error for text after the object
        if !sawFormat {
            problem(1, nil, "this is not a mawp export: it has no \"format\": \"mawp\"")
        }
        if sample && result.problems.isEmpty {
            try db.cachedStatement("INSERT OR REPLACE INTO plan_setting (key, value) VALUES ('sample', 'true')").execute()
        }
    }

    /// Calls `element` for each object of an array (the reader then sits on the object's first key).
    private mutating func array(_ token: Token, _ path: String, _ reader: inout JSONReader,
                                _ element: (inout PlanImporter, Int, inout JSONReader) throws -> Void) throws {
        guard token == .beginArray else {
            problem(reader.line, path, "expected an array but found \(Self.describe(token))")
            try reader.skip(after: token)
            return
        }
        var index = 0
        while true {
            let item = try reader.next()
            if item == .endArray { return }
            if item == .beginObject {
                try element(&self, index, &reader)
            } else {
                problem(reader.line, "\(path)[\(index)]", "expected an object but found \(Self.describe(item))")
                try reader.skip(after: item)
            }
            index += 1
            if index & 255 == 0 {
                try checkInterrupt()
                report(bytes: reader.bytesRead)
            }
        }
    }

    /// The keys and value tokens of the object the reader is in, one at a time.
    private mutating func members(_ reader: inout JSONReader, _ body: (inout PlanImporter, String, Token, inout JSONReader) throws -> Void) throws {
        while true {
            let token = try reader.next()
            if token == .endObject { return }
            guard case .key(let key) = token else { continue }
            let value = try reader.next()
            try body(&self, key, value, &reader)
        }
    }

    // MARK: - Typed values

    static func describe(_ token: Token) -> String {
        switch token {
        case .beginObject: return "an object"
        case .beginArray: return "an array"
        case .string: return "text"
        case .number: return "a number"
        case .bool: return "true or false"
        case .null: return "null"
        default: return "something else"
        }
    }

    private mutating func wrong(_ token: Token, _ expected: String, _ path: @autoclosure () -> String, _ reader: inout JSONReader) throws {
        problem(reader.line, path(), "expected \(expected) but found \(Self.describe(token))")
        try reader.skip(after: token)
    }

    mutating func text(_ token: Token, _ path: @autoclosure () -> String, _ reader: inout JSONReader, required: Bool = false) throws -> Field<String> {
        switch token {
        case .string(let value):
            if required && Values.isBlank(value) {
                problem(reader.line, path(), "must not be empty")
                return .invalid
            }
            if Values.forbiddenCharacter(in: value, field: path()) != nil {
                reportRefused({ try Values.checked(text: value, field: path()) }, line: reader.line, path: path())
                return .invalid
            }
            return .value(value)
        case .null where !required: return .null
        default:
            try wrong(token, required ? "text" : "text or null", path(), &reader)
            return .invalid
        }
    }

    mutating func date(_ token: Token, _ path: @autoclosure () -> String, _ reader: inout JSONReader) throws -> Field<Day> {
        switch token {
        case .string(let value):
            guard let day = Day(value) else {
                problem(reader.line, path(), "'\(value)' is not a date (YYYY-MM-DD)")
                return .invalid
            }
            guard Values.years.contains(day.year) else {
                reportRefused({ try Values.checked(day, field: path()) }, line: reader.line, path: path())
                return .invalid
            }
            return .value(day)
        case .null: return .null
        default:
            try wrong(token, "a date (YYYY-MM-DD) or null", path(), &reader)
            return .invalid
        }
    }

    mutating func agencyCode(_ token: Token, _ path: @autoclosure () -> String, _ reader: inout JSONReader, nullable: Bool = true) throws -> Field<String> {
        switch try text(token, path(), &reader, required: !nullable) {
        case .value(let value):
            guard let code = AgencyCode.canonical(value) else {
                problem(reader.line, path(), "'\(value)' is not an agency code")
                return .invalid
            }
            return .value(code)
        case .null: return .null
        case .invalid: return .invalid
        }
    }

    mutating func stringArray(_ token: Token, _ path: @autoclosure () -> String, _ reader: inout JSONReader) throws -> Field<[String]> {
        guard token == .beginArray else {
            if token == .null { return .null }
            try wrong(token, "an array", path(), &reader)
            return .invalid
        }
        var values: [String] = []
        var valid = true
        while true {
            let item = try reader.next()
            if item == .endArray { break }
            if case .string(let value) = item { values.append(value) } else {
                try wrong(item, "text", "\(path())[\(values.count)]", &reader)
                valid = false
            }
        }
        return valid ? .value(values) : .invalid
    }

    mutating func indicatorValue(_ token: Token, measure: IndicatorMeasure, _ path: @autoclosure () -> String, _ reader: inout JSONReader) throws -> Field<IndicatorValue> {
        switch token {
        case .null: return .null
        case .number(let value, _) where measure.isNumeric: return .value(.number(value))
        case .string(let value) where !measure.isNumeric: return .value(.text(value))
        default:
            try wrong(token, measure.isNumeric ? "a number or null" : "text or null", path(), &reader)
            return .invalid
        }
    }

    // MARK: - Agencies and groups

    private mutating func agency(_ index: Int, _ reader: inout JSONReader) throws {
        let line = reader.line
        func path() -> String { "agencies[\(index)]" }
        var code: String?, name: String?, kind = AgencyKind.other, valid = true
        try members(&reader) { importer, key, value, reader in
            switch key {
            case "code":
                if case .value(let value) = try importer.agencyCode(value, path() + ".code", &reader, nullable: false) { code = value } else { valid = false }
            case "name":
                if case .value(let value) = try importer.text(value, path() + ".name", &reader, required: true) { name = value } else { valid = false }
            case "kind":
                if case .value(let text) = try importer.text(value, path() + ".kind", &reader, required: true), let value = AgencyKind(rawValue: text) {
                    kind = value
                } else {
                    importer.problem(reader.line, path() + ".kind", "expected one of \(AgencyKind.allCases.map(\.rawValue).joined(separator: ", "))")
                    valid = false
                }
            default:
                try importer.wrongKey(key, value, path(), &reader)
                valid = false
            }
        }
        guard valid, let code, let name else {
            if valid { problem(line, path(), "an agency needs a code and a name") }
            return
        }
        if try db.cachedStatement("SELECT name FROM agency WHERE code = ?1").first([.text(code)], { $0.string(0) }) != nil {
            // The file's events may rename it: compared once they are in (finish()).
            expectedNames.append((line, path() + ".name", "agency", code, name))
            return
        }
        try db.cachedStatement("INSERT INTO agency (code, name, kind) VALUES (?1, ?2, ?3)").execute([.text(code), .text(name), .text(kind.rawValue)])
        agencies[code] = db.lastInsertRowID
        result.agencies += 1
    }

    private mutating func group(_ index: Int, _ reader: inout JSONReader) throws {
        let line = reader.line
        func path() -> String { "groups[\(index)]" }
        var code: String?, name: String?, kind: GroupKind?, leads: [(String, LeadRole)] = [], valid = true
        try members(&reader) { importer, key, value, reader in
            switch key {
            case "code":
                if case .value(let text) = try importer.text(value, path() + ".code", &reader, required: true) {
                    if let canonical = GroupCode.canonical(text) { code = canonical } else {
                        importer.problem(reader.line, path() + ".code", "'\(text)' is not a group code")
                        valid = false
                    }
                } else { valid = false }
            case "name":
                if case .value(let value) = try importer.text(value, path() + ".name", &reader, required: true) { name = value } else { valid = false }
            case "kind":
                if case .value(let text) = try importer.text(value, path() + ".kind", &reader, required: true) {
                    if let value = GroupKind(rawValue: text) { kind = value } else {
                        importer.problem(reader.line, path() + ".kind", "'\(text)' is not working-group or task-force")
                        valid = false
                    }
                } else { valid = false }
            case "leads":
                guard value == .beginArray else {
                    try importer.wrong(value, "an array", path() + ".leads", &reader)
                    valid = false
                    return
                }
                var position = 0
                while true {
                    let item = try reader.next()
                    if item == .endArray { break }
                    let leadPath = "\(path()).leads[\(position)]"
                    position += 1
                    guard item == .beginObject else {
                        try importer.wrong(item, "an object", leadPath, &reader)
                        valid = false
                        continue
                    }
                    var agency: String?, role: LeadRole?
                    try importer.members(&reader) { importer, key, value, reader in
                        switch key {
                        case "agency":
                            if case .value(let code) = try importer.agencyCode(value, leadPath + ".agency", &reader, nullable: false) { agency = code }
                        case "role":
                            if case .value(let text) = try importer.text(value, leadPath + ".role", &reader, required: true) {
                                role = LeadRole(rawValue: text)
                                if role == nil { importer.problem(reader.line, leadPath + ".role", "'\(text)' is not chair, co-chair, convener or co-convener") }
                            }
                        default: try importer.wrongKey(key, value, leadPath, &reader)
                        }
                    }
                    if let agency, let role { leads.append((agency, role)) } else { valid = false }
                }
            default:
                try importer.wrongKey(key, value, path(), &reader)
                valid = false
            }
        }
        guard valid, let code, let name, let kind else {
            if valid { problem(line, path(), "a group needs a code, a kind and a name") }
            return
        }
        if let existing = try db.cachedStatement("SELECT name, kind FROM work_group WHERE code = ?1").first([.text(code)], { ($0.string(0), $0.string(1)) }) {
            if existing.1 != kind.rawValue {
                problem(line, path() + ".kind", "group \(code) exists already as a \(existing.1)")
            }
            expectedNames.append((line, path() + ".name", "group", code, name))
            return
        }
        var leadIDs: [(Int64, LeadRole)] = []
        for (index, (agency, role)) in leads.enumerated() {
            guard let id = agencies[agency] else {
                problem(line, "\(path()).leads[\(index)].agency", "unknown agency '\(agency)'")
                return
            }
            leadIDs.append((id, role))
        }
        try db.cachedStatement("INSERT INTO work_group (code, kind, name) VALUES (?1, ?2, ?3)")
            .execute([.text(code), .text(kind.rawValue), .text(name)])
        let id = db.lastInsertRowID
        groups[code] = id
        for (position, (agency, role)) in leadIDs.enumerated() {
            try db.cachedStatement("INSERT OR IGNORE INTO group_lead (group_id, agency_id, role, position) VALUES (?1, ?2, ?3, ?4)")
                .execute([.integer(id), .integer(agency), .text(role.rawValue), .int(position + 1)])
        }
        result.groups += 1
    }

    /// A framework and its points: added when the plan has none of that name (points it lacks
    /// are added too); their creation events come with the events, or are written by the import.
    private mutating func framework(_ index: Int, _ reader: inout JSONReader) throws {
        let line = reader.line
        func path() -> String { "frameworks[\(index)]" }
        var values: [String: JSON] = [:]
        try members(&reader) { importer, key, value, reader in
            switch key {
            case "name", "title", "description", "vocabularyUri", "points": values[key] = try reader.tree(value)
            default: try importer.wrongKey(key, value, path(), &reader)
            }
        }
        guard let name = values["name"]?.stringValue.flatMap(GroupCode.canonical), let title = values["title"]?.stringValue,
              !Values.isBlank(title) else {
            problem(line, path(), "a framework needs a name (lower-case words joined by hyphens) and a title")
            return
        }
        var id = try db.cachedStatement("SELECT id FROM framework WHERE name = ?1").first([.text(name)]) { $0.int64(0) }
        if id == nil {
            id = try store.nextID("framework")
            try store.storeFramework(id: id ?? 0, .object(["name": .string(name), "title": .string(title),
                                                          "description": values["description"] ?? .null,
                                                          "vocabularyUri": values["vocabularyUri"] ?? .null]))
        }
        guard let id else { return }
        for (position, point) in (values["points"]?.arrayValue ?? []).enumerated() {
            guard let code = point["code"]?.stringValue, let ref = PointRef("\(name):\(code)"), let pointTitle = point["title"]?.stringValue,
                  !Values.isBlank(pointTitle) else {
                problem(line, "\(path()).points[\(position)]", "a point needs a code (letters and digits) and a title")
                continue
            }
            if try db.cachedStatement("SELECT 1 FROM framework_point WHERE framework_id = ?1 AND code = ?2")
                .first([.integer(id), .text(ref.code)], { _ in true }) == nil {
                try store.storePoint(id: try store.nextID("framework_point"), frameworkID: id, .object([
                    "framework": .string(name), "code": .string(ref.code), "title": .string(pointTitle),
                    "description": point["description"] ?? .null, "section": point["section"] ?? .null]))
            }
        }
    }

    /// A term of the chair: checked against what the events make of the chairs in ``finish()``.
    private mutating func chair(_ index: Int, _ reader: inout JSONReader) throws {
        let line = reader.line
        func path() -> String { "chairs[\(index)]" }
        var agency: String?, from: Day?, until: Day?, valid = true
        try members(&reader) { importer, key, value, reader in
            let field = path() + "." + key
            switch key {
            case "agency":
                if case .value(let code) = try importer.agencyCode(value, field, &reader, nullable: false) { agency = code } else { valid = false }
            case "from":
                if case .value(let day) = try importer.date(value, field, &reader) { from = day } else { valid = false }
            case "until":
                switch try importer.date(value, field, &reader) {
                case .value(let day): until = day
                case .null: break
                case .invalid: valid = false
                }
            case "name": try reader.skip(after: value) // the agency's, for people reading the file
            default:
                try importer.wrongKey(key, value, path(), &reader)
                valid = false
            }
        }
        guard valid else { return }
        guard let agency, let from else {
            problem(line, path(), "a chair's term needs its agency and its from date")
            return
        }
        if agencies[agency] == nil {
            problem(line, path() + ".agency", "unknown agency '\(agency)'")
            return
        }
        expectedChairs.append((line, path(), agency, from, until))
    }

    mutating func wrongKey(_ key: String, _ value: Token, _ path: @autoclosure () -> String, _ reader: inout JSONReader) throws {
        problem(reader.line, "\(path()).\(key)", "unknown key \"\(key)\"")
        try reader.skip(after: value)
    }

    // MARK: - Activities

    private mutating func activity(_ index: Int, _ reader: inout JSONReader) throws {
        var record = ActivityRecord()
        record.line = reader.line
        record.path = RecordPath(activity: index)
        let path = record.path
        try members(&reader) { importer, key, value, reader in
            func field() -> String { path(key) }
            switch key {
            case "ref":
                if case .value(let text) = try importer.text(value, field(), &reader, required: true) {
                    record.ref = ActivityRef(text)
                    if record.ref == nil { importer.problem(reader.line, field(), "'\(text)' is not an activity reference (GROUP-N)") }
                }
            case "title":
                if case .value(let text) = try importer.text(value, field(), &reader, required: true) { record.title = text } else { record.valid = false }
            case "description":
                switch try importer.text(value, field(), &reader) {
                case .value(let text): record.description = text
                case .null: break
                case .invalid: record.valid = false
                }
            case "lead":
                switch try importer.agencyCode(value, field(), &reader) {
                case .value(let code): record.version.lead = code
                case .null: break
                case .invalid: record.valid = false
                }
            case "partners":
                switch try importer.stringArray(value, field(), &reader) {
                case .value(let codes):
                    for (position, code) in codes.enumerated() {
                        if let canonical = AgencyCode.canonical(code) { record.version.partners.append(canonical) } else {
                            importer.problem(reader.line, "\(field())[\(position)]", "'\(code)' is not an agency code")
                            record.valid = false
                        }
                    }
                case .null: break
                case .invalid: record.valid = false
                }
            case "start", "end", "cancelledOn":
                switch try importer.date(value, field(), &reader) {
                case .value(let day):
                    if key == "start" { record.version.start = day } else if key == "end" { record.version.end = day } else { record.cancelledOn = day }
                case .null: break
                case .invalid: record.valid = false
                }
            case "agenda":
                guard value == .beginArray else {
                    if value != .null {
                        try importer.wrong(value, "an array of agenda points (1-8)", field(), &reader)
                        record.valid = false
                    }
                    return
                }
                var position = 0
                while true {
                    let item = try reader.next()
                    if item == .endArray { break }
                    if case .number(_, let point?) = item { record.version.agenda.append(point) } else {
                        importer.problem(reader.line, "\(field())[\(position)]", "expected an agenda point: a number from 1 to 8")
                        try reader.skip(after: item)
                        record.valid = false
                    }
                    position += 1
                }
            case "links":
                switch try importer.stringArray(value, field(), &reader) {
                case .value(let texts):
                    for (position, text) in texts.enumerated() {
                        if let ref = PointRef(text) { record.version.links.append(ref) } else {
                            importer.problem(reader.line, "\(field())[\(position)]", "'\(text)' is not a point (FRAMEWORK:CODE)")
                            record.valid = false
                        }
                    }
                case .null: break
                case .invalid: record.valid = false
                }
            case "milestones":
                try importer.array(value, field(), &reader) { importer, index, reader in
                    record.milestones.append(try importer.milestone(RecordPath(activity: path.activity, child: ("milestones", index)), &reader))
                }
            case "indicators":
                try importer.array(value, field(), &reader) { importer, index, reader in
                    record.indicators.append(try importer.indicator(RecordPath(activity: path.activity, child: ("indicators", index)), &reader))
                }
            default:
                try importer.wrongKey(key, value, path(""), &reader)
                record.valid = false
            }
        }
        try insert(record)
    }

    private mutating func milestone(_ path: RecordPath, _ reader: inout JSONReader) throws -> MilestoneRecord {
        var record = MilestoneRecord()
        record.line = reader.line
        record.path = path
        try members(&reader) { importer, key, value, reader in
            func field() -> String { path(key) }
            switch key {
            case "ref":
                if case .value(let text) = try importer.text(value, field(), &reader, required: true) {
                    record.ref = MilestoneRef(text)
                    if record.ref == nil { importer.problem(reader.line, field(), "'\(text)' is not a milestone reference (ACTIVITY.K)") }
                }
            case "title":
                if case .value(let text) = try importer.text(value, field(), &reader, required: true) { record.title = text } else { record.valid = false }
            case "due":
                switch try importer.date(value, field(), &reader) {
                case .value(let day): record.due = day
                case .null: break
                case .invalid: record.valid = false
                }
            default:
                try importer.wrongKey(key, value, path(""), &reader)
                record.valid = false
            }
        }
        return record
    }

    private mutating func indicator(_ path: RecordPath, _ reader: inout JSONReader) throws -> IndicatorRecord {
        var record = IndicatorRecord()
        record.line = reader.line
        record.path = path
        // Values are checked against the measure once it is known, wherever it stands in the object.
        var values: [(key: String, token: Token, line: Int)] = []
        try members(&reader) { importer, key, value, reader in
            func field() -> String { path(key) }
            switch key {
            case "ref":
                if case .value(let text) = try importer.text(value, field(), &reader, required: true) {
                    record.ref = IndicatorRef(text)
                    if record.ref == nil { importer.problem(reader.line, field(), "'\(text)' is not an indicator reference (ACTIVITY.iK)") }
                }
            case "title":
                if case .value(let text) = try importer.text(value, field(), &reader, required: true) { record.title = text } else { record.valid = false }
            case "measure":
                if case .value(let text) = try importer.text(value, field(), &reader, required: true), let measure = IndicatorMeasure(rawValue: text) {
                    record.measure = measure
                } else {
                    importer.problem(reader.line, field(), "expected unit, percentage or qualitative")
                    record.valid = false
                }
            case "result":
                if case .value(let text) = try importer.text(value, field(), &reader, required: true), let kind = IndicatorResult(rawValue: text) {
                    record.result = kind
                } else {
                    importer.problem(reader.line, field(), "expected output or outcome")
                    record.valid = false
                }
            case "ascending":
                if case .bool(let flag) = value { record.ascending = flag } else {
                    try importer.wrong(value, "true or false", field(), &reader)
                    record.valid = false
                }
            case "baseline", "target":
                if value == .beginObject || value == .beginArray {
                    try importer.wrong(value, "a number, text or null", field(), &reader)
                    record.valid = false
                } else {
                    values.append((key, value, reader.line))
                }
            case "baselineYear":
                if case .number(_, let year?) = value {
                    record.baselineYear = year
                    for problem in PlanStore.NewIndicator(title: "", baselineYear: year).problems {
                        importer.problem(reader.line, field(), problem.description)
                        record.valid = false
                    }
                } else if value != .null {
                    importer.problem(reader.line, field(), "expected a year or null")
                    try reader.skip(after: value)
                    record.valid = false
                }
            case "periodEnd":
                switch try importer.date(value, field(), &reader) {
                case .value(let day): record.periodEnd = day
                case .null: break
                case .invalid: record.valid = false
                }
            default:
                try importer.wrongKey(key, value, path(""), &reader)
                record.valid = false
            }
        }
        for (key, token, line) in values {
            let valid: IndicatorValue?
            switch token {
            case .null: valid = nil
            case .number(let number, _) where record.measure.isNumeric:
                guard Values.isKept(number) else {
                    reportRefused({ try Values.checked(number, field: path(key)) }, line: line, path: path(key))
                    record.valid = false
                    continue
                }
                valid = .number(number == 0 ? 0 : number)
            case .string(let text) where !record.measure.isNumeric: valid = .text(text)
            default:
                problem(line, path(key), record.measure.isNumeric ? "expected a number for a \(record.measure.rawValue) indicator"
                                                                         : "expected text for a qualitative indicator")
                record.valid = false
                continue
            }
            if key == "baseline" { record.baseline = valid } else { record.target = valid }
        }
        return record
    }

    // MARK: - Events

    /// An event as the file gives it: its values, and what it is about by reference.
    private struct EventRecord {
        var kind: EventKind?, on: Day?, recordedAt: String?, by: String?, note: String?, details: JSON?
        var agency: String?, group: String?, activity: ActivityRef?, milestone: MilestoneRef?, indicator: IndicatorRef?
        var period: String?
        var valid = true

        /// The activity it is about: its own, or its milestone's or indicator's.
        var activityRef: ActivityRef? { activity ?? milestone?.activity ?? indicator?.activity }
    }

    /// The rows an event names, as the plan numbers them.
    private struct EventKeys {
        var agency: Int64?, group: Int64?, activity: Int64?, milestone: Int64?, indicator: Int64?
        var framework: Int64?, point: Int64?, period: Int64?
    }

    private static func eventPath(_ index: Int) -> String { "events[\(index)]" }

    /// Reads an event, resolves what it names, checks what its kind needs and the values it
    /// carries, and appends it; the first problem found is reported and the event left out.
    private mutating func event(_ index: Int, _ reader: inout JSONReader) throws {
        let line = reader.line
        let event = try eventRecord(index, &reader)
        guard event.valid else { return }
        guard let kind = event.kind, let on = event.on, let recordedAt = event.recordedAt, let by = event.by else {
            problem(line, Self.eventPath(index), "an event needs its kind, on, recordedAt and by")
            return
        }
        // Events about records that had problems of their own are not reported again.
        for ref in [event.activityRef?.description, event.milestone?.description, event.indicator?.description].compactMap({ $0 })
        where failed.contains(ref) {
            return
        }
        guard var keys = try eventKeys(event, index: index, line: line) else { return }
        if let needs = try missing(kind, event, &keys) {
            problem(line, Self.eventPath(index) + "." + needs, "a \(kind.rawValue) event needs its \(needs)")
            return
        }
        if let (field, message) = refusedValues(kind, event, on: on, by: by) {
            problem(line, Self.eventPath(index) + field, message)
            return
        }
        var baselineKey: Int64?
        if kind == .baselineAdded {
            nextBaselineID += 1
            baselineKey = nextBaselineID
        }
        if kind == .periodAdded, let code = event.period {
            // A period is made by its event: its row is projected when the import finishes.
            nextPeriodID += 1
            periods[code] = nextPeriodID
            keys.period = nextPeriodID
        }
        try store.appendEvent(kind, on: on, by: PlanStore.Author(name: by, today: on), agency: keys.agency, group: keys.group,
                              activity: keys.activity, milestone: keys.milestone, indicator: keys.indicator, baseline: baselineKey,
                              framework: keys.framework, point: keys.point, period: keys.period, note: event.note,
                              details: event.details ?? .object([]), recordedAt: recordedAt)
        result.events += 1
    }

    /// The event's members, each checked for its type and form; problems are reported and leave
    /// the record not `valid`.
    private mutating func eventRecord(_ index: Int, _ reader: inout JSONReader) throws -> EventRecord {
        func path() -> String { Self.eventPath(index) }
        var event = EventRecord()
        try members(&reader) { importer, key, value, reader in
            func field() -> String { path() + "." + key }
            /// The text of a reference, or nil (null, or a problem already reported).
            func referenceText() throws -> String? {
                switch try importer.text(value, field(), &reader) {
                case .value(let text): return text
                case .null: return nil
                case .invalid:
                    event.valid = false
                    return nil
                }
            }
            func malformed(_ text: String, _ what: String) {
                importer.problem(reader.line, field(), "'\(text)' is not \(what)")
                event.valid = false
            }
            switch key {
            case "kind":
                if case .value(let text) = try importer.text(value, field(), &reader, required: true) {
                    if let known = EventKind(rawValue: text) { event.kind = known } else {
                        importer.problem(reader.line, field(), "unknown kind of event '\(text)'")
                        event.valid = false
                    }
                } else { event.valid = false }
            case "on":
                if case .value(let day) = try importer.date(value, field(), &reader) { event.on = day } else { event.valid = false }
            case "recordedAt":
                if case .value(let text) = try importer.text(value, field(), &reader, required: true) { event.recordedAt = text } else { event.valid = false }
            case "by":
                if case .value(let text) = try importer.text(value, field(), &reader, required: true) { event.by = text } else { event.valid = false }
            case "note":
                switch try importer.text(value, field(), &reader) {
                case .value(let text): event.note = text
                case .null: break
                case .invalid: event.valid = false
                }
            case "agency":
                if let text = try referenceText() {
                    event.agency = AgencyCode.canonical(text)
                    if event.agency == nil { malformed(text, "an agency code") }
                }
            case "group":
                if let text = try referenceText() {
                    event.group = GroupCode.canonical(text)
                    if event.group == nil { malformed(text, "a group code") }
                }
            case "activity":
                if let text = try referenceText() {
                    event.activity = ActivityRef(text)
                    if event.activity == nil { malformed(text, "an activity reference") }
                }
            case "milestone":
                if let text = try referenceText() {
                    event.milestone = MilestoneRef(text)
                    if event.milestone == nil { malformed(text, "a milestone reference") }
                }
            case "indicator":
                if let text = try referenceText() {
                    event.indicator = IndicatorRef(text)
                    if event.indicator == nil { malformed(text, "an indicator reference") }
                }
            case "period":
                if let text = try referenceText() {
                    event.period = PeriodCode.canonical(text)
                    if event.period == nil { malformed(text, "a reporting period's code") }
                }
            case "details":
                if value == .beginObject {
                    event.details = try reader.tree(value)
                } else {
                    try importer.wrong(value, "an object", field(), &reader)
                    event.valid = false
                }
            default:
                try importer.wrongKey(key, value, path(), &reader)
                event.valid = false
            }
        }
        return event
    }

    /// The rows the event names by reference, which must exist; nil when one does not (reported).
    private mutating func eventKeys(_ event: EventRecord, index: Int, line: Int) throws -> EventKeys? {
        func path() -> String { Self.eventPath(index) }
        var keys = EventKeys()
        if let agency = event.agency {
            keys.agency = agencies[agency]
            if keys.agency == nil { problem(line, path() + ".agency", "unknown agency '\(agency)'"); return nil }
        }
        if let group = event.group {
            keys.group = groups[group]
            if keys.group == nil { problem(line, path() + ".group", "unknown group '\(group)'"); return nil }
        }
        if let activityRef = event.activityRef {
            guard let id = try activityID(activityRef) else {
                let key = event.activity != nil ? "activity" : event.milestone != nil ? "milestone" : "indicator"
                problem(line, path() + "." + key, "unknown activity '\(activityRef)'")
                return nil
            }
            keys.activity = id
            keys.group = keys.group ?? groups[activityRef.group]
            if let milestone = event.milestone {
                keys.milestone = try milestoneID(milestone, activityID: id)
                if keys.milestone == nil { problem(line, path() + ".milestone", "unknown milestone '\(milestone)'"); return nil }
            }
            if let indicator = event.indicator {
                keys.indicator = try indicatorID(indicator, activityID: id)
                if keys.indicator == nil { problem(line, path() + ".indicator", "unknown indicator '\(indicator)'"); return nil }
            }
        }
        if let period = event.period, event.kind != .periodAdded {
            keys.period = periods[period]
            if keys.period == nil { problem(line, path() + ".period", "unknown reporting period '\(period)'"); return nil }
        }
        return keys
    }

    /// What each kind of event is about must be named, and must exist: the name of what is
    /// missing (`agency`, `details.from`, …), or nil. A framework's events find their rows here.
    private func missing(_ kind: EventKind, _ event: EventRecord, _ keys: inout EventKeys) throws -> String? {
        let details = event.details
        switch kind {
        case .agencyAdded, .agencyEdited: return keys.agency == nil ? "agency" : nil
        case .groupAdded, .groupEdited: return keys.group == nil ? "group" : nil
        case .activityAdded, .activityEdited, .activityCancelled: return keys.activity == nil ? "activity" : nil
        case .milestoneAdded, .milestoneEdited, .milestoneDropped, .milestoneDone, .milestoneReopened:
            return keys.milestone == nil ? "milestone" : nil
        case .indicatorAdded, .indicatorRecorded: return keys.indicator == nil ? "indicator" : nil
        case .planSample, .baselineAdded: return nil
        case .periodAdded:
            // It makes its period: the code must be new, and the event's values name it.
            guard let code = event.period else { return "period" }
            if periods[code] != nil { return "period (\(code) exists already)" }
            return details?["code"] != .string(code) ? "details.code" : nil
        case .periodLocked, .periodUnlocked: return keys.period == nil ? "period" : nil
        case .updateWritten, .updateSubmitted, .updateReturned, .updateApproved, .updateReopened:
            return keys.activity == nil ? "activity" : keys.period == nil ? "period" : nil
        case .chairSet, .chairRemoved:
            // The term's first day, and for a new chair the agency the event names.
            return keys.agency == nil ? "agency"
                : details?["from"]?.stringValue.flatMap(Day.init) == nil ? "details.from"
                : kind == .chairSet && details?["agency"] != .string(event.agency ?? "") ? "details.agency" : nil
        case .frameworkAdded, .pointAdded:
            // The rows come from the frameworks section; the event is theirs.
            let name = (kind == .frameworkAdded ? details?["name"] : details?["framework"])?.stringValue ?? ""
            keys.framework = try db.cachedStatement("SELECT id FROM framework WHERE name = ?1").first([.text(name)]) { $0.int64(0) }
            if kind == .pointAdded, let frameworkKey = keys.framework, let code = details?["code"]?.stringValue {
                keys.point = try db.cachedStatement("SELECT id FROM framework_point WHERE framework_id = ?1 AND code = ?2")
                    .first([.integer(frameworkKey), .text(code)]) { $0.int64(0) }
            }
            return keys.framework == nil || (kind == .pointAdded && keys.point == nil) ? "details" : nil
        }
    }

    /// The event's values against the record it names and the rules of every other door: the
    /// field at fault (after the event's path) and what is wrong, or nil.
    private func refusedValues(_ kind: EventKind, _ event: EventRecord, on: Day, by: String) -> (field: String, message: String)? {
        let details = event.details
        // The event's values name the same record as the event (its projection reads them).
        let subject = event.milestone?.description ?? event.indicator?.description ?? event.activity?.description
        let creates = [EventKind.activityAdded, .milestoneAdded, .indicatorAdded].contains(kind)
        if let subject, let named = details?["ref"] ?? (creates ? .null : nil), named != .string(subject) {
            return (".details.ref", "must be \"\(subject)\", the event's own reference")
        }
        // Titles and names the rows will carry must be text, not empty.
        for (key, value) in [("title", creates ? details?["title"] ?? .null : nil), ("new.title", details?["new"]?["title"]),
                             ("name", [.agencyAdded, .groupAdded, .frameworkAdded].contains(kind) ? details?["name"] ?? .null : nil),
                             ("new.name", details?["new"]?["name"])] {
            guard let value else { continue }
            if value.stringValue.map(Values.isBlank) ?? true {
                return (".details." + key, "must be text, not empty")
            }
        }
        let names = [EventKind.agencyAdded, .groupAdded].contains(kind)
        if let code = event.agency ?? event.group, let named = details?["code"] ?? (names ? .null : nil), named != .string(code) {
            return (".details.code", "must be \"\(code)\", the event's own code")
        }
        // The values the event carries obey the rules of every other door (Values).
        if let refused = Values.problem(inEventOn: on, by: by, note: event.note, details: details ?? .object([])) {
            return (refused.field.map { ".\($0)" } ?? "", refused.description)
        }
        return nil
    }
}
