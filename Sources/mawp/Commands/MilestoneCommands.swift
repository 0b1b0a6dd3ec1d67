import ArgumentParser
import WorkPlan

extension Mawp {
    struct MilestoneCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "milestone",
            abstract: "Add milestones to activities, mark them done or reopen them.",
            subcommands: [Add.self, Done.self, Reopen.self]
        )
    }
}

extension Mawp.MilestoneCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a milestone to an activity; prints its reference, such as data-1.1.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The activity, such as data-1.", valueName: "activity"), transform: Parse.activity)
        var activity: ActivityRef

        @Argument(help: ArgumentHelp("The milestone's title.", valueName: "title"), transform: Parse.text)
        var title: String

        @Option(help: ArgumentHelp("The date it is due.", valueName: "date"), transform: Parse.day)
        var due: Day?

        func run() throws {
            let ref = try database.withStore { try $0.addMilestone(to: activity, title: title, due: due, by: author.author) }
            Console.out("\(ref)\n")
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done",
            abstract: "Mark a milestone done; marking a done milestone done again changes nothing.")

        @OptionGroup var change: MilestoneChange

        func run() throws { try change.apply(done: true) }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen",abstract: "Mark a done milestone not done again.")

        @OptionGroup var change: MilestoneChange

        func run() throws { try change.apply(done: false) }
    }
}

/// The arguments of `milestone done` and `milestone reopen`.
struct MilestoneChange: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var author: AuthorOptions

    @Argument(help: ArgumentHelp("The milestone, such as data-1.2.", valueName: "milestone"), transform: Parse.milestone)
    var milestone: MilestoneRef

    @Option(help: ArgumentHelp("The date it takes effect (default: today).", valueName: "date"), transform: Parse.day)
    var on: Day?

    @Option(help: ArgumentHelp("A note for the event log.", valueName: "text"))
    var note: String?

    func apply(done: Bool) throws {
        let author = author.author
        let date = on ?? author.today
        let outcome = try database.withStore { try $0.setMilestone(milestone, done: done, on: date, note: note, by: author) }
        switch outcome {
        case .changed: Console.out("\(milestone) \(done ? "done" : "reopened") on \(date).\n")
        case .unchanged(let reason): Console.out("\(reason)\n")
        }
    }
}
