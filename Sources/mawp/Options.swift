import ArgumentParser
import Rendering
import WorkPlan

/// `--db PATH`, taken by every command.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The database file (default: $MAWP_DB, else $XDG_DATA_HOME/mawp/mawp.sqlite).", valueName: "path"))
    var db: String?

    /// The path to use and whether it is the default location (created on first use).
    var location: (path: String, isDefault: Bool) {
        if let db { return (db, false) }
        if let path = Environment.value("MAWP_DB") { return (path, false) }
        if let data = Environment.value("XDG_DATA_HOME"), data.hasPrefix("/") {
            return (data + "/mawp/mawp.sqlite", true)
        }
        return ((Environment.homeDirectory ?? ".") + "/.local/share/mawp/mawp.sqlite", true)
    }

    /// How long to wait for another writer's lock, in milliseconds ($MAWP_BUSY_TIMEOUT, default 5000).
    var busyTimeout: Int32 {
        Environment.value("MAWP_BUSY_TIMEOUT").flatMap { Int32($0) }.map { max(0, $0) } ?? 5_000
    }

    /// Opens the plan: the default location is created and seeded on first use; any other path
    /// must exist (made by `mawp init`).
    func open() throws -> PlanStore {
        let (path, isDefault) = location
        let store = try PlanStore.open(path: path, policy: isDefault ? .createIfMissing(createFolders: true) : .existing,
                                       busyTimeout: busyTimeout).0
        Interrupt.watch(store)
        return store
    }

    /// Runs `body` with the open plan; storage errors become messages that name the file.
    func withStore<T>(_ body: (PlanStore) throws -> T) throws -> T {
        let path = location.path
        do {
            return try body(try open())
        } catch {
            throw MawpError.telling(error, path: path)
        }
    }
}

/// `--by NAME`, taken by every command that changes the plan.
struct AuthorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Who makes the change, for the event log (default: $MAWP_USER, else the login name).",
                               valueName: "name"))
    var by: String?

    var author: PlanStore.Author {
        PlanStore.Author(name: by.flatMap { $0.isEmpty ? nil : $0 } ?? Environment.value("MAWP_USER") ?? Environment.loginName)
    }
}

/// `--as-of DATE` and `--as-recorded TIME`, taken by every command that shows progress.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "The date to take progress as of (default: today, or the date of --as-recorded).", valueName: "date"),
            transform: Parse.day)
    var asOf: Day?

    @Option(name: .customLong("as-recorded"), help: ArgumentHelp(
        "Show exactly what mawp would have printed at this moment (UTC): only changes recorded by then count. "
            + "A date (its end), or a date and time such as 2014-12-31T17:00.", valueName: "time"),
            transform: Parse.recordedTime)
    var asRecorded: RecordedTime?

    var value: Day { asOf ?? asRecorded?.day ?? .today() }

    /// The plan to read: as recorded at `--as-recorded`, or as it is.
    func plan(_ store: PlanStore) throws -> PlanStore {
        try asRecorded.map { try store.asRecorded(at: $0) } ?? store
    }
}

// MARK: - Formats

/// The `--format` of a command that may write a file (`--output FILE`): some are binary files
/// (xlsx, docx).
///
/// Each such command declares `--format` and `--output` itself, not through an option group: an
/// `@OptionGroup` of a new type costs every run of the command about 0.9 million instructions
/// in argument-parser (its reflection and the first protocol-conformance lookups of the new
/// types, each a scan of the binary's conformance records): BENCHMARKS.md, "CLI start-up".
protocol FileFormat: ExpressibleByArgument, CaseIterable, Equatable {
    var isBinary: Bool { get }
}

/// The compiled report's formats (``Answers/periodReportFormats``).
enum PeriodReportFormat: String, FileFormat {
    case text, markdown, html, json, xlsx, docx

    /// The binary formats, written only to a file or a pipe.
    var isBinary: Bool { self == .xlsx || self == .docx }
    var answer: AnswerFormat { AnswerFormat(rawValue: rawValue) ?? .text }
}

extension FileFormat {
    /// A binary file is refused on a terminal (no `--output`).
    func validate(output: String?) throws {
        if isBinary { try SpreadsheetOutput.validate(output: output, format: "\(self)") }
    }
}

enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, markdown
}

enum DetailFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

enum ReportFormat: String, FileFormat {
    case text, markdown, csv, json, html, xlsx

    var isBinary: Bool { self == .xlsx }
    /// The same format, as Rendering's answers take it.
    var answer: AnswerFormat {
        switch self {
        case .text: return .text
        case .markdown: return .markdown
        case .csv: return .csv
        case .json: return .json
        case .html: return .html
        case .xlsx: return .xlsx
        }
    }
}

/// The formats of the lists a spreadsheet is made of (`activity list`, `indicator list`).
enum SheetListFormat: String, FileFormat {
    case table, json, csv, markdown, xlsx

    var list: ListFormat? { ListFormat(rawValue: rawValue) }
    var isBinary: Bool { self == .xlsx }
}

/// The formats of the whole plan (`export`).
enum ExportFormat: String, FileFormat {
    case json, csv, iati, xlsx, ics

    var isBinary: Bool { self == .xlsx }
}

// MARK: - Parsing what users type (malformed values are usage errors, exit 64)

/// The options' values, parsed by WorkPlan's one parser per kind (``Values``); a value that is
/// not of its kind is a usage error with the plan's words.
enum Parse {
    static func phrased<T>(_ parse: () throws -> T) throws -> T {
        do {
            return try parse()
        } catch let error as PlanError {
            throw ValidationError(error.description)
        }
    }

    static func day(_ text: String) throws -> Day { try phrased { try Values.date(text, field: "") } }
    static func recordedTime(_ text: String) throws -> RecordedTime { try phrased { try Values.recordedTime(text, field: "") } }
    static func group(_ text: String) throws -> String { try phrased { try Values.group(text, field: "") } }
    static func agency(_ text: String) throws -> String { try phrased { try Values.agency(text, field: "") } }
    static func activity(_ text: String) throws -> ActivityRef { try phrased { try Values.activity(text, field: "") } }
    static func milestone(_ text: String) throws -> MilestoneRef { try phrased { try Values.milestone(text, field: "") } }
    static func indicator(_ text: String) throws -> IndicatorRef { try phrased { try Values.indicator(text, field: "") } }
    static func link(_ text: String) throws -> PointRef { try phrased { try Values.point(text, field: "") } }
    static func period(_ text: String) throws -> String { try phrased { try Values.period(text, field: "") } }
    static func status(_ text: String) throws -> UpdateStatus { try phrased { try Values.status(text, field: "") } }
    static func email(_ text: String) throws -> String { try phrased { try Values.email(text, field: "") } }

    static func agendaPoint(_ text: String) throws -> Int {
        // Which numbers the agenda has is the plan's to say (its agenda table), once opened.
        guard let number = Int(text) else {
            throw ValidationError("'\(text)' is not an agenda point: a number (see mawp agenda)")
        }
        return number
    }
}

extension ActivityStatus: ExpressibleByArgument {}
extension GroupKind: ExpressibleByArgument {}
extension AgencyKind: ExpressibleByArgument {}
