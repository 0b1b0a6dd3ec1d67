import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct AgencyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agency", _superCommandName: Mawp.name,
            abstract: "List and add agencies.",
            subcommands: [List.self, Add.self, Edit.self]
        )
    }
}

extension Mawp.AgencyCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", _superCommandName: Mawp.name,abstract: "List the agencies and the work each leads.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: ListFormat = .table

        func run() throws {
            let agencies = try database.withStore { try $0.agencies(asOf: .today()) }
            Console.out(ListOutput.render(format, table: AgenciesView.table(agencies), csv: AgenciesView.csvTable(agencies),
                                          json: AgenciesView.json(agencies)))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", _superCommandName: Mawp.name,abstract: "Add an agency.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The agency's code; case, spaces and hyphens are ignored (\"UN-Habitat\" is UNHABITAT).",
                                     valueName: "code"), transform: Parse.agency)
        var code: String

        @Option(help: "The agency's full name.")
        var name: String

        @Option(help: "What kind of stakeholder it is (GMG members may lead groups).")
        var kind: AgencyKind = .other

        func run() throws {
            let agency = try database.withStore { try $0.addAgency(code: code, name: name, kind: kind, by: author.author) }
            Console.out("\(agency.code)\n")
        }
    }
}

extension Mawp.AgencyCommand {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", _superCommandName: Mawp.name, abstract: "Rename an agency or say what kind of stakeholder it is; its code never changes.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The agency, such as UNDP.", valueName: "agency"), transform: Parse.agency)
        var code: String

        @Option(help: "The agency's new full name.")
        var name: String?

        @Option(help: "What kind of stakeholder it is (gmg-member for a member of the GMG).")
        var kind: AgencyKind?

        func validate() throws {
            if name == nil && kind == nil { throw ValidationError("give --name, --kind or both") }
        }

        func run() throws {
            let outcome = try database.withStore { try $0.editAgency(code: code, name: name, kind: kind, by: author.author) }
            Console.outcome(outcome, changed: "Changed agency \(code).")
        }
    }
}
