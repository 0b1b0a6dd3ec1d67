import ArgumentParser
import Rendering
import WorkPlan

#if canImport(Glibc)
import Glibc
#endif

extension ImportFormat: ExpressibleByArgument {}

extension Mawp {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", _superCommandName: Mawp.name,
            abstract: "Write the whole plan: JSON (to import elsewhere), CSV (one row per milestone), IATI 2.03 XML, a spreadsheet, or its milestones as a calendar (ics).")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Output format.")
        var format: ExportFormat = .json

        @Option(help: ArgumentHelp("Write to this file (whole or not at all) instead of stdout.", valueName: "file"))
        var output: String?

        @Option(name: .customLong("reporting-org"),
                help: ArgumentHelp("IATI: the reporting organisation's identifier.", valueName: "ref"))
        var reportingOrg = IATIExport.defaultReportingOrg

        @Option(name: .customLong("identifier-prefix"),
                help: ArgumentHelp("IATI: what comes before each activity reference in its identifier (default: the reporting org and a hyphen).",
                                   valueName: "prefix"))
        var identifierPrefix: String?

        @Option(help: ArgumentHelp("ics: only this group's milestones.", valueName: "group"), transform: Parse.group)
        var group: String?

        @Option(help: ArgumentHelp("ics: only the milestones of activities this agency leads or partners in.", valueName: "agency"),
                transform: Parse.agency)
        var agency: String?

        func validate() throws {
            try format.validate(output: output)
            if format != .ics && (group != nil || agency != nil) {
                throw ValidationError("--group and --agency narrow a calendar (--format ics); the other formats are the whole plan")
            }
        }

        func run() throws {
            if format == .xlsx {
                try database.withStore { store in
                    let isSample = try store.isSample()
                    try store.exportTables { tables, rows in
                        // The workbook is written before the snapshot its rows come from ends.
                        try withoutActuallyEscaping(rows) { rows in
                            try SpreadsheetOutput.write(SpreadsheetView.export(tables, rows: rows, isSample: isSample, asOf: .today()),
                                                        to: output)
                        }
                    }
                }
                if let output { Console.errorText("Wrote the xlsx export to \(output)\n") }
                return
            }
            var sink = try output.map(OutputFile.create) ?? .standardOutput()
            do {
                try database.withStore { store in
                    switch format {
                    case .json: try store.exportJSON(to: &sink)
                    case .ics:
                        try sink.write(CalendarView.ics(try store.calendar(group: group, agency: agency),
                                                        name: CalendarView.name(group: group, agency: agency)))
                    case .csv: try store.exportCSV(to: &sink)
                    case .xlsx: break
                    case .iati:
                        let options = IATIExport.Options(reportingOrg: reportingOrg,
                                                         identifierPrefix: identifierPrefix ?? reportingOrg + "-",
                                                         period: try store.planPeriod(), frameworks: try store.frameworks())
                        let today = Day.today()
                        try IATIExport.write(try store.publishedActivities(asOf: today), asOf: today, options: options, to: &sink)
                    }
                }
                try sink.commit()
            } catch {
                sink.abandon()
                throw error
            }
            if let output {
                Console.errorText("Wrote the \(format.rawValue) export to \(output)\n")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", _superCommandName: Mawp.name,
            abstract: "Add a plan from a JSON export or a CSV file: checked whole first, then applied all or nothing.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions

        @Argument(help: ArgumentHelp("The file to import.", valueName: "file"))
        var file: String

        @Option(help: "json or csv (default: from the file name, else from its first character).")
        var format: ImportFormat?

        @Flag(name: .customLong("dry-run"), help: "Check the file and say what it would import; change nothing.")
        var dryRun = false

        func run() throws {
            let fd = open(file, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                let code = errno
                if code == ENOENT { throw MawpError(.noInput, "no file \(file)") }
                if code == EACCES { throw MawpError(.permission, "permission denied reading \(file)") }
                throw MawpError(.noInput, "cannot open \(file): \(String(cString: strerror(code)))")
            }
            defer { close(fd) }
            var info = stat()
            fstat(fd, &info)
            if (info.st_mode & S_IFMT) == S_IFDIR { throw MawpError(.noInput, "\(file) is a directory") }
            let format = try format ?? Self.guessFormat(file, fd: fd)
            let progress = ProgressBar(label: "Importing \(file)", total: Int(info.st_size))
            let author = author.author
            let result = try database.withStore { store in
                try store.importPlan(from: fd, format: format, dryRun: dryRun, by: author, progress: progress.map { bar in { bar.show($0) } },
                                     shouldStop: { Interrupt.requested })
            }
            progress?.clear()
            guard result.problems.isEmpty else {
                var text = result.problems.map { problem in
                    (problem.line > 0 ? "\(file):\(problem.line): " : "\(file): ") + Terminal.safe(problem.description) + "\n"
                }.joined()
                let count = result.problems.count + result.moreProblems
                if result.moreProblems > 0 { text += "… and \(result.moreProblems) more\n" }
                Console.errorText(text)
                throw MawpError(.data, "\(count) problem\(count == 1 ? "" : "s") in \(file); nothing was imported")
            }
            let what = "\(counted(result.activities, "activity", "activities")), \(counted(result.milestones, "milestone")), "
                + "\(counted(result.indicators, "indicator")), \(counted(result.events, "event")), "
                + "\(counted(result.agencies, "agency", "agencies")) and \(counted(result.groups, "group"))"
            Console.out(dryRun ? "\(file) is fine: it would import \(what). Nothing was changed (--dry-run).\n"
                               : "Imported \(what) from \(file).\n")
        }

        /// `.json` or `.csv` by name; otherwise JSON when the first non-blank byte is `{`.
        static func guessFormat(_ file: String, fd: Int32) throws -> ImportFormat {
            let lower = file.lowercased()
            if lower.hasSuffix(".json") { return .json }
            if lower.hasSuffix(".csv") { return .csv }
            var byte: UInt8 = 0
            defer { lseek(fd, 0, SEEK_SET) }
            while read(fd, &byte, 1) == 1 {
                if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0xEF || byte == 0xBB || byte == 0xBF { continue }
                return byte == UInt8(ascii: "{") ? .json : .csv
            }
            return .json
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup", _superCommandName: Mawp.name,
            abstract: "Copy the database consistently (even while others write), check the copy, then put it in place.")

        @OptionGroup var database: DatabaseOptions

        @Argument(help: ArgumentHelp("The backup file to write.", valueName: "file"))
        var file: String

        @Flag(help: "Replace the file if it exists.")
        var force = false

        func run() throws {
            try database.withStore { try $0.backup(to: file, force: force) }
            Console.out("Backed up \(database.location.path) to \(file) (integrity check: ok).\n")
        }
    }
}

/// A progress bar on stderr for long imports, only when stderr is a terminal.
final class ProgressBar {
    let label: String
    let total: Int
    private var last = -1

    init?(label: String, total: Int) {
        guard isatty(STDERR_FILENO) == 1, total > 4 << 20 else { return nil }
        self.label = label
        self.total = total
    }

    func show(_ done: Int) {
        let percent = min(100, done * 100 / max(1, total))
        guard percent != last else { return }
        last = percent
        let filled = percent / 5
        Console.errorText("\r\(Terminal.safe(label)) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 20 - filled))] \(percent)%")
    }

    func clear() {
        Console.errorText("\r\u{1B}[K")
    }
}
