import ArgumentParser
import Rendering
import WorkPlan

extension Mawp {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", _superCommandName: Mawp.name,
            abstract: "Check the database: SQLite's integrity and references, the numbering, and the event log against the stored state.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            let path = database.location.path
            let findings = try database.withStore { try $0.check() }
            guard findings.isEmpty else {
                Console.errorText(findings.map { "\(path): \(Terminal.safe($0.description))\n" }.joined())
                throw MawpError(.data, "\(findings.count) problem\(findings.count == 1 ? "" : "s") found in \(path)",
                                hint: "restore the database from a backup (mawp backup) if it was damaged")
            }
            Console.out("\(path) is sound: integrity, references, numbering and event log all check out.\n")
        }
    }
}
