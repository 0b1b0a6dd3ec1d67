import ArgumentParser
import Rendering
import WorkPlan

#if canImport(Glibc)
import Glibc
#endif

@main
struct Mawp: ParsableCommand {
    /// The root command's name. Every other command names it as its super-command
    /// (`_superCommandName`): then argument-parser skips its check for
    /// `--generate-completion-script` when `parseLeaf` parses a leaf as a root (a quarter of the
    /// instructions of `mawp report` on an empty plan). The full parser, which help, completion
    /// and errors go through, has this root first and so is unchanged.
    static let name = "mawp"

    static let configuration = CommandConfiguration(
        commandName: name,
        abstract: "Track the Global Migration Group's 2013-2015 Multi-Annual Work Plan.",
        discussion: """
            Records the activities of the GMG's working groups and task forces, their milestones and \
            progress, and prints per-group progress reports as of any date.

            The database is --db PATH, else $MAWP_DB, else $XDG_DATA_HOME/mawp/mawp.sqlite \
            (~/.local/share/mawp/mawp.sqlite), which is created on first use.
            """,
        version: "0.1.0",
        subcommands: [
            Init.self, Report.self, GroupCommand.self, AgencyCommand.self, Agenda.self, FrameworkCommand.self,
            ActivityCommand.self, MilestoneCommand.self, IndicatorCommand.self, Slippage.self, BaselineCommand.self, ChairCommand.self,
            PeriodCommand.self, UpdateCommand.self, Log.self,
            Export.self, Import.self, Backup.self, Check.self, UserCommand.self, TokenCommand.self, Remind.self,
        ]
    )

    /// Runs the command; a ``MawpError`` becomes one message on stderr and its exit status,
    /// with nothing on stdout. Parsing errors keep argument-parser's messages and exit 64.
    static func main() {
        // Past a file-size limit, let writes fail with an error (exit 74) instead of the signal
        // killing the process in the middle of a transaction.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseLeaf() ?? parseAsRoot()
            try command.run()
            // Output that could not be written is an I/O error, never a silent success.
            if let failure = Console.outputFailure {
                throw MawpError(.io, "cannot write to standard output: \(String(cString: strerror(failure)))")
            }
        } catch let error as MawpError {
            Console.error(error)
            Glibc.exit(error.exitCode)
        } catch {
            // argument-parser's own messages (usage errors, --help, --version), with any
            // control characters a user typed into a value made visible.
            let code = exitCode(for: error)
            let message = Terminal.safe(fullMessage(for: error), keepNewlines: true)
            if code == .success {
                Console.out(message + "\n")
                if let failure = Console.outputFailure {
                    Console.error(MawpError(.io, "cannot write to standard output: \(String(cString: strerror(failure)))"))
                    Glibc.exit(MawpError(.io, "").exitCode)
                }
            } else {
                Console.errorText(message + "\n")
            }
            Glibc.exit(code.rawValue)
        }
    }
}

extension Mawp {
    /// Parses `mawp GROUP COMMAND …` by the leaf command alone, without building argument-parser's
    /// whole command tree: that tree costs a few milliseconds of every start, more than the work
    /// of most commands. Anything that does not parse cleanly this way (help, errors, a name that
    /// is not a leaf) returns nil and goes through the full parser, so messages are unchanged.
    static func parseLeaf() -> ParsableCommand? {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let first = arguments.first,
              let command = configuration.subcommands.first(where: { $0.configuration.commandName == first }) else { return nil }
        var leaf: ParsableCommand.Type = command
        var rest = arguments.dropFirst()
        if !command.configuration.subcommands.isEmpty {
            guard let second = rest.first,
                  let sub = command.configuration.subcommands.first(where: { $0.configuration.commandName == second }),
                  sub.configuration.subcommands.isEmpty else { return nil }
            leaf = sub
            rest = rest.dropFirst()
        }
        // A request for help or completion goes the full way, for the full usage line.
        if rest.contains(where: { $0 == "-h" || $0 == "--help" || $0 == "help" || $0.hasPrefix("--generate-completion") }) {
            return nil
        }
        return try? leaf.parseAsRoot(Array(rest))
    }
}

extension MawpError {
    /// The exit status of DESIGN §5 (sysexits).
    var exitCode: Int32 {
        switch kind {
        case .usage: return 64
        case .data: return 65
        case .noInput: return 66
        case .cannotCreate: return 73
        case .io: return 74
        case .busy: return 75
        case .permission: return 77
        case .interrupted: return 130
        }
    }
}
