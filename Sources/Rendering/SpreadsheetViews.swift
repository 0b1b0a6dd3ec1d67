import OpenXML
import WorkPlan

/// `--format xlsx`: each sheet is the CSV's table with typed cells (its columns and values are
/// the CSV's, so one definition serves both), under lines that say what it is, as of when,
/// and whether the plan is the sample.
public enum SpreadsheetView {
    /// What a column holds, by its CSV name: the same name is the same type on every sheet.
    enum Kind { case text, integer, number, percent, date, dateTime, boolean }

    static let kinds: [String: Kind] = {
        var kinds: [String: Kind] = [:]
        for name in ["asOf", "thenAsOf", "start", "end", "cancelledOn", "nextDue", "due", "doneOn", "baselineDue", "droppedOn",
                     "periodEnd", "actualOn", "on", "from", "until"] { kinds[name] = .date }
        for name in ["activities", "milestones", "milestonesDone", "overdue", "indicators", "daysSlipped", "reschedules",
                     "rescheduled", "doneOnTime", "baselineYear", "withStakeholders", "government", "socialPartners",
                     "civilSociety", "otherStakeholders", "thenActivities", "thenMilestones", "thenMilestonesDone",
                     "thenOverdue"] { kinds[name] = .integer }
        for name in ["percentComplete", "thenPercentComplete", "indicatorProgress", "percentToTarget", "onTimeRate"] {
            kinds[name] = .percent
        }
        for name in ["baseline", "target", "actual"] { kinds[name] = .number }
        for name in ["sample", "done", "onTime", "ascending"] { kinds[name] = .boolean }
        kinds["recordedAt"] = .dateTime
        return kinds
    }()

    /// A framework's point (`recommendations:G1`) counts activities.
    static func kind(of column: String) -> Kind {
        kinds[column] ?? (column.contains(":") ? .integer : .text)
    }

    /// The CSV cell typed as its column says; a value that does not parse stays text, so
    /// nothing is lost (a text indicator's value, say).
    static func cell(_ text: String, _ kind: Kind) -> Cell {
        if text.isEmpty { return .empty }
        switch kind {
        case .text: return .text(text)
        case .integer: return Int(text).map(Cell.integer) ?? .text(text)
        case .number: return Double(text).flatMap { $0.isFinite ? Cell.number($0) : nil } ?? .text(text)
        case .percent: return Double(text).flatMap { $0.isFinite ? Cell.percent($0 / 100) : nil } ?? .text(text)
        case .date: return Day(text).map(date) ?? .text(text)
        case .dateTime: return dateTime(text) ?? .text(text)
        case .boolean:
            switch text {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: return .text(text)
            }
        }
    }

    static func date(_ day: Day) -> Cell { .date(year: day.year, month: day.month, day: day.day) }

