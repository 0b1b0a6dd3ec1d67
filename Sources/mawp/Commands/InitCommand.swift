import ArgumentParser
import WorkPlan

extension Mawp {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init", _superCommandName: Mawp.name,
            abstract: "Create a new database with the GMG reference data, or bring an existing one up to date.")

        @OptionGroup var database: DatabaseOptions

        @Flag(help: "Fill the new database with an illustrative sample plan (labelled as a sample in every report).")
        var sample = false

        func run() throws {
            let (path, isDefault) = database.location
            do {
                let (store, outcome) = try PlanStore.open(path: path, policy: .createIfMissing(createFolders: isDefault),
                                                          busyTimeout: database.busyTimeout)
                Interrupt.watch(store)
                let version = try store.schemaVersion()
                switch outcome {
                case .created:
                    Console.out("Created \(path) (schema version \(version)) with the GMG's 16 agencies, 5 groups and the eight-point agenda.\n")
                case .upgraded(let from, let to):
                    Console.out("Updated \(path) from schema version \(from) to \(to).\n")
                case .upToDate:
                    if !sample { Console.out("\(path) is already a mawp database (schema version \(version)); nothing to do.\n") }
                }
                if sample {
                    try store.loadSample()
                    Console.out("Filled \(path) with the illustrative sample plan; try: mawp report --db \(path) --as-of 2014-12-31\n")
                }
            } catch {
                throw MawpError.telling(error, path: path)
            }
        }
    }
}

