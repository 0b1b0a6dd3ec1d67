import Foundation
import SQLite
import Testing

/// Every row of DESIGN §5's exit-code table that the core commands can meet.
@Suite struct ExitCodeTests {
    @Test(arguments: [
        (["activity", "add", "data", "x", "--start", "2014-02-30"], "is not a date"),
        (["milestone", "done", "data-1.1", "--on", "31/12/2014"], "is not a date"),
        (["report", "--as-of", "yesterday"], "is not a date"),
        (["report", "--bogus"], "Unknown option '--bogus'"),
        (["activity", "add", "data"], "Missing expected argument '<title>'"),
        (["milestone", "done", "data1"], "is not a milestone reference"),
        (["activity", "show", "data"], "is not an activity reference"),
        (["activity", "add", "data", "x", "--agenda", "9"], "is not an agenda point"),
        (["activity", "add", "data", "x", "--start", "2015-01-01", "--end", "2014-01-01"], "before the start date"),
        (["report", "--format", "pdf"], "The value 'pdf' is invalid for '--format"),
        (["group", "add", "Bad Code", "--name", "x", "--kind", "task-force"], "is not a group code"),
    ])
    func malformedInputIsAUsageError(_ arguments: [String], _ message: String) throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Existing")
        try sandbox.mawp("milestone", "add", "data-1", "Existing")
        try expectFailure(sandbox, arguments, status: 64, message: message)
    }

    @Test(arguments: [
        (["activity", "add", "nosuch", "x"], "unknown group 'nosuch'"),
        (["activity", "add", "data", "x", "--lead", "UNKNOWN"], "unknown agency 'UNKNOWN'"),
        (["activity", "add", "data", "x", "--partner", "ILO", "--partner", "NOPE"], "unknown agency 'NOPE'"),
        (["milestone", "add", "data-7", "x"], "unknown activity 'data-7'"),
        (["milestone", "done", "data-1.9"], "unknown milestone 'data-1.9'"),
        (["milestone", "reopen", "rights-1.1"], "unknown activity 'rights-1'"),
        (["activity", "cancel", "data-2"], "unknown activity 'data-2'"),
        (["report", "--group", "nosuch"], "unknown group 'nosuch'"),
        (["group", "show", "nosuch"], "unknown group 'nosuch'"),
        (["activity", "list", "--agency", "NOPE"], "unknown agency 'NOPE'"),
        (["group", "add", "data", "--name", "Again", "--kind", "working-group"], "group data exists already"),
        (["group", "add", "newgroup", "--name", "x", "--kind", "working-group", "--lead", "NOPE"], "unknown agency 'NOPE'"),
        (["agency", "add", "un women", "--name", "Again"], "agency UNWOMEN exists already"),
        // A blank title or name is the plan's rule (WorkPlan refuses it), not a usage error.
        (["activity", "add", "data", "   "], "title: give a title, not an empty one"),
        (["milestone", "add", "data-1", "  "], "title: give a title, not an empty one"),
        (["activity", "edit", "data-1", "--title", ""], "title: give a title, not an empty one"),
        (["group", "edit", "data", "--name", " "], "name: give a name, not an empty one"),
        (["agency", "add", "NEW", "--name", ""], "name: give a name, not an empty one"),
        (["baseline", "add", " "], "name: give a name, not an empty one"),
    ])
    func unknownReferencesAndDuplicatesAreDataErrors(_ arguments: [String], _ message: String) throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Existing")
        try sandbox.mawp("milestone", "add", "data-1", "Existing")
        try expectFailure(sandbox, arguments, status: 65, message: message)
    }

    @Test func controlCharactersInAMalformedValueDoNotReachTheTerminal() throws {
        let sandbox = try Sandbox()
        try expectFailure(sandbox, ["report", "--as-of", "\u{1B}]0;pwned\u{07}"], status: 64, message: "\\u{1B}]0;pwned\\u{7}")
        try expectFailure(sandbox, ["group", "show", "x\u{1B}[2J"], status: 64, message: "is not a group code")
        let result = try sandbox.mawp("group", "show", "x\u{1B}[2J")
        #expect(!result.stderr.contains("\u{1B}"))
    }

    @Test func aFileThatIsNotAMawpDatabaseIsRefusedAndLeftUntouched() throws {
        let sandbox = try Sandbox(initialise: false)
        let text = sandbox.path("notes.txt")
        try Data(String(repeating: "meeting notes\n", count: 500).utf8).write(to: URL(fileURLWithPath: text))
        let foreign = sandbox.path("other.sqlite")
        try Connection(path: foreign, mode: .readWriteCreate).execute("CREATE TABLE tasks (title TEXT); INSERT INTO tasks VALUES ('x')")
        for (path, message) in [(text, "not a mawp database (not a SQLite file)"), (foreign, "not a mawp database")] {
            for arguments in [["report"], ["init"], ["activity", "add", "data", "x"]] {
                let before = try sandbox.bytes(path)
                let result = try sandbox.run(arguments + ["--db", path])
                #expect(result.status == 65, "\(arguments) on \(path)")
                #expect(result.stdout.isEmpty)
                #expect(result.stderr.contains(message), "\(result.stderr)")
                #expect(try sandbox.bytes(path) == before)
            }
        }
    }

    @Test func anEmptyFileNeedsInitFirst() throws {
        let sandbox = try Sandbox(initialise: false)
        FileManager.default.createFile(atPath: sandbox.db, contents: nil)
        let result = try sandbox.run(["report", "--db", sandbox.db])
        #expect(result.status == 65)
        #expect(result.stderr.contains("mawp init --db"))
        #expect(try sandbox.bytes().isEmpty)
        #expect(try sandbox.run(["init", "--db", sandbox.db]).status == 0)
        #expect(try sandbox.run(["report", "--db", sandbox.db]).status == 0)
    }

    @Test func aNewerSchemaIsRefusedAndLeftUntouched() throws {
        let sandbox = try Sandbox()
        try Connection(path: sandbox.db).execute("PRAGMA user_version = 999")
        try expectFailure(sandbox, ["report"], status: 65, message: "newer than this mawp knows")
        try expectFailure(sandbox, ["activity", "add", "data", "x"], status: 65, message: "newer than this mawp knows")
    }

    @Test func aChangedMigrationIsRefusedAndLeftUntouched() throws {
        let sandbox = try Sandbox()
        // Simulates a binary whose migration 1 differs from the one that made the file.
        let db = try Connection(path: sandbox.db)
        try db.execute("UPDATE schema_migration SET checksum = '0000000000000000' WHERE version = 1")
        try expectFailure(sandbox, ["report"], status: 65, message: "different migration 1 (schema)")
    }

    @Test func aWriterThatStaysBusyPastTheTimeoutExits75AndWritesNothing() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "x")
        let before = try sandbox.bytes()
        // While the lock is held this process must not open the file otherwise: closing any
        // descriptor of it would drop the lock (POSIX advisory locks are per process).
        let holder = try Connection(path: sandbox.db)
        try holder.execute("BEGIN IMMEDIATE")
        let busy = try sandbox.mawp("activity", "add", "data", "y", environment: ["MAWP_BUSY_TIMEOUT": "200"])
        // Readers are not blocked by a writer holding its lock.
        let reader = try sandbox.mawp("activity", "list", environment: ["MAWP_BUSY_TIMEOUT": "200"])
        try holder.execute("ROLLBACK")
        #expect(busy.status == 75)
        #expect(busy.stdout.isEmpty)
        #expect(busy.stderr.contains("is busy"))
        #expect(try sandbox.bytes() == before)
        #expect(reader.status == 0)
        #expect(reader.stdout.contains("data-1"))
        #expect(try sandbox.mawp("activity", "add", "data", "y").stdout == "data-2\n")
    }

    @Test func aWriteThatCannotGoToDiskExits74AndTheSameCommandWorksOnceItCan() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "x")
        let before = try sandbox.bytes()
        // A file-size limit of 16 KiB makes every write to the journal or the file fail, as a full disk does.
        let limited = try sandbox.run(["-c", "ulimit -f 16; exec \"$0\" \"$@\"", Sandbox.binary.path,
                                       "milestone", "add", "data-1", "Draft", "--db", sandbox.db],
                                      executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(limited.status == 74, "\(limited.stderr)")
        #expect(limited.stdout.isEmpty)
        #expect(limited.stderr.contains("nothing was changed"))
        #expect(try sandbox.bytes() == before)
        let check = try Connection(path: sandbox.db, mode: .readOnly)
        #expect(try check.scalarInt("SELECT count(*) FROM milestone") == 0)
        #expect(try sandbox.mawp("milestone", "add", "data-1", "Draft").stdout == "data-1.1\n")
    }

    @Test(.enabled(if: getuid() == 0, "dropping privileges needs root"))
    func aReadOnlyDatabaseAllowsReadsAndRefusesWritesWith77() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "x")
        // The file belongs to root and nobody may only read it.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: sandbox.db)
        let before = try sandbox.bytes()
        let read = try sandbox.run(["report", "--db", sandbox.db], as: "65534")
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("data"))
        let write = try sandbox.run(["milestone", "add", "data-1", "y", "--db", sandbox.db], as: "65534")
        #expect(write.status == 77, "\(write.stderr)")
        #expect(write.stdout.isEmpty)
        #expect(write.stderr.contains("read-only"))
        #expect(try sandbox.bytes() == before)
    }

    @Test(.enabled(if: getuid() == 0, "dropping privileges needs root"))
    func aDatabaseInAFolderThatMayNotBeEnteredIsPermissionDenied() throws {
        let sandbox = try Sandbox()
        let folder = sandbox.path("private")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let db = folder + "/plan.sqlite"
        #expect(try sandbox.run(["init", "--db", db]).status == 0)
        let result = try sandbox.run(["report", "--db", db], as: "65534")
        #expect(result.status == 77, "\(result.stderr)")
        #expect(result.stderr.contains("permission denied"))
        #expect(!result.stderr.contains("no database"))
    }

    @Test(.enabled(if: getuid() == 0, "dropping privileges needs root"))
    func anUnreadableDatabaseIsPermissionDenied() throws {
        let sandbox = try Sandbox()
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: sandbox.db)
        let result = try sandbox.run(["report", "--db", sandbox.db], as: "65534")
        #expect(result.status == 77)
        #expect(result.stderr.contains("permission denied"))
    }
}

