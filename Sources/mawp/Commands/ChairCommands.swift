import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct ChairCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "chair", _superCommandName: Mawp.name,
            abstract: "The GMG's chair, which rotates among its members: who chaired when.",
            subcommands: [List.self, Set.self, Remove.self]
        )
    }
}

extension Mawp.ChairCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", _superCommandName: Mawp.name, abstract: "The chair's terms, earliest first.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: ListFormat = .table

        func run() throws {
            let terms = try database.withStore { try $0.chairTerms() }
            Console.out(ListOutput.render(format, table: ChairView.table(terms), csv: ChairView.csvTable(terms), json: ChairView.json(terms)))
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", _superCommandName: Mawp.name,
            abstract: "Make a GMG member the chair from a date: a new term, or the term that begins then with another agency or end.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The agency, such as ILO.", valueName: "agency"), transform: Parse.agency)
        var agency: String

        @Option(help: ArgumentHelp("The term's first day.", valueName: "date"), transform: Parse.day)
        var from: Day

        @Option(help: ArgumentHelp("The term's last day (default: no end yet).", valueName: "date"), transform: Parse.day)
        var to: Day?

        func validate() throws {
            if let to, to < from { throw ValidationError("the end date \(to) is before the start date \(from)") }
        }

        func run() throws {
            let outcome = try database.withStore { try $0.setChair(agency: agency, from: from, until: to, by: author.author) }
            Console.outcome(outcome, changed: "\(agency) chairs the GMG from \(from)\(to.map { " to \($0)" } ?? "").")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", _superCommandName: Mawp.name, abstract: "Take a term out of the chair's history (the event log keeps it).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Option(help: ArgumentHelp("The first day of the term to remove.", valueName: "date"), transform: Parse.day)
        var from: Day

        func run() throws {
            let term = try database.withStore { try $0.removeChair(from: from, by: author.author) }
            Console.out("Removed \(term.agency)'s term from \(term.from).\n")
        }
    }
}
