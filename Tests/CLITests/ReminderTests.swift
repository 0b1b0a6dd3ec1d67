import Foundation
import Testing

/// Addresses, reminder settings and `mawp remind` (DESIGN §11). The messages go through a real
/// mail system: Debian's msmtp-mta (`/usr/sbin/sendmail`) delivering to an aiosmtpd sink on
/// loopback, read back with Python's email package (Tests/Mail/check_remind.py).
@Suite struct ReminderTests {
    static let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Mail/check_remind.py")

    @Test func remindersGoThroughTheSystemsMailTransferAgent() throws {
        let sandbox = try Sandbox(initialise: false)
        try FileManager.default.createDirectory(atPath: sandbox.path("mail"), withIntermediateDirectories: true)
        let check = try sandbox.run(["python3", Self.checker.path, Sandbox.binary.path, sandbox.path("mail")],
                                    executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("\n0 failure(s)"), "\(check.stdout)")
    }

    @Test func addressesAreCheckedForFormAndKeptAsGiven() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.mawp("user", "add", "amina", "--agency", "UNICEF", "--role", "editor",
                                 "--email", "\"Amina K\"@Unicef.Example").status == 0)
        #expect(try sandbox.mawp("user", "list", "--format", "csv").stdout.contains("amina,UNICEF,editor,set-up code pending,\"\"\"Amina K\"\"@Unicef.Example\",weekly,"))
        for bad in ["amina", "amina@", "@unicef.org", "a b@unicef.org", "amina@unicef..org", "amina@unicef.org\r\nBcc: x@y.z",
                    "amina@[1.2.3.4", String(repeating: "a", count: 250) + "@b.org", "ami\u{e9}@unicef.org"] {
            try expectFailure(sandbox, ["user", "edit", "amina", "--email", bad], status: 64, message: "is not an e-mail address")
            try expectFailure(sandbox, ["user", "add", "other", "--agency", "ILO", "--role", "viewer", "--email", bad], status: 64,
                              message: "is not an e-mail address")
        }
        try expectFailure(sandbox, ["user", "edit", "amina", "--reminders", "hourly"], status: 64, message: "hourly")
        try expectFailure(sandbox, ["user", "edit", "amina", "--email", "a@b.org", "--no-email"], status: 64, message: "not both")
        try expectFailure(sandbox, ["user", "edit", "amina"], status: 64, message: "--reminders")
        #expect(try sandbox.mawp("user", "edit", "amina", "--email", "amina@[192.0.2.1]", "--reminders", "daily").stdout == "Changed amina.\n")
        #expect(try sandbox.mawp("user", "edit", "amina", "--reminders", "daily").stdout.contains("nothing changed"))
        #expect(try sandbox.mawp("user", "edit", "amina", "--no-email").status == 0)
        let json = try sandbox.mawp("user", "list", "--format", "json").stdout
        #expect(json.contains("\"email\": null") && json.contains("\"reminders\": \"daily\""), "\(json)")
    }

    /// Nothing to hear, nobody with an address: no message and no program run.
    @Test func nobodyToWriteToRunsNoMailProgram() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.mawp("remind", "--sendmail", "/nonexistent/sendmail")
        #expect(result.status == 0 && result.stdout == "Sent 0 reminders for \(Self.today()).\n", "\(result.stdout)\(result.stderr)")
        try expectFailure(sandbox, ["remind", "--base-url", "javascript:alert(1)"], status: 64, message: "is not a web address")
        try expectFailure(sandbox, ["remind", "--from", "not an address"], status: 64, message: "is not an e-mail address")
    }

    /// A mail program that cannot be started counts as a message not handed over.
    @Test func aMissingMailProgramIsATemporaryFailure() throws {
        let sandbox = try Sandbox(initialise: false)
        #expect(try sandbox.mawp("init", "--sample").status == 0)
        #expect(try sandbox.mawp("period", "add", "2014-H2", "--title", "H2", "--from", "2014-07-01", "--to", "2014-12-31",
                                 "--deadline", "2015-01-15").status == 0)
        #expect(try sandbox.mawp("user", "add", "amina", "--agency", "UNICEF", "--role", "editor", "--email", "amina@unicef.example").status == 0)
        let result = try sandbox.mawp("remind", "--as-of", "2014-12-17", "--sendmail", "/nonexistent/sendmail")
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains("cannot start /nonexistent/sendmail: No such file or directory"), "\(result.stderr)")
        let dry = try sandbox.mawp("remind", "--as-of", "2014-12-17", "--dry-run")
        #expect(dry.status == 0 && dry.stdout.contains("To: amina@unicef.example"), "not recorded: \(dry.stdout)")
        // A program named without a path is looked for on PATH (here one that reads the message and exits 0).
        try FileManager.default.createDirectory(atPath: sandbox.path("bin"), withIntermediateDirectories: true)
        try "#!/bin/sh\ncat > /dev/null\n".write(toFile: sandbox.path("bin/take-mail"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sandbox.path("bin/take-mail"))
        let path = ["PATH": sandbox.path("bin") + ":/usr/bin:/bin"]
        let taken = try sandbox.mawp("remind", "--as-of", "2014-12-17", "--sendmail", "take-mail", environment: path)
        #expect(taken.status == 0 && taken.stdout == "Sent 1 reminder for 2014-12-17.\n", "\(taken.stdout)\(taken.stderr)")
        #expect(try sandbox.mawp("remind", "--as-of", "2014-12-17", "--sendmail", "take-mail", environment: path).stdout
                == "Sent 0 reminders for 2014-12-17.\n")
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = .current
        return formatter.string(from: Date())
    }
}
