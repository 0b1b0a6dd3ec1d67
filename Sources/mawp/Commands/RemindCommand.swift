import ArgumentParser
import Rendering
import WorkPlan

#if canImport(Glibc)
import Glibc
#endif

extension Mawp {
    /// `mawp remind` (DESIGN §11): one message to each user who has something to hear, through
    /// the system's sendmail interface; what was handed over is recorded, per user and day.
    struct Remind: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remind", _superCommandName: Mawp.name,
            abstract: "Mail each user with an address what their agency has to attend to (run daily, by the mawp-remind timer).",
            discussion: """
                Writes to each active user with an e-mail address and reminders weekly or daily who has something \
                to hear: their agency's milestones overdue and due within \(PlanStore.dueSoonDays) days, the updates \
                it owes for open periods, and for reviewers the updates waiting for them. Weekly users hear on the \
                first run of an ISO week, daily users on the first run of a day; a second run sends nothing twice. \
                A message the mail system refuses is not recorded and is tried on the next run; the others still go, \
                and the command exits 75.
                """)

        @OptionGroup var database: DatabaseOptions

        @Option(name: .customLong("as-of"), help: ArgumentHelp("The day to remind as of (default: today).", valueName: "date"),
                transform: Parse.day)
        var asOf: Day?

        @Flag(name: .customLong("dry-run"), help: "Print the messages; send and record nothing.")
        var dryRun = false

        @Option(name: .customLong("base-url"), help: ArgumentHelp(
            "The server's address, for links to its pages (such as https://mawp.example.org).", valueName: "url"),
                transform: Remind.baseURL)
        var baseURL: String?

        @Option(help: ArgumentHelp("The program that takes each message as sendmail -t -oi does.", valueName: "program"))
        var sendmail = "/usr/sbin/sendmail"

        @Option(help: ArgumentHelp("The sender's address (default: mawp@ this host's name).", valueName: "address"), transform: Parse.email)
        var from: String?

        /// An http(s) address without a trailing slash; nothing a message could be broken by.
        static func baseURL(_ text: String) throws -> String {
            let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
            guard trimmed.hasPrefix("http://") || trimmed.hasPrefix("https://"), trimmed.utf8.count <= 200,
                  trimmed.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") })
            else { throw ValidationError("'\(text)' is not a web address: give http:// or https:// and a host, such as https://mawp.example.org") }
            return trimmed
        }

        /// mawp@ the host's name, which is the sender when none is given.
        static func defaultSender() -> String {
            var name = [CChar](repeating: 0, count: 256)
            let host = gethostname(&name, name.count - 1) == 0 ? String(cString: name) : "localhost"
            let sender = "mawp@" + (host.isEmpty ? "localhost" : host)
            return EmailAddress.isValid(sender) ? sender : "mawp@localhost"
        }

        func run() throws {
            let day = asOf ?? .today()
            let sender = from ?? Remind.defaultSender()
            let domain = sender.split(separator: "@").last.map(String.init) ?? "localhost"
            // A mail program that stops reading makes writes fail, not the process stop.
            signal(SIGPIPE, SIG_IGN)
            try database.withStore { store in
                let reminders = try store.reminders(asOf: day)
                var failed = 0
                for reminder in reminders {
                    let id = "remind.\(reminder.account.id).\(day).\(PlanStore.randomSecret(bytes: 8))@\(domain)"
                    let message = ReminderMail.message(reminder, .init(from: sender, date: .now(), messageID: id, baseURL: baseURL))
                    if dryRun {
                        Console.out(ReminderMail.lf(message) + "\n")
                        continue
                    }
                    do {
                        try Sendmail(program: sendmail).send(message)
                        try store.recordReminder(reminder, on: day, messageID: id)
                    } catch let failure as Sendmail.Failure {
                        failed += 1
                        Console.errorText("mawp remind: \(Terminal.safe(reminder.account.name)): \(Terminal.safe(failure.description)); "
                                          + "not recorded, tried again on the next run\n")
                    }
                }
                let sent = reminders.count - failed
                if dryRun {
                    Console.out("Dry run: \(counted(reminders.count, "message", "messages")) for \(day); nothing sent or recorded.\n")
                } else {
                    Console.out("Sent \(counted(sent, "reminder", "reminders")) for \(day)"
                                + (failed > 0 ? "; \(failed) not handed over" : "") + ".\n")
                }
                if failed > 0 {
                    throw MawpError(.busy, "\(counted(failed, "message", "messages")) could not be handed to \(sendmail)",
                                    hint: "they are tried again on the next run of mawp remind")
                }
            }
        }
    }
}