    /// `YYYY-MM-DDTHH:MM:SS[.sss]Z`, as the event log records moments (UTC).
    static func dateTime(_ text: String) -> Cell? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z"), bytes[10] == UInt8(ascii: "T"),
              let day = Day(String(text.prefix(10))) else { return nil }
        let clock = text.dropFirst(11).dropLast()
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let hours = Int(parts[0]), let minutes = Int(parts[1]), let seconds = Double(parts[2]),
              (0..<24).contains(hours), (0..<60).contains(minutes), seconds >= 0, seconds < 61 else { return nil }
        return .dateTime(year: day.year, month: day.month, day: day.day,
                         seconds: Double(hours * 3600 + minutes * 60) + seconds)
    }

    /// The table on a sheet: a header of the column names and typed rows.
    static func sheet(_ name: String, _ table: Table, about: [[Cell]], kinds overrides: [String: Kind] = [:]) -> Sheet {
        let kinds = table.columns.map { overrides[$0.title] ?? kind(of: $0.title) }
        func typed(_ row: [String]) -> [Cell] { row.enumerated().map { cell($1, $0 < kinds.count ? kinds[$0] : .text) } }
        return Sheet(name: name, about: about, header: table.columns.map(\.title), rows: table.rows.map(typed),
                     footer: table.footer.map(typed))
    }

    /// The lines above a sheet's table: what it is, the date it is as of, whether the plan is
    /// the sample (with the notice when it is), and any more.
    static func about(_ title: String, asOf: Day?, isSample: Bool, more: [[Cell]] = []) -> [[Cell]] {
        var lines: [[Cell]] = [[.text(title)]]
        if let asOf { lines.append([.text("As of"), date(asOf)]) }
        lines.append([.text("Sample data"), .boolean(isSample)] + (isSample ? [.text(ReportView.sampleNotice)] : []))
        return lines + more
    }

    static func chairLine(_ chair: ChairTerm?) -> [[Cell]] {
        chair.map { [[.text("Chair"), .text("\($0.agencyName) (\($0.agency))")]] } ?? []
    }

    static func workbook(_ title: String, _ sheets: [Sheet]) -> Workbook {
        Workbook(title: title, sheets: sheets, created: String(Timestamp.now().prefix(19)) + "Z")
    }

    // MARK: - The commands' workbooks

    /// `report --format xlsx`: the groups (the CSV's rows, totals last); with a group, its
    /// activities and overdue milestones; with `--compare-to`, the comparison and the changes.
    public static func report(_ report: Report, activities: [ActivitySummary]?, overdue: [OverdueMilestone],
                              comparison: Comparison?) -> Workbook {
        let heading = "\(ReportView.title): progress as of \(report.asOf)"
        let about = about(heading, asOf: report.asOf, isSample: report.isSample, more: chairLine(report.chair))
        var sheets = [sheet("Groups", ReportView.csvTable(report), about: about)]
        if let activities {
            sheets.append(sheet("Activities", ActivitiesView.csvTable(activities), about: about))
            sheets.append(sheet("Overdue milestones", overdueTable(overdue), about: about))
        }
        if let comparison {
            let compared = self.about(ComparisonView.heading(comparison), asOf: report.asOf, isSample: report.isSample)
            sheets.append(sheet("Comparison", ComparisonView.csvTable(comparison), about: compared))
            sheets.append(changes(comparison, about: compared))
        }
        return workbook(heading, sheets)
    }

    static func overdueTable(_ overdue: [OverdueMilestone]) -> Table {
        Table(columns: ["milestone", "due", "daysOverdue", "lead", "title", "activityTitle"].map { Table.Column($0) },
              rows: overdue.map { [$0.ref.description, $0.due.description, String($0.daysOverdue), $0.lead ?? "", $0.title,
                                   $0.activityTitle] })
    }

    static func changes(_ comparison: Comparison, about: [[Cell]]) -> Sheet {
        let rows: [[Cell]] = comparison.changes.map { change in
            [dateTime(change.recordedAt) ?? .text(change.recordedAt), date(change.on),
             .text(ChangeText.label(change.kind, new: change.new)), .text(change.ref), .text(change.title),
             .text(ChangeText.detail(change))]
        }
        return Sheet(name: "Changes", about: about, header: ["recordedAt", "on", "change", "ref", "title", "detail"], rows: rows)
    }

    /// `activity list --format xlsx`: the CSV's columns.
    public static func activities(_ activities: [ActivitySummary], asOf: Day, isSample: Bool) -> Workbook {
        let heading = "\(ReportView.title): activities as of \(asOf)"
        return workbook(heading, [sheet("Activities", ActivitiesView.csvTable(activities),
                                        about: about(heading, asOf: asOf, isSample: isSample))])
    }

    /// `indicator list --format xlsx`: the CSV's columns.
    public static func indicators(_ indicators: [IndicatorState], asOf: Day, isSample: Bool) -> Workbook {
        let heading = "\(ReportView.title): indicators as of \(asOf)"
        return workbook(heading, [sheet("Indicators", IndicatorsView.csvTable(indicators),
                                        about: about(heading, asOf: asOf, isSample: isSample))])
    }

    /// `slippage --format xlsx`: a sheet of groups (totals last) and the CSV's milestones.
    public static func slippage(_ report: SlippageReport) -> Workbook {
        let heading = "\(ReportView.title): slippage as of \(report.asOf)"
        let about = about(heading, asOf: report.asOf, isSample: report.isSample, more: chairLine(report.chair))
        func cells(_ group: GroupSlippage) -> [String] {
            [group.code, group.name, String(group.milestones.count), String(group.rescheduled), String(group.daysSlipped),
             String(group.doneAgainstBaseline), String(group.doneOnTime), group.onTimeRate.map(JSON.format) ?? ""]
        }
        let groups = Table(
            columns: ["code", "name", "milestones", "rescheduled", "daysSlipped", "done", "doneOnTime", "onTimeRate"]
                .map { Table.Column($0) },
            rows: report.groups.map(cells), footer: [cells(report.totals)])
        // Here `done` counts the milestones done against their baseline (as in the JSON).
        return workbook(heading, [sheet("Groups", groups, about: about, kinds: ["done": .integer]),
                                  sheet("Milestones", SlippageView.csvTable(report), about: about)])
    }

    /// `export --format xlsx`: one sheet each for activities, milestones, indicators and events,
    /// their rows read from the plan as they are written (`rows`, by the table's index).
    public static func export(_ tables: [PlanTable], rows: @escaping (_ table: Int, _ row: ([String]) throws -> Void) throws -> Void,
                              isSample: Bool, asOf: Day) -> StreamedWorkbook {
        let heading = "\(ReportView.title): the whole plan"
        let about = about(heading, asOf: asOf, isSample: isSample)
        let sheets = tables.enumerated().map { index, table in
            let kinds = table.columns.map { kind(of: $0) }
            return StreamedSheet(name: table.name, about: about, header: table.columns) { row in
                try rows(index) { texts in try row(texts.enumerated().map { cell($1, $0 < kinds.count ? kinds[$0] : .text) }) }
            }
        }
        return StreamedWorkbook(title: heading, created: String(Timestamp.now().prefix(19)) + "Z", sheets: sheets)
    }
}
