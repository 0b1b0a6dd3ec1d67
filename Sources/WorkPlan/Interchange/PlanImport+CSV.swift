import SQLite

#if canImport(Glibc)
import Glibc
#endif

/// Importing the CSV export's columns: one row per milestone, its activity's columns repeated
/// (an activity without milestones has one row with the milestone columns empty). The events
/// that a CSV file cannot carry are written as the import's own: activities and milestones
/// added today by the importer, milestones done on their `doneOn` date, activities cancelled on
/// their `cancelledOn` date, milestones dropped on their `droppedOn` date, and a milestone whose
/// `baselineDue` differs from its `due` added with the first and rescheduled to the second today.
extension PlanImporter {
    mutating func importCSV(fd: Int32) throws {
        try importFile(CSVReader(fd: fd)) { importer, reader in try importer.rows(&reader) }
    }

    private mutating func rows(_ reader: inout CSVReader) throws {
        guard let (headerLine, header) = try reader.next() else {
            problem(1, nil, "the file is empty: expected a header row (\(PlanFormat.csvColumns.joined(separator: ",")))")
            return
        }
        var column: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if !PlanFormat.csvColumns.contains(name) {
                problem(headerLine, name, "unknown column '\(name)' (the columns are \(PlanFormat.csvColumns.joined(separator: ",")))")
            } else if column[name] != nil {
                problem(headerLine, name, "the column '\(name)' appears twice")
            } else {
                column[name] = index
            }
        }
        for required in ["activity", "activityTitle"] where column[required] == nil {
            problem(headerLine, required, "the header has no '\(required)' column")
        }
        guard result.problems.isEmpty else { return }