/// Output that cannot be written is an error (exit 74, one message), never a silent success.
@Suite struct FullOutputTests {
    @Test func everyCommandWithOutputExits74OnAFullDisk() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Indicators", "--lead", "UNDESA")
        try sandbox.mawp("milestone", "add", "data-1", "Retreat", "--due", "2014-01-31")
        try sandbox.mawp("indicator", "add", "data-1", "Retreats", "--target", "2")
        let commands: [[String]] = [
            ["report"], ["report", "--format", "json"], ["report", "--format", "csv"], ["report", "--format", "markdown"], ["report", "--format", "html"],
            ["activity", "list"], ["activity", "show", "data-1"], ["group", "list"], ["group", "show", "data"], ["agency", "list"], ["agenda"],
            ["framework", "list"], ["framework", "show", "recommendations"], ["chair", "list"], ["baseline", "list"], ["indicator", "list"],
            ["log"], ["slippage"], ["export"], ["export", "--format", "csv"], ["export", "--format", "iati"], ["check"], ["user", "list"],
            ["token", "list"], ["milestone", "done", "data-1.1", "--on", "2014-01-21"], ["--version"],
            ["report", "--format", "xlsx"], ["activity", "list", "--format", "xlsx"], ["slippage", "--format", "xlsx"],
            ["indicator", "list", "--format", "xlsx"], ["export", "--format", "xlsx"],
        ]
        for arguments in commands {
            let process = Process()
            process.executableURL = Sandbox.binary
            process.arguments = arguments + (arguments == ["--version"] ? [] : ["--db", sandbox.db])
            process.environment = ["PATH": "/usr/bin:/bin", "HOME": sandbox.path("home"), "LANG": "C.UTF-8"]
            process.standardOutput = try #require(FileHandle(forWritingAtPath: "/dev/full"))
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 74, "\(arguments): \(process.terminationStatus) \(message)")
            #expect(message.hasPrefix("Error: cannot write") && message.split(separator: "\n").count == 1, "\(arguments): \(message)")
        }
    }
}

@Suite struct EmptyIATITests {
    @Test func anEmptyPlanHasNothingToPublish() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.mawp("export", "--format", "iati")
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("there is nothing to publish"))
        let file = sandbox.path("plan.xml")
        #expect(try sandbox.mawp("export", "--format", "iati", "--output", file).status == 65)
        #expect(!FileManager.default.fileExists(atPath: file), "no file is left behind")
    }
}
