import OpenXML
import WorkPlan

/// An answer as made: text, or a workbook (`xlsx`, bytes made when it is written).
public enum Rendered: Sendable {
    case text(String)
    case workbook(Workbook)
    case document(WordDocument)
}

/// A question asked in a format it does not come in (the progress report as docx).
public struct FormatNotOffered: Error, Equatable, Sendable {
    public let format: AnswerFormat

    public init(format: AnswerFormat) { self.format = format }
}

/// The formats the report and the slippage come in, whichever front end asks.
public enum AnswerFormat: String, CaseIterable, Sendable {
    case text, markdown, csv, json, html, xlsx, docx
}

/// One answer per question, for every front end (the CLI's `--format`, the server's `Accept`):
/// what the report and the slippage hold in each format is decided here, once.
public enum Answers {
    /// The progress report as of `asOf` from `store` (already as recorded, when asked), for
    /// `group` or all, beside the plan as recorded at `compareTo` when given, with the coverage
    /// of the frameworks `chosen` (``PlanStore/frameworks(chosen:html:)``). With a group, the
    /// people's formats add its activities and overdue milestones. `style` colours text.
    public static func report(_ store: PlanStore, asOf: Day, group: String?, compareTo: String?, frameworks chosen: [String],
                              format: AnswerFormat, style: Style = .plain) throws -> Rendered {
        if format == .docx { throw FormatNotOffered(format: format) }
        let comparison = try compareTo.map { try store.comparison(to: $0, asOf: asOf, group: group) }
        let frameworks = try store.frameworks(chosen: chosen, html: format == .html)
        if format == .html {
            return .text(HTMLReport.render(try store.dashboard(asOf: asOf, group: group, frameworks: frameworks), comparison: comparison))
        }
        let report = try store.report(asOf: asOf, group: group, frameworks: frameworks)
        let breakdown = try store.groupBreakdown(asOf: asOf, group: group)
        let (activities, overdue) = (breakdown?.activities, breakdown?.overdue ?? [])
        switch (format, comparison) {
        case (.xlsx, _): return .workbook(SpreadsheetView.report(report, activities: activities, overdue: overdue, comparison: comparison))
        case (.json, nil): return .text(ReportView.json(report).serialized(pretty: true) + "\n")
        case (.json, let comparison?): return .text(ComparisonView.json(comparison).serialized(pretty: true) + "\n")
        case (.csv, nil): return .text(ReportView.csv(report))
        case (.csv, let comparison?): return .text(ComparisonView.csv(comparison))
        case (.markdown, _):
            return .text(ReportView.markdown(report, activities: activities, overdue: overdue) + (comparison.map(ComparisonView.markdown) ?? ""))
        case (.text, _), (.html, _), (.docx, _):
            return .text(ReportView.text(report, activities: activities, overdue: overdue, style: style)
                + (comparison.map { ComparisonView.text($0, style: style) } ?? ""))
        }
    }

    /// The milestones against their baseline due dates as of `asOf` (``PlanStore/slippage(asOf:group:)``).
    public static func slippage(_ store: PlanStore, asOf: Day, group: String?, format: AnswerFormat, style: Style = .plain,
                                generatedAt: String = Timestamp.now()) throws -> Rendered {
        let report = try store.slippage(asOf: asOf, group: group)
        switch format {
        case .text: return .text(SlippageView.text(report, style: style))
        case .markdown: return .text(SlippageView.markdown(report))
        case .csv: return .text(SlippageView.csv(report))
        case .json: return .text(SlippageView.json(report).serialized(pretty: true) + "\n")
        case .html: return .text(SlippageView.html(report, generatedAt: generatedAt))
        case .xlsx: return .workbook(SpreadsheetView.slippage(report))
        case .docx: throw FormatNotOffered(format: format)
        }
    }
}
