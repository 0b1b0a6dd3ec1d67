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

        @Option(help: "Output format.")
        var format: ReportFormat = .text

        @Option(help: ArgumentHelp("Write the report to this file (whole or not at all) instead of stdout.", valueName: "file"))
        var output: String?

        func run() throws {
            let asOf = date.value
            let text = try database.withStore { live -> String in
                let store = try date.plan(live)
                if format == .html {
                    return HTMLReport.render(try store.dashboard(asOf: asOf, group: group))
                }
                let report = try store.report(asOf: asOf, group: group)
                // With --group, the people's formats add the group's activities and overdue milestones.
                let activities = try group.map { try store.activities(.init(group: $0), asOf: asOf) }
                let overdue = try group.map { try store.overdueMilestones(asOf: asOf, group: $0) } ?? []
                switch format {
                case .json: return ReportView.json(report).serialized(pretty: true) + "\n"
                case .csv: return ReportView.csv(report)
                case .markdown: return ReportView.markdown(report, activities: activities, overdue: overdue)
                case .text, .html:
                    return ReportView.text(report, activities: activities, overdue: overdue,
                                           style: output == nil ? Console.style : .plain)
                }
            }
            if let output {
                try OutputFile.write(text, to: output)
                Console.out("Wrote the report as of \(asOf) to \(output)\n")
            } else {
                Console.out(text)
            }
        }
    }
}
