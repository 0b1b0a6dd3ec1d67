import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct FrameworkCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "framework", _superCommandName: Mawp.name,
            abstract: "Frameworks of points the activities serve: the agenda, the HLD recommendations, the 2014 chair's plan, your own.",
            subcommands: [List.self, Show.self, Add.self, PointCommand.self]
        )
    }
}

extension Mawp.FrameworkCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", _superCommandName: Mawp.name, abstract: "The frameworks and how many points each has.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: ListFormat = .table

        func run() throws {
            let frameworks = try database.withStore { try $0.frameworks() }
            Console.out(ListOutput.render(format, table: FrameworksView.listTable(frameworks), csv: FrameworksView.listCSV(frameworks),
                                          json: FrameworksView.listJSON(frameworks)))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", _superCommandName: Mawp.name, abstract: "A framework's points with the activities, groups and agencies on each, and its gaps.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The framework, such as recommendations.", valueName: "name"), transform: Parse.group)
        var name: String

        @OptionGroup var date: AsOfOption

        @Option(help: "Output format.")
        var format: ListFormat = .table

        func run() throws {
            let asOf = date.value
            let (framework, points) = try database.withStore { try date.plan($0).coverage(of: name, asOf: asOf) }
            switch format {
            case .table: Console.out(FrameworksView.text(framework, points, asOf: asOf, style: Console.style))
            case .markdown: Console.out(FrameworksView.table(points).markdown())
            case .csv: Console.out(FrameworksView.csv(points, asOf: asOf).csv())
            case .json: Console.out(FrameworksView.json(framework, points, asOf: asOf).serialized(pretty: true) + "\n")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", _superCommandName: Mawp.name, abstract: "Add a framework of your own (such as SDG targets); then add its points.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("Its name: lower-case words joined by hyphens, such as sdg-targets.", valueName: "name"),
                  transform: Parse.group)
        var name: String

        @Option(help: "Its title.")
        var title: String

        @Option(help: ArgumentHelp("A longer description.", valueName: "text"))
        var description: String?

        @Option(name: .customLong("vocabulary-uri"), help: ArgumentHelp("Where it is published (for IATI tags).", valueName: "uri"))
        var vocabularyURI: String?

        func run() throws {
            try database.withStore { try $0.addFramework(name: name, title: title, description: description, vocabularyURI: vocabularyURI,
                                                         by: author.author) }
            Console.out("\(name)\n")
        }
    }

    struct PointCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "point", _superCommandName: Mawp.name, abstract: "Add points to a framework.", subcommands: [AddPoint.self])
    }

    struct AddPoint: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", _superCommandName: Mawp.name, abstract: "Add a point after the framework's last one.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The framework.", valueName: "name"), transform: Parse.group)
        var name: String

        @Argument(help: ArgumentHelp("The point's code: letters and digits, with dots or hyphens inside, such as 10.7.", valueName: "code"))
        var code: String

        @Option(help: "Its title.")
        var title: String

        @Option(help: ArgumentHelp("A longer description.", valueName: "text"))
        var description: String?

        @Option(help: ArgumentHelp("The heading it stands under, if any.", valueName: "text"))
        var section: String?

        func validate() throws {
            _ = try Parse.link("\(name):\(code)")
        }

        func run() throws {
            guard let ref = PointRef("\(name):\(code)") else { return }
            try database.withStore { try $0.addPoint(ref, title: title, description: description, section: section, by: author.author) }
            Console.out("\(ref)\n")
        }
    }
}
