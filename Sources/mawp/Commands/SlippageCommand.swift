import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct Slippage: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "slippage", _superCommandName: Mawp.name,
            abstract: "Milestones against their baseline due dates: rescheduled, days slipped, done on time, by group.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Only this working group or task force.", valueName: "group"), transform: Parse.group)
        var group: String?

        @OptionGroup var date: AsOfOption

        @Option(help: "Output format.")
        var format: ReportFormat = .text

        @Option(help: ArgumentHelp("Write it to this file (whole or not at all) instead of stdout.", valueName: "file"))
        var output: String?

        func validate() throws {
            try format.validate(output: output)
        }

        func run() throws {
            let asOf = date.value
            let style = output == nil ? Console.style : .plain
            let result = try database.withStore { store in
                try Answers.slippage(try date.plan(store), asOf: asOf, group: group, format: format.answer, style: style)
            }
            try result.write(to: output, saying: "the slippage as of \(asOf)")
        }
    }
}
