import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Print the per-group progress report, as of today or a past date.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Only this working group or task force, with its activities.", valueName: "group"),
                transform: Parse.group)
        var group: String?

        @OptionGroup var date: AsOfOption

        @OptionGroup var output: OutputOptions<ReportDocument>

        @Option(name: .customLong("compare-to"), help: ArgumentHelp(
            "Put the numbers as recorded at this moment (a baseline's name, a date or a date and time, UTC) beside these, "
                + "with the changes recorded since.", valueName: "time|baseline"))
        var compareTo: String?

        @Option(name: .customLong("framework"), help: ArgumentHelp(
            "Add the groups × points coverage of this framework (repeatable; all, or none). "
                + "Default: every framework in HTML, none in the other formats.", valueName: "name"))
        var frameworks: [String] = []

        func run() throws {
            let asOf = date.value
            let result = try database.withStore { live -> Rendered in
                let store = try date.plan(live)
                let comparison = try compareTo.map { try store.comparison(to: $0, asOf: asOf, group: group) }
                let frameworks = try store.frameworks(chosen: frameworks, html: output.format == .html)
                if output.format == .html {
                    return .text(HTMLReport.render(try store.dashboard(asOf: asOf, group: group, frameworks: frameworks), comparison: comparison))
                }
                let report = try store.report(asOf: asOf, group: group, frameworks: frameworks)
                // With --group, the people's formats add the group's activities and overdue milestones.
                let breakdown = try store.groupBreakdown(asOf: asOf, group: group)
                let (activities, overdue) = (breakdown?.activities, breakdown?.overdue ?? [])
                let style = output.file == nil ? Console.style : .plain
                switch (output.format, comparison) {
                case (.xlsx, _):
                    return .workbook(SpreadsheetView.report(report, activities: activities, overdue: overdue, comparison: comparison))
                case (.json, nil): return .text(ReportView.json(report).serialized(pretty: true) + "\n")
                case (.json, let comparison?): return .text(ComparisonView.json(comparison).serialized(pretty: true) + "\n")
                case (.csv, nil): return .text(ReportView.csv(report))
                case (.csv, let comparison?): return .text(ComparisonView.csv(comparison))
                case (.markdown, _):
                    return .text(ReportView.markdown(report, activities: activities, overdue: overdue)
                        + (comparison.map(ComparisonView.markdown) ?? ""))
                case (.text, _), (.html, _):
                    return .text(ReportView.text(report, activities: activities, overdue: overdue, style: style)
                        + (comparison.map { ComparisonView.text($0, style: style) } ?? ""))
                }
            }
            try result.write(to: output.file, saying: "the report as of \(asOf)")
        }
    }
}
