import Foundation
import Testing

/// The server's documented examples, run as they stand by bash, with the built binaries on the
/// PATH, in a scratch folder, on a free port instead of 8080: the "Try it" block of the server
/// guide (`docs/server.md`) and the curl examples of the scripts' guide (`docs/api.md`).
@Suite struct ReadmeServerTests {
    /// The guides that hold the server's examples, and every page a reader may copy a command from.
    static let guides = ["README.md", "docs/cli.md", "docs/server.md", "docs/api.md", "docs/formats.md", "docs/architecture.md", "docs/reminders.md"]

    static func text(_ file: String) throws -> String {
        try String(contentsOf: ServerTests.repository.appendingPathComponent(file), encoding: .utf8)
    }

    /// The `sh` blocks between `<!-- server-walkthrough:begin … -->` and `<!-- server-walkthrough:end -->` in `file`.
    static func blocks(in file: String) throws -> [String] {
        var text = try Self.text(file)[...]
        var blocks: [String] = []
        while let begin = text.range(of: "<!-- server-walkthrough:begin"), let end = text.range(of: "<!-- server-walkthrough:end -->") {
            let lines = text[begin.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
                .drop { !$0.hasPrefix("```sh") }.dropFirst().prefix { !$0.hasPrefix("```") }
            blocks.append(lines.joined(separator: "\n") + "\n")
            text = text[end.upperBound...]
        }
        return blocks
    }

    /// A port nobody listens on now.
    static func freePort() -> Int {
        for _ in 0..<50 {
            let port = Int.random(in: 20_000...60_000)
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            probe.arguments = ["-s", "-o", "/dev/null", "--max-time", "1", "http://127.0.0.1:\(port)/"]
            try? probe.run()
            probe.waitUntilExit()
            if probe.terminationStatus == 7 { return port } // connection refused
        }
        return 18_080
    }

    /// `token create --expires` refuses a date that is not ahead: an example with a fixed date
    /// stops working on that date, so the guides compute one from today.
    @Test func noTokenExampleInTheGuidesExpiresOnAFixedDate() throws {
        for guide in Self.guides {
            let fixed = try Self.text(guide).matches(of: /--expires\s+[0-9]{4}-[0-9]{2}-[0-9]{2}/).map { String($0.output) }
            #expect(fixed.isEmpty, "\(guide): \(fixed)")
        }
        #expect(try Self.text("docs/server.md").contains("--expires \"$(date -u -d '+1 year' +%F)\""))
    }

    /// Runs `block` with bash (`set -euo pipefail`) in a new folder; its status, stdout and stderr.
    static func run(_ block: String) throws -> (status: Int32, output: String, errors: String) {
        let sandbox = try ServerSandbox()
        let port = Self.freePort()
        let script = block.replacingOccurrences(of: "8080", with: String(port))
        try ("set -euo pipefail\n" + script).write(toFile: sandbox.path("walkthrough.sh"), atomically: true, encoding: .utf8)
        let bash = Process()
        // Foundation starts a child with the spawning thread's signals blocked, which its own
        // children inherit: `kill` would not stop a program the block starts in the background
        // (the mail sink). bash runs with none blocked, as in a reader's terminal.
        bash.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        bash.arguments = ["-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv('/bin/bash', ['bash', sys.argv[1]])",
                          sandbox.path("walkthrough.sh")]
        bash.currentDirectoryURL = sandbox.folder
        // The test's own PATH after the binaries and the system's: python3 with the packages pip installed (aiosmtpd).
        let inherited = ProcessInfo.processInfo.environment["PATH"].map { ":" + $0 } ?? ""
        bash.environment = ["PATH": ServerSandbox.binaries.path + inherited + ":/usr/bin:/bin", "HOME": sandbox.folder.path, "LANG": "C.UTF-8"]
        // Files, not pipes: a program the block left running (a server it did not stop) cannot
        // hold the test waiting for the end of its output.
        let outFile = sandbox.folder.appendingPathComponent("walkthrough.out"), errFile = sandbox.folder.appendingPathComponent("walkthrough.err")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        bash.standardOutput = try FileHandle(forWritingTo: outFile)
        bash.standardError = try FileHandle(forWritingTo: errFile)
        try bash.run()
        bash.waitUntilExit()
        let output = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        return (bash.terminationStatus, output, errors)
    }

    /// docs/reminders.md: an address, `mawp remind` through msmtp to a mail sink on loopback
    /// (twice: one message), and a calendar link made through the API and fetched.
    @Test func theRemindersWalkthroughWorksAsWritten() throws {
        let blocks = try Self.blocks(in: "docs/reminders.md")
        #expect(blocks.count == 1)
        let (status, output, errors) = try Self.run(try #require(blocks.first))
        #expect(status == 0, "\(output)\n\(errors)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains("Subject: =?UTF-8?B?R01HIHdvcmsgcGxhbiDigJQgVU5JQ0VGOiAxIHVwZGF0ZSBvd2Vk?="), "the dry run: \(output)")
        #expect(lines.contains("Sent 1 reminder for 2014-12-17.") && lines.contains("Sent 0 reminders for 2014-12-17."), "\(output)")
        #expect(lines.contains("1"), "one message in the mailbox: \(output)")
        #expect(lines.contains("7"), "the rights group's seven milestones in the calendar: \(output)")
        #expect(output.contains("calendar of rights"), "\(output)")
    }

    @Test func theServerWalkthroughWorksAsWritten() throws {
        let blocks = try Self.blocks(in: "docs/server.md")
        #expect(blocks.count == 1)
        let (status, output, errors) = try Self.run(try #require(blocks.first))
        #expect(status == 0, "\(output)\n\(errors)")
        #expect(output.contains("\"asOf\": \"2014-12-31\""), "the report: \(output)")
        #expect(output.contains("\"ref\": \"rights-1.1\",\n  \"changed\": true") || output.contains("\"changed\": true"), "marked done: \(output)")
        #expect(output.contains("\"status\": 403"), "ILO's activity refused: \(output)")
        #expect(output.contains("amina.unicef may not change decent-work-1"))
        #expect(output.contains("milestone.done") && output.contains("amina.unicef"), "the log names Amina: \(output)")
        // Disabled, her token is refused; enabled again, it works; the only admin stays one.
        #expect(output.contains("Disabled amina.unicef.\n401\nEnabled amina.unicef.\n200\n"), "\(output)")
        #expect(errors.contains("secretariat is the last active admin") && output.contains("refused, as it should be"), "\(errors)")
    }

    @Test func theScriptExamplesWorkAsWritten() throws {
        let blocks = try Self.blocks(in: "docs/api.md")
        #expect(blocks.count == 1)
        let (status, output, errors) = try Self.run(try #require(blocks.first))
        #expect(status == 0, "\(output)\n\(errors)")
        #expect(output.contains("{\n  \"ref\": \"data-1.1\"\n}"), "the new milestone: \(output)")
        #expect(output.contains("\"status\": 422") && output.contains("\"field\": \"on\""), "the bad date: \(output)")
        #expect(output.contains("\"ref\": \"data-1.1\",\n  \"changed\": true"), "marked done: \(output)")
        #expect(output.contains("data-1.1 is already done (since 2014-01-21); nothing changed"), "done again: \(output)")
        #expect(output.contains("2014-12-31,data,Working Group on Data and Research,working-group,1,1,1,0,100,0,,false,ILO,0,0,0,0,0"),
                "the report as CSV: \(output)")
        #expect(output.contains("\"ref\": \"data-1\",\n  \"changed\": true"), "the edit with If-Match: \(output)")
        #expect(output.contains("}\n412\n"), "the stale If-Match: \(output)")
    }
}
