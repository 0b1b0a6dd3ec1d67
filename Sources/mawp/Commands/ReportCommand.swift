import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the per-group progress report, as of today or a past date.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Only this working group or task force, with its activities.", valueName: "group"),
                transform: Parse.group)
        var group: String?

        @Option(name: .customLong("as-of"), help: ArgumentHelp("The date to report as of (default: today).", valueName: "date"),
                transform: Parse.day)
        var asOf: Day?

        @Option(help: "Output format.")
        var format: ReportFormat = .text

        @Option(help: ArgumentHelp("Write the report to this file (whole or not at all) instead of stdout.", valueName: "file"))
        var output: String?

        func run() throws {
            let asOf = asOf ?? Day.today()
            let text = try database.withStore { store -> String in
                let report = try store.report(asOf: asOf, group: group)
                switch format {
                case .json:
                    return ReportView.json(report).serialized(pretty: true) + "\n"
                case .text:
                    let activities = try group.map { try store.activities(.init(group: $0), asOf: asOf) }
                    return ReportView.text(report, activities: activities, style: output == nil ? Console.style : .plain)
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
