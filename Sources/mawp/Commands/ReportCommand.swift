import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report", _superCommandName: Mawp.name,
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

        @Option(name: .customLong("compare-to"), help: ArgumentHelp(
            "Put the numbers as recorded at this moment (a baseline's name, a date or a date and time, UTC) beside these, "
                + "with the changes recorded since.", valueName: "time|baseline"))
        var compareTo: String?

        @Option(name: .customLong("framework"), help: ArgumentHelp(
            "Add the groups × points coverage of this framework (repeatable; all, or none). "
                + "Default: every framework in HTML, none in the other formats.", valueName: "name"))
        var frameworks: [String] = []

        func validate() throws {
            try format.validate(output: output)
        }

        func run() throws {
            let asOf = date.value
            let style = output == nil ? Console.style : .plain
            let result = try database.withStore { live in
                try Answers.report(try date.plan(live), asOf: asOf, group: group, compareTo: compareTo, frameworks: frameworks,
                                   format: format.answer, style: style)
            }
            try result.write(to: output, saying: "the report as of \(asOf)")
        }
    }
}
