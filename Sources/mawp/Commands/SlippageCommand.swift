import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct Slippage: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "slippage",
            abstract: "Milestones against their baseline due dates: rescheduled, days slipped, done on time, by group.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Only this working group or task force.", valueName: "group"), transform: Parse.group)
        var group: String?

        @OptionGroup var date: AsOfOption

        @OptionGroup var output: OutputOptions<SlippageDocument>

        func run() throws {
            let asOf = date.value
            let style = output.file == nil ? Console.style : .plain
            let result = try database.withStore { store in
                try Answers.slippage(try date.plan(store), asOf: asOf, group: group, format: output.format.answer, style: style)
            }
            try result.write(to: output.file, saying: "the slippage as of \(asOf)")
        }
    }
}
