import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct GroupCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "group", _superCommandName: Mawp.name,
            abstract: "List, show and add working groups and task forces.",
            subcommands: [List.self, Show.self, Add.self, Edit.self]
        )
    }
}

extension Mawp.GroupCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", _superCommandName: Mawp.name,abstract: "List the working groups and task forces.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: ListFormat = .table

        func run() throws {
            let groups = try database.withStore { try $0.groups(asOf: .today()) }
            Console.out(ListOutput.render(format, table: GroupsView.table(groups), csv: GroupsView.csvTable(groups),
                                          json: GroupsView.json(groups)))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", _superCommandName: Mawp.name,abstract: "Show a group, its leads and its activities.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The group code, such as data.", valueName: "group"), transform: Parse.group)
        var group: String

        @OptionGroup var date: AsOfOption

        @Option(help: "Output format.")
        var format: DetailFormat = .text

        func run() throws {
            let asOf = date.value
            let (summary, activities) = try database.withStore { try date.plan($0).group(group, asOf: asOf) }
            switch format {
            case .text: Console.out(GroupsView.text(summary, activities: activities, asOf: asOf, style: Console.style))
            case .json: Console.out(GroupsView.json(summary, activities: activities, asOf: asOf).serialized(pretty: true) + "\n")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", _superCommandName: Mawp.name,abstract: "Add a working group or task force.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The new group's code: lower-case letters, digits and hyphens.", valueName: "code"),
                  transform: Parse.group)
        var code: String

        @Option(help: "The group's full name.")
        var name: String

        @Option(help: "working-group or task-force.")
        var kind: GroupKind

        @Option(help: ArgumentHelp("A lead agency (co-chair or co-convener); repeat for several.", valueName: "agency"),
                transform: Parse.agency)
        var lead: [String] = []

        func run() throws {
            let group = try database.withStore { try $0.addGroup(code: code, name: name, kind: kind, leads: lead, by: author.author) }
            Console.out("\(group.code)\n")
        }
    }
}

extension Mawp.GroupCommand {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", _superCommandName: Mawp.name, abstract: "Rename a group or change its leads; its code and kind never change.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The group, such as data.", valueName: "group"), transform: Parse.group)
        var group: String

        @Option(help: "A new full name.")
        var name: String?

        @Option(help: ArgumentHelp("A lead agency; repeat for several (replaces the leads).", valueName: "agency"),
                transform: Parse.agency)
        var lead: [String] = []

        func validate() throws {
            if name == nil && lead.isEmpty { throw ValidationError("give --name, --lead or both") }
        }

        func run() throws {
            let outcome = try database.withStore {
                try $0.editGroup(code: group, name: name, leads: lead.isEmpty ? nil : lead, by: author.author)
            }
            Console.outcome(outcome, changed: "Changed group \(group).")
        }
    }
}
