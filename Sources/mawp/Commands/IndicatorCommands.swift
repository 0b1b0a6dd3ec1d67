import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct IndicatorCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "indicator", _superCommandName: Mawp.name,
            abstract: "Indicators of results: baseline, target and actual values over time.",
            subcommands: [Add.self, Record.self, List.self]
        )
    }
}

extension IndicatorMeasure: ExpressibleByArgument {}
extension IndicatorResult: ExpressibleByArgument {}

extension Mawp.IndicatorCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", _superCommandName: Mawp.name,
            abstract: "Add an indicator to an activity; prints its reference, such as data-1.i1.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The activity, such as data-1.", valueName: "activity"), transform: Parse.activity)
        var activity: ActivityRef

        @Argument(help: ArgumentHelp("What the indicator measures.", valueName: "title"))
        var title: String

        @Option(help: "unit, percentage or qualitative.")
        var measure: IndicatorMeasure = .unit

        @Flag(help: "A lower value is better (for example, the cost of recruitment).")
        var descending = false

        @Option(help: "The kind of result it measures: output or outcome.")
        var result: IndicatorResult = .output

        @Option(help: ArgumentHelp("The baseline value (text for a qualitative indicator).", valueName: "value"))
        var baseline: String?

        @Option(name: .customLong("baseline-year"), help: ArgumentHelp("The year of the baseline.", valueName: "year"))
        var baselineYear: Int?

        @Option(help: ArgumentHelp("The target value (text for a qualitative indicator).", valueName: "value"))
        var target: String?

        @Option(name: .customLong("period-end"), help: ArgumentHelp("The date by which the target is to be met.", valueName: "date"),
                transform: Parse.day)
        var periodEnd: Day?

        func run() throws {
            let ref = try database.withStore { store in
                // The plan's rule for values (a plain decimal within ±1e12, one line of text).
                func value(_ text: String?, _ field: String) throws -> IndicatorValue? {
                    try text.map { try IndicatorValue.parse($0, measure: measure, field: field) }
                }
                let new = PlanStore.NewIndicator(
                    title: title, measure: measure, ascending: !descending, result: result,
                    baseline: try value(baseline, "--baseline"), baselineYear: baselineYear,
                    target: try value(target, "--target"), periodEnd: periodEnd)
                return try store.addIndicator(to: activity, new, by: author.author)
            }
            Console.out("\(ref)\n")
        }
    }

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record", _superCommandName: Mawp.name,abstract: "Record an actual value of an indicator.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The indicator, such as data-1.i1.", valueName: "indicator"), transform: Parse.indicator)
        var indicator: IndicatorRef

        @Argument(help: ArgumentHelp("The value: a number, or text for a qualitative indicator.", valueName: "value"))
        var value: String

        @Option(help: ArgumentHelp("The date of the value (default: today).", valueName: "date"), transform: Parse.day)
        var on: Day?

        @Option(help: ArgumentHelp("A note for the event log (the source, for example).", valueName: "text"))
        var note: String?

        func run() throws {
            let author = author.author
            let date = on ?? author.today
            let outcome = try database.withStore {
                try $0.recordIndicator(indicator, value: value, on: date, note: note, by: author)
            }
            switch outcome {
            case .changed: Console.out("\(indicator) = \(value) on \(date).\n")
            case .unchanged(let reason): Console.out("\(reason)\n")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", _superCommandName: Mawp.name,abstract: "List indicators with their values as of a date.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Only this group's indicators.", valueName: "group"), transform: Parse.group)
        var group: String?

        @OptionGroup var date: AsOfOption

        @Option(help: "Output format.")
        var format: SheetListFormat = .table

        @Option(help: ArgumentHelp("Write the list to this file (whole or not at all) instead of stdout.", valueName: "file"))
        var output: String?

        func validate() throws {
            try format.validate(output: output)
        }

        func run() throws {
            let asOf = date.value
            let (indicators, isSample) = try database.withStore { store in
                let plan = try date.plan(store)
                return (try plan.indicators(asOf: asOf, group: group), try plan.isSample())
            }
            let result: Rendered = format.list.map {
                .text(ListOutput.render($0, table: IndicatorsView.table(indicators), csv: IndicatorsView.csvTable(indicators),
                                        json: IndicatorsView.json(indicators, asOf: asOf), plain: output != nil))
            } ?? .workbook(SpreadsheetView.indicators(indicators, asOf: asOf, isSample: isSample))
            try result.write(to: output, saying: "the indicators as of \(asOf)")
        }
    }
}
