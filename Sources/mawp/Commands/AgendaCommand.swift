import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct Agenda: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agenda", _superCommandName: Mawp.name,
            abstract: "The Secretary-General's eight-point agenda, with the activities and groups on each point.")

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var date: AsOfOption

        @Option(help: "Output format.")
        var format: ListFormat = .table

        func run() throws {
            let asOf = date.value
            let points = try database.withStore { try date.plan($0).agenda(asOf: asOf) }
            if format == .table {
                Console.out(AgendaView.text(points, asOf: asOf, style: Console.style))
            } else {
                Console.out(ListOutput.render(format, table: AgendaView.table(points), csv: AgendaView.csvTable(points),
                                              json: AgendaView.json(points, asOf: asOf)))
            }
        }
    }
}
