import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log", _superCommandName: Mawp.name,
            abstract: "The event log: every change to the plan, by effective date, newest last.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("Only this group's events.", valueName: "group"), transform: Parse.group)
        var group: String?

        @Option(help: ArgumentHelp("Only this activity's events (its milestones included).", valueName: "ref"),
                transform: Parse.activity)
        var activity: ActivityRef?

        @Option(help: ArgumentHelp("Only events effective on or after this date.", valueName: "date"), transform: Parse.day)
        var since: Day?

        @Option(help: "Output format.")
        var format: DetailFormat = .text

        func run() throws {
            let events = try database.withStore {
                try $0.events(.init(group: group, activity: activity, since: since))
            }
            switch format {
            case .text: Console.out(LogView.text(events, style: Console.style, width: Console.width))
            case .json: Console.out(LogView.json(events).serialized(pretty: true) + "\n")
            }
        }
    }
}
