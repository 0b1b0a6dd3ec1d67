import ArgumentParser
import WorkPlan

extension Mawp {
    struct MilestoneCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "milestone", _superCommandName: Mawp.name,
            abstract: "Add milestones to activities, mark them done or reopen them, reschedule or drop them.",
            subcommands: [Add.self, Done.self, Reopen.self, Edit.self, Drop.self]
        )
    }
}

extension Mawp.MilestoneCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", _superCommandName: Mawp.name,
            abstract: "Add a milestone to an activity; prints its reference, such as data-1.1.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The activity, such as data-1.", valueName: "activity"), transform: Parse.activity)
        var activity: ActivityRef

        @Argument(help: ArgumentHelp("The milestone's title.", valueName: "title"))
        var title: String

        @Option(help: ArgumentHelp("The date it is due.", valueName: "date"), transform: Parse.day)
        var due: Day?

        @Option(help: ArgumentHelp("The date it joins the plan (default: it counts on every date).", valueName: "date"),
                transform: Parse.day)
        var on: Day?

        func run() throws {
            let ref = try database.withStore { try $0.addMilestone(to: activity, title: title, due: due, addedOn: on, by: author.author) }
            Console.out("\(ref)\n")
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done", _superCommandName: Mawp.name,
            abstract: "Mark a milestone done; marking a done milestone done again changes nothing.")

        @OptionGroup var change: MilestoneChange

        func run() throws { try change.apply(done: true) }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen", _superCommandName: Mawp.name,abstract: "Mark a done milestone not done again.")

        @OptionGroup var change: MilestoneChange

        func run() throws { try change.apply(done: false) }
    }
}

extension Mawp.MilestoneCommand {
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", _superCommandName: Mawp.name,
            abstract: "Rename a milestone, or reschedule it: a new due date from --on.",
            discussion: "The reference never changes. The due date it was added with stays its baseline.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The milestone, such as data-1.2.", valueName: "milestone"), transform: Parse.milestone)
        var milestone: MilestoneRef

        @Option(help: ArgumentHelp("A new title.", valueName: "title"))
        var title: String?

        @Option(help: ArgumentHelp("A new due date.", valueName: "date"), transform: Parse.day)
        var due: Day?

        @Option(help: ArgumentHelp("The date the new due date takes effect (default: today).", valueName: "date"), transform: Parse.day)
        var on: Day?

        @Option(help: ArgumentHelp("Why, for the event log.", valueName: "text"))
        var note: String?

        func validate() throws {
            if title == nil && due == nil { throw ValidationError("give --title, --due or both") }
        }

        func run() throws {
            let author = author.author
            let date = on ?? author.today
            let outcome = try database.withStore { try $0.editMilestone(milestone, title: title, due: due, on: date, note: note, by: author) }
            Console.outcome(outcome, changed: due.map { "\(milestone) due \($0) from \(date)." } ?? "Renamed \(milestone).")
        }
    }

    struct Drop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "drop", _superCommandName: Mawp.name,
            abstract: "Take a milestone out of the plan from a date; its history stays.")

        @OptionGroup var change: MilestoneChange

        func run() throws {
            let (author, date) = (change.author.author, change.date)
            let outcome = try change.database.withStore { try $0.dropMilestone(change.milestone, on: date, note: change.note, by: author) }
            Console.outcome(outcome, changed: "Dropped \(change.milestone) from \(date).")
        }
    }
}

/// The arguments of `milestone done`, `reopen` and `drop`.
struct MilestoneChange: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var author: AuthorOptions

    @Argument(help: ArgumentHelp("The milestone, such as data-1.2.", valueName: "milestone"), transform: Parse.milestone)
    var milestone: MilestoneRef

    @Option(help: ArgumentHelp("The date it takes effect (default: today).", valueName: "date"), transform: Parse.day)
    var on: Day?

    @Option(help: ArgumentHelp("A note for the event log.", valueName: "text"))
    var note: String?

    /// `--on`, else today.
    var date: Day { on ?? author.author.today }

    func apply(done: Bool) throws {
        let author = author.author
        let outcome = try database.withStore { try $0.setMilestone(milestone, done: done, on: date, note: note, by: author) }
        Console.outcome(outcome, changed: "\(milestone) \(done ? "done" : "reopened") on \(date).")
    }
}
