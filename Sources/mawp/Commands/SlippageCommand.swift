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
            let result = try database.withStore { store -> Rendered in
                let report = try date.plan(store).slippage(asOf: asOf, group: group)
                switch output.format {
                case .text: return .text(SlippageView.text(report, style: output.file == nil ? Console.style : .plain))
                case .markdown: return .text(SlippageView.markdown(report))
                case .csv: return .text(SlippageView.csv(report))
                case .json: return .text(SlippageView.json(report).serialized(pretty: true) + "\n")
                case .html: return .text(SlippageView.html(report, generatedAt: Timestamp.now()))
                case .xlsx: return .workbook(SpreadsheetView.slippage(report))
                }
            }
            try result.write(to: output.file, saying: "the slippage as of \(asOf)")
        }
    }
}
