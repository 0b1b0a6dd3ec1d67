import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct ActivityCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "activity", _superCommandName: Mawp.name,
            abstract: "Add, list, show and cancel activities.",
            subcommands: [Add.self, List.self, Show.self, Edit.self, Cancel.self]
        )
    }
}

extension Mawp.ActivityCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", _superCommandName: Mawp.name,
            abstract: "Add an activity to a group; prints its reference, such as data-1.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The working group or task force, such as data.", valueName: "group"), transform: Parse.group)
        var group: String

        @Argument(help: ArgumentHelp("The activity's title.", valueName: "title"))
        var title: String

        @Option(help: ArgumentHelp("The lead agency.", valueName: "agency"), transform: Parse.agency)
        var lead: String?

        @Option(help: ArgumentHelp("A partner agency; repeat for several.", valueName: "agency"), transform: Parse.agency)
        var partner: [String] = []

        @Option(help: ArgumentHelp("Planned start date.", valueName: "date"), transform: Parse.day)
        var start: Day?

        @Option(help: ArgumentHelp("Planned end date.", valueName: "date"), transform: Parse.day)
        var end: Day?

        @Option(help: ArgumentHelp("An agenda point (1-8) the activity serves; repeat for several.", valueName: "n"),
                transform: Parse.agendaPoint)
        var agenda: [Int] = []

        @Option(help: ArgumentHelp("A point of a framework it serves, such as recommendations:P1 (agenda:7 is --agenda 7); "
                                   + "repeat for several.", valueName: "framework:code"), transform: Parse.link)
        var link: [PointRef] = []

        @Option(help: ArgumentHelp("A longer description.", valueName: "text"))
        var description: String?

        @Option(help: ArgumentHelp("The date it joins the plan (default: it counts on every date).", valueName: "date"),
                transform: Parse.day)
        var on: Day?

        func run() throws {
            let (agenda, links) = PointRef.split(agenda: agenda, links: link)
            let new = PlanStore.NewActivity(group: group, title: title, description: description, lead: lead,
                                            partners: partner, start: start, end: end, agenda: agenda, links: links, addedOn: on)
            let ref = try database.withStore { try $0.addActivity(new, by: author.author) }
            Console.out("\(ref)\n")
            if lead == nil {
                // Reports count activities by their lead agency: one without is easy to miss.
                Console.errorText("note: \(ref) has no lead agency, so no agency's report counts it; "
                                  + "set one with: mawp activity edit \(ref) --lead AGENCY\n")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", _superCommandName: Mawp.name,abstract: "List activities with their progress as of a date.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Only this group's activities.", valueName: "group"), transform: Parse.group)
        var group: String?

        @Option(help: ArgumentHelp("Only activities this agency leads or partners in.", valueName: "agency"), transform: Parse.agency)
        var agency: String?

        @Option(help: "Only activities with this status as of the date.")
        var status: ActivityStatus?

        @Flag(help: "Only activities with an overdue milestone.")
        var overdue = false

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
            let filter = PlanStore.ActivityFilter(group: group, agency: agency, status: status, overdueOnly: overdue)
            let (activities, isSample) = try database.withStore { store in
                let plan = try date.plan(store)
                return (try plan.activities(filter, asOf: asOf), try plan.isSample())
            }
            let result: Rendered = format.list.map {
                .text(ListOutput.render($0, table: ActivitiesView.table(activities, partners: true), csv: ActivitiesView.csvTable(activities),
                                        json: ActivitiesView.json(activities, asOf: asOf), plain: output != nil))
            } ?? .workbook(SpreadsheetView.activities(activities, asOf: asOf, isSample: isSample))
            try result.write(to: output, saying: "the activities as of \(asOf)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", _superCommandName: Mawp.name,abstract: "Show an activity and its milestones.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The activity, such as data-1.", valueName: "ref"), transform: Parse.activity)
        var ref: ActivityRef

        @OptionGroup var date: AsOfOption

        @Option(help: "Output format.")
        var format: DetailFormat = .text

        func run() throws {
            let asOf = date.value
            let detail = try database.withStore { try date.plan($0).activity(ref, asOf: asOf) }
            switch format {
            case .text: Console.out(ActivitiesView.text(detail, asOf: asOf, style: Console.style))
            case .json: Console.out(ActivitiesView.json(detail, asOf: asOf).serialized(pretty: true) + "\n")
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit", _superCommandName: Mawp.name,
            abstract: "Change an activity: the title and description for every date, the rest from --on.",
            discussion: "--partner and --agenda, when given, replace the whole set. The reference never changes.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The activity, such as data-1.", valueName: "ref"), transform: Parse.activity)
        var ref: ActivityRef

        @Option(help: ArgumentHelp("A new title.", valueName: "title"))
        var title: String?

        @Option(help: ArgumentHelp("A new description.", valueName: "text"))
        var description: String?

        @Option(help: ArgumentHelp("A new lead agency.", valueName: "agency"), transform: Parse.agency)
        var lead: String?

        @Option(help: ArgumentHelp("A partner agency; repeat for several (replaces the partners).", valueName: "agency"),
                transform: Parse.agency)
        var partner: [String] = []

        @Option(help: ArgumentHelp("A new planned start date.", valueName: "date"), transform: Parse.day)
        var start: Day?

        @Option(help: ArgumentHelp("A new planned end date.", valueName: "date"), transform: Parse.day)
        var end: Day?

        @Option(help: ArgumentHelp("An agenda point (1-8); repeat for several (replaces the points).", valueName: "n"),
                transform: Parse.agendaPoint)
        var agenda: [Int] = []

        @Option(help: ArgumentHelp("A point of another framework, such as recommendations:P1; repeat for several (replaces "
                                   + "the links of the frameworks named, keeps the others; agenda:N counts as --agenda N).", valueName: "framework:code"), transform: Parse.link)
        var link: [PointRef] = []

        @Option(help: ArgumentHelp("The date the change takes effect (default: today).", valueName: "date"), transform: Parse.day)
        var on: Day?

        @Option(help: ArgumentHelp("Why, for the event log.", valueName: "text"))
        var note: String?

        func run() throws {
            let author = author.author
            var change = PlanStore.ActivityEdit(title: title, description: description, lead: lead,
                                                partners: partner.isEmpty ? nil : partner, start: start, end: end)
            change.setPoints(agenda: agenda.isEmpty ? nil : agenda, links: link.isEmpty ? nil : link)
            let date = on ?? author.today
            let outcome = try database.withStore { try $0.editActivity(ref, change, on: date, note: note, by: author) }
            Console.outcome(outcome, changed: "Changed \(ref) from \(date).")
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel", _superCommandName: Mawp.name,
            abstract: "Cancel an activity: from that date it and its milestones leave the progress counts.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The activity, such as data-1.", valueName: "ref"), transform: Parse.activity)
        var ref: ActivityRef

        @Option(help: ArgumentHelp("The date it is cancelled (default: today).", valueName: "date"), transform: Parse.day)
        var on: Day?

        @Option(help: ArgumentHelp("Why, for the event log.", valueName: "text"))
        var note: String?

        func run() throws {
            let outcome = try database.withStore {
                try $0.cancelActivity(ref, on: on ?? author.author.today, note: note, by: author.author)
            }
            Console.outcome(outcome, changed: "Cancelled \(ref) on \(on ?? author.author.today).")
        }
    }
}

