import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct BaselineCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "baseline", _superCommandName: Mawp.name,
            abstract: "Name moments of the plan's record to compare with (report --compare-to NAME).",
            subcommands: [Add.self, List.self]
        )
    }
}

extension Mawp.BaselineCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", _superCommandName: Mawp.name, abstract: "Name a moment (default: now), such as the date of a GMG meeting.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The baseline's name, such as \"Principals 2014\".", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("The moment: a date (its end) or a date and time, UTC (default: now).", valueName: "time"),
                transform: Parse.recordedTime)
        var at: RecordedTime?

        func run() throws {
            let baseline = try database.withStore { try $0.addBaseline(name: name, at: at ?? .now(), by: author.author) }
            Console.out(Terminal.safe("Baseline '\(baseline.name)' names \(baseline.at).") + "\n")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", _superCommandName: Mawp.name, abstract: "The baselines, oldest moment first.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: ListFormat = .table

        func run() throws {
            let baselines = try database.withStore { try $0.baselines() }
            Console.out(ListOutput.render(format, table: BaselinesView.table(baselines), csv: BaselinesView.csvTable(baselines),
                                          json: BaselinesView.json(baselines)))
        }
    }
}