        /// The activity of the rows being read, and the activity columns of its first row.
        var current: (ref: ActivityRef, id: Int64?, line: Int, cells: [String])?
        let activityColumns = ["activityTitle", "description", "lead", "partners", "partnerKinds", "start", "end", "agenda", "links",
                               "cancelledOn"]
        while let (line, fields) = try reader.next() {
            if line & 255 == 0 { try checkInterrupt() }
            report(bytes: reader.bytesRead)
            guard fields.count == header.count else {
                problem(line, nil, "expected \(header.count) fields but found \(fields.count)")
                continue
            }
            func cell(_ name: String) -> String {
                column[name].map { CSV.unneutralised(fields[$0]) } ?? ""
            }
            // Texts obey the plan's rule (Values): a row holding a control character is refused.
            if let bad = header.first(where: { column[$0] != nil && Values.forbiddenCharacter(in: cell($0), field: $0) != nil }) {
                reportRefused({ try Values.checked(text: cell(bad), field: bad) }, line: line, path: bad)
                if let ref = ActivityRef(cell("activity")) { failed.insert(ref.description) }
                continue
            }
            let refText = cell("activity")
            guard let ref = ActivityRef(refText) else {
                problem(line, "activity", "'\(refText)' is not an activity reference (GROUP-N)")
                continue
            }
            if column["group"] != nil, GroupCode.canonical(cell("group")) != ref.group {
                problem(line, "group", "the group '\(cell("group"))' is not the group of \(ref)")
                continue
            }
            let cells = activityColumns.map(cell)
            if let current, current.ref == ref {
                if let differing = zip(activityColumns, zip(cells, current.cells)).first(where: { $0.1.0 != $0.1.1 }) {
                    problem(line, differing.0, "\(ref) has another \(differing.0) on line \(current.line)")
                    continue
                }
            } else if let existing = try activityID(ref) {
                if existing < firstNewActivityID {
                    problem(line, "activity", "duplicate reference \(ref): the plan has that activity already")
                    failed.insert(ref.description)
                } else {
                    problem(line, "activity", "the rows of \(ref) must follow one another")
                }
                current = (ref, nil, line, cells)
                continue
            } else if failed.contains(ref.description) {
                continue
            } else {
                current = (ref, try newActivity(ref, line: line, cell: cell), line, cells)
            }
            guard let activityID = current?.id else { continue }
            let milestoneText = cell("milestone")
            if milestoneText.isEmpty {
                if !["milestoneTitle", "due", "doneOn", "baselineDue", "droppedOn"].allSatisfy({ cell($0).isEmpty }) {
                    problem(line, "milestone", "a row with milestone columns needs the milestone's reference")
                }
                continue
            }
            try newMilestone(milestoneText, of: ref, activityID: activityID, line: line, baselines: column["baselineDue"] != nil, cell: cell)
        }
    }

    private func agencyKind(_ code: String) throws -> AgencyKind? {
        try db.cachedStatement("SELECT kind FROM agency WHERE code = ?1").first([.text(code)]) { AgencyKind(rawValue: $0.string(0)) } ?? nil
    }

    /// A title's cell: a blank one is refused by the plan's rule, reported at its line.
    private mutating func title(_ text: String, _ column: String, line: Int, valid: inout Bool) -> String? {
        guard Values.isBlank(text) else { return text }
        problem(line, column, PlanError.blankText(field: "title").description)
        valid = false
        return nil
    }

    private mutating func day(_ text: String, _ column: String, line: Int, valid: inout Bool) -> Day? {
        guard !text.isEmpty else { return nil }
        guard let day = Day(text) else {
            problem(line, column, "'\(text)' is not a date (YYYY-MM-DD)")
            valid = false
            return nil
        }
        guard Values.years.contains(day.year) else {
            reportRefused({ try Values.checked(day, field: column) }, line: line, path: column)
            valid = false
            return nil
        }
        return day
    }

    private mutating func newActivity(_ ref: ActivityRef, line: Int, cell: (String) -> String) throws -> Int64? {
        var record = ActivityRecord()
        record.line = line
        record.path = RecordPath(csv: true)
        record.ref = ref
        record.title = title(cell("activityTitle"), "activityTitle", line: line, valid: &record.valid)
        record.description = cell("description").isEmpty ? nil : cell("description")
        let codes: [(String, String)] = [("lead", cell("lead"))] + cell("partners").split(separator: ";").map { ("partners", String($0)) }
        for (column, text) in codes where !text.isEmpty {
            guard let code = AgencyCode.canonical(text) else {
                problem(line, column, "'\(text)' is not an agency code")
                record.valid = false
                continue
            }
            if column == "lead" { record.version.lead = code } else { record.version.partners.append(code) }
        }
        // The kinds the file gives its partners must be what the plan's agencies are (the kinds
        // travel with the agencies, in the JSON export or by agency add --kind).
        let kinds = cell("partnerKinds").split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        if !cell("partnerKinds").isEmpty {
            if kinds.count != record.version.partners.count {
                problem(line, "partnerKinds", "gives \(kinds.count) kinds for \(record.version.partners.count) partners")
                record.valid = false
            } else {
                for (code, text) in zip(record.version.partners, kinds) {
                    guard let kind = AgencyKind(rawValue: text) else {
                        problem(line, "partnerKinds", "'\(text)' is not a kind of stakeholder (\(AgencyKind.allCases.map(\.rawValue).joined(separator: ", ")))")
                        record.valid = false
                        continue
                    }
                    if let stored = try agencyKind(code), stored != kind {
                        problem(line, "partnerKinds", "\(code) is a \(stored.rawValue) in this plan, not a \(kind.rawValue)")
                        record.valid = false
                    }
                }
            }
        }
        for text in cell("links").split(separator: ";") {
            if let ref = PointRef(String(text)) { record.version.links.append(ref) } else {
                problem(line, "links", "'\(text)' is not a point: FRAMEWORK:CODE, such as recommendations:P1")
                record.valid = false
            }
        }
        record.version.start = day(cell("start"), "start", line: line, valid: &record.valid)
        record.version.end = day(cell("end"), "end", line: line, valid: &record.valid)
        record.cancelledOn = day(cell("cancelledOn"), "cancelledOn", line: line, valid: &record.valid)
        for text in cell("agenda").split(separator: ";") {
            if let point = Int(text) { record.version.agenda.append(point) } else {
                problem(line, "agenda", "'\(text)' is not an agenda point: a number from 1 to 8")
                record.valid = false
            }
        }
        let id = try insert(record)
        guard let id, let groupID = groups[ref.group], let title = record.title else { return nil }
        let version = record.version.normalised()
        try store.appendEvent(.activityAdded, on: author.today, by: author, group: groupID, activity: id,
                              details: PlanStore.activityAddedDetails(ref, title: title, description: record.description,
                                                                      version: version, addedOn: nil))
        result.events += 1
        if let cancelledOn = record.cancelledOn {
            try store.appendEvent(.activityCancelled, on: cancelledOn, by: author, group: groupID, activity: id,
                                  details: .object(["ref": .string(ref.description)]))
            result.events += 1
        }
        return id
    }

    /// `baselines`: the file has a `baselineDue` column (an empty cell is then no baseline due
    /// date); without it a milestone's `due` is its baseline too.
    private mutating func newMilestone(_ text: String, of activity: ActivityRef, activityID: Int64, line: Int, baselines: Bool,
                                       cell: (String) -> String) throws {
        var record = MilestoneRecord()
        record.line = line
        record.path = RecordPath(child: ("milestones", 0), csv: true)
        guard let ref = MilestoneRef(text) else {
            problem(line, "milestone", "'\(text)' is not a milestone reference (ACTIVITY.K)")
            return
        }
        record.ref = ref
        record.title = title(cell("milestoneTitle"), "milestoneTitle", line: line, valid: &record.valid)
        let due = day(cell("due"), "due", line: line, valid: &record.valid)
        let baselineDue = day(cell("baselineDue"), "baselineDue", line: line, valid: &record.valid)
        let doneOn = day(cell("doneOn"), "doneOn", line: line, valid: &record.valid)
        let droppedOn = day(cell("droppedOn"), "droppedOn", line: line, valid: &record.valid)
        record.due = baselines ? baselineDue : due
        let inserted = try insert(record, activityID: activityID, activity: activity)
        guard let id = inserted, let groupID = groups[activity.group], let title = record.title else { return }
        func append(_ kind: EventKind, on: Day, _ details: [JSON.Member] = []) throws {
            try store.appendEvent(kind, on: on, by: author, group: groupID, activity: activityID, milestone: id,
                                  details: .object([JSON.Member("ref", .string(ref.description))] + details))
            result.events += 1
        }
        try store.appendEvent(.milestoneAdded, on: author.today, by: author, group: groupID, activity: activityID, milestone: id,
                              details: PlanStore.milestoneAddedDetails(ref, title: title, due: record.due, addedOn: nil))
        result.events += 1
        if baselines, let due, due != baselineDue {
            // The file says where the milestone stands, not when it moved: rescheduled today.
            try append(.milestoneEdited, on: author.today, [JSON.Member("old", .object(["due": .day(baselineDue)])),
                                                            JSON.Member("new", .object(["due": .day(due)]))])
        }
        if let doneOn { try append(.milestoneDone, on: doneOn) }
        if let droppedOn { try append(.milestoneDropped, on: droppedOn) }
    }
}
