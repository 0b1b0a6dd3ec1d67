import ArgumentParser
import Rendering
import WorkPlan

#if canImport(Glibc)
import Glibc
#endif

extension Mawp {
    struct UpdateCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update", _superCommandName: Mawp.name,
            abstract: "Progress updates: write one for an activity and a period, submit it, and review it.",
            subcommands: [Write.self, Show.self, Submit.self, Approve.self, Return.self, Reopen.self]
        )
    }
}

/// The activity and the period an update command is about.
struct UpdateTarget: ParsableArguments {
    @Argument(help: ArgumentHelp("The activity, such as rights-1.", valueName: "activity"), transform: Parse.activity)
    var ref: ActivityRef

    @Option(help: ArgumentHelp("The reporting period, such as 2014-H1.", valueName: "code"), transform: Parse.period)
    var period: String
}

extension Mawp.UpdateCommand {
    struct Write: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "write", _superCommandName: Mawp.name,
            abstract: "Write the draft of an update: the fields given replace what was written; the texts keep their paragraphs.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions
        @OptionGroup var target: UpdateTarget

        @Option(help: ArgumentHelp("not-started, on-track, at-risk, off-track or completed.", valueName: "status"), transform: Parse.status)
        var status: UpdateStatus?

        @Option(help: ArgumentHelp("What the activity achieved in the period.", valueName: "text"))
        var achievements: String?
        @Option(name: .customLong("achievements-file"), help: ArgumentHelp("Read the achievements from this file (- for standard input).", valueName: "file"))
        var achievementsFile: String?

        @Option(help: ArgumentHelp("What stands in its way.", valueName: "text"))
        var challenges: String?
        @Option(name: .customLong("challenges-file"), help: ArgumentHelp("Read the challenges from this file (- for standard input).", valueName: "file"))
        var challengesFile: String?

        @Option(name: .customLong("next-steps"), help: ArgumentHelp("What comes next.", valueName: "text"))
        var nextSteps: String?
        @Option(name: .customLong("next-steps-file"), help: ArgumentHelp("Read the next steps from this file (- for standard input).", valueName: "file"))
        var nextStepsFile: String?

        func validate() throws {
            for (name, text, file) in [("achievements", achievements, achievementsFile), ("challenges", challenges, challengesFile),
                                       ("next-steps", nextSteps, nextStepsFile)] where text != nil && file != nil {
                throw ValidationError("give --\(name) or --\(name)-file, not both")
            }
            if [achievementsFile, challengesFile, nextStepsFile].filter({ $0 == "-" }).count > 1 {
                throw ValidationError("standard input can be read for one text only")
            }
        }

        func run() throws {
            let text = UpdateText(status: status, achievements: try achievements ?? achievementsFile.map(LongText.read),
                                  challenges: try challenges ?? challengesFile.map(LongText.read),
                                  nextSteps: try nextSteps ?? nextStepsFile.map(LongText.read))
            let outcome = try database.withStore { try $0.writeUpdate(target.ref, period: target.period, text, by: author.author) }
            Console.outcome(outcome, changed: "Wrote the draft update of \(target.ref) for \(target.period).")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", _superCommandName: Mawp.name, abstract: "An update with its state and the period's facts.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var target: UpdateTarget

        @Option(help: "Output format.")
        var format: DetailFormat = .text

        func run() throws {
            let shown = try database.withStore { try $0.update(target.ref, period: target.period) }
            switch format {
            case .text: Console.out(PeriodViews.text(shown, style: Console.style))
            case .json: Console.out(PeriodViews.json(shown).serialized(pretty: true) + "\n")
            }
        }
    }

    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "submit", _superCommandName: Mawp.name, abstract: "Submit an update for review (it needs a status).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions
        @OptionGroup var target: UpdateTarget

        func run() throws {
            try UpdateStepRunner.run(.submit, target, note: nil, database, author, done: "Submitted")
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve", _superCommandName: Mawp.name, abstract: "Approve a submitted update (not one you submitted yourself).")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions
        @OptionGroup var target: UpdateTarget

        @Option(help: ArgumentHelp("A note for the writer and the log.", valueName: "text"))
        var note: String?

        func run() throws {
            try UpdateStepRunner.run(.approve, target, note: note, database, author, done: "Approved")
        }
    }

    struct Return: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "return", _superCommandName: Mawp.name, abstract: "Return a submitted update for revision, with a note saying what to change.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions
        @OptionGroup var target: UpdateTarget

        @Option(help: ArgumentHelp("What the writer should change.", valueName: "text"))
        var note: String

        func run() throws {
            try UpdateStepRunner.run(.return, target, note: note, database, author, done: "Returned")
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen", _superCommandName: Mawp.name, abstract: "Reopen an approved update as a draft, with a note saying why.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var author: AuthorOptions
        @OptionGroup var target: UpdateTarget

        @Option(help: ArgumentHelp("Why it is opened again.", valueName: "text"))
        var note: String

        func run() throws {
            try UpdateStepRunner.run(.reopen, target, note: note, database, author, done: "Reopened")
        }
    }
}

/// The review steps, which differ only in their step and their words.
enum UpdateStepRunner {
    static func run(_ step: UpdateStep, _ target: UpdateTarget, note: String?, _ database: DatabaseOptions, _ author: AuthorOptions,
                    done: String) throws {
        let outcome = try database.withStore { try $0.moveUpdate(target.ref, period: target.period, step, note: note, by: author.author) }
        Console.outcome(outcome, changed: "\(done) the update of \(target.ref) for \(target.period).")
    }
}

/// A long text read from a file or standard input, whole: UTF-8, at most 1 MiB, with Windows
/// line ends (CRLF, as Notepad and Word save them) read as newlines.
enum LongText {
    static let maxBytes = 1 << 20

    static func read(_ path: String) throws -> String {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw MawpError(.noInput, "no file \(path)") }
            if code == EACCES { throw MawpError(.permission, "permission denied reading \(path)") }
            throw MawpError(.noInput, "cannot open \(path): \(String(cString: strerror(code)))")
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 {
                let reason = errno == EISDIR ? "it is a directory" : String(cString: strerror(errno))
                throw MawpError(.noInput, "cannot read \(path): \(reason)")
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
            if bytes.count > maxBytes { throw MawpError(.data, "\(path) holds more than 1 MiB: a text of an update is at most that long") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw MawpError(.data, "\(path) is not UTF-8 text") }
        return text.replacing("\r\n", with: "\n")
    }
}
