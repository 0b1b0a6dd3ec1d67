import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct PeriodCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "period", _superCommandName: Mawp.name,
            abstract: "Reporting periods: add, lock and unlock them; who owes what; the compiled report.",
            subcommands: [Add.self, List.self, Lock.self, Unlock.self, Status.self, Report.self]
        )
    }
}

extension Mawp.PeriodCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", _superCommandName: Mawp.name, abstract: "Add a reporting period, such as 2014-H1.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The period's code: letters, digits and hyphens, such as 2014-H1.", valueName: "code"),
                  transform: Parse.period)
        var code: String

        @Option(help: ArgumentHelp("Its title, such as \"First half of 2014\".", valueName: "text"))
        var title: String

        @Option(help: ArgumentHelp("The first day its updates cover.", valueName: "date"), transform: Parse.day)
        var from: Day

        @Option(help: ArgumentHelp("The last day its updates cover.", valueName: "date"), transform: Parse.day)
        var to: Day

        @Option(help: ArgumentHelp("The day updates are due by.", valueName: "date"), transform: Parse.day)
        var deadline: Day

        func run() throws {
            let period = ReportingPeriod(code: code, title: title, from: from, to: to, deadline: deadline, locked: false)
            let added = try database.withStore { try $0.addPeriod(period, by: author.author) }
            Console.out(Terminal.safe("Added \(added.code): \(added.from) to \(added.to), updates due by \(added.deadline).") + "\n")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", _superCommandName: Mawp.name, abstract: "The reporting periods, by start date.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: DetailFormat = .text

        func run() throws {
            let periods = try database.withStore { try $0.periods() }
            switch format {
            case .text: Console.out(periods.isEmpty ? "No reporting periods yet (add one with mawp period add).\n" : PeriodViews.table(periods).text(width: Console.width))
            case .json: Console.out(PeriodViews.json(periods).serialized(pretty: true) + "\n")
            }
        }
    }

    struct Lock: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "lock", _superCommandName: Mawp.name, abstract: "Lock a period: its updates take no more change.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The period.", valueName: "code"), transform: Parse.period)
        var code: String

        @Option(help: ArgumentHelp("Why, for the event log.", valueName: "text"))
        var note: String?

        func run() throws {
            let outcome = try database.withStore { try $0.setPeriod(code, locked: true, note: note, by: author.author) }
            Console.outcome(outcome, changed: "Locked \(code).")
        }
    }

    struct Unlock: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "unlock", _superCommandName: Mawp.name, abstract: "Unlock a period again (with a note saying why).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The period.", valueName: "code"), transform: Parse.period)
        var code: String

        @Option(help: ArgumentHelp("Why it is opened again, for the event log.", valueName: "text"))
        var note: String

        func run() throws {
            let outcome = try database.withStore { try $0.setPeriod(code, locked: false, note: note, by: author.author) }
            Console.outcome(outcome, changed: "Unlocked \(code).")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", _superCommandName: Mawp.name, abstract: "Who owes what: each activity's update and its state, with the days to or past the deadline.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The period.", valueName: "code"), transform: Parse.period)
        var code: String

        @Option(help: ArgumentHelp("Only this group's activities.", valueName: "group"), transform: Parse.group)
        var group: String?

        @Option(help: ArgumentHelp("Only the activities this agency leads.", valueName: "agency"), transform: Parse.agency)
        var agency: String?

        @Option(help: "Output format.")
        var format: StatusFormat = .text

        func run() throws {
            let status = try database.withStore { try $0.periodStatus(code, group: group, agency: agency, today: .today()) }
            switch format {
            case .text: Console.out(PeriodViews.statusText(status, style: Console.style, width: Console.width))
            case .json: Console.out(PeriodViews.statusJSON(status).serialized(pretty: true) + "\n")
            case .csv: Console.out(PeriodViews.statusCSV(status))
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report", _superCommandName: Mawp.name,
            abstract: "The compiled report of a period: per group its numbers, then each activity with its approved update and facts.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The period.", valueName: "code"), transform: Parse.period)
        var code: String

        @Option(help: ArgumentHelp("Only this group.", valueName: "group"), transform: Parse.group)
        var group: String?

        @Flag(name: .customLong("include-pending"), help: "Add the updates not approved yet (drafts, submitted, returned), marked.")
        var includePending = false

        @Option(name: .customLong("as-recorded"), help: ArgumentHelp(
            "Print the report exactly as it was at this moment (UTC): a date (its end) or a date and time.", valueName: "time"),
                transform: Parse.recordedTime)
        var asRecorded: RecordedTime?

        @Option(help: "Output format.")
        var format: PeriodReportFormat = .text

        @Option(help: ArgumentHelp("Write the report to this file (whole or not at all) instead of stdout.", valueName: "file"))
        var output: String?

        func validate() throws {
            try format.validate(output: output)
        }

        func run() throws {
            let style = output == nil ? Console.style : .plain
            let result = try database.withStore { store in
                try Answers.periodReport(try asRecorded.map { try store.asRecorded(at: $0) } ?? store, period: code, group: group,
                                         includePending: includePending, format: format.answer, style: style)
            }
            try result.write(to: output, saying: "the report of \(code)")
        }
    }
}

enum StatusFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}
