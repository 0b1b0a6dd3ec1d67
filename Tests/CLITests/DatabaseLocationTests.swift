import Foundation
import SQLite
import Testing

@Suite struct DatabaseLocationTests {
    @Test func initCreatesAnOwnerOnlyDatabaseWithTheReferenceData() throws {
        let sandbox = try Sandbox(initialise: false)
        // Owner-only whatever the umask, even one that would leave the file open to all.
        let result = try sandbox.run(["-c", "umask 000; exec \"$0\" \"$@\"", Sandbox.binary.path, "init", "--db", sandbox.db],
                                     executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("Created \(sandbox.db)"))
        #expect(result.stderr.isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: sandbox.db)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let db = try Connection(path: sandbox.db, mode: .readOnly)
        #expect(try db.scalarInt("SELECT count(*) FROM agency") == 16)
        #expect(try db.scalarInt("SELECT count(*) FROM work_group") == 5)
        #expect(try db.scalarInt("PRAGMA application_id") == 0x4D41_5750)
    }

    @Test func initOnAnExistingDatabaseChangesNothing() throws {
        let sandbox = try Sandbox()
        let before = try sandbox.bytes()
        let result = try sandbox.mawp("init")
        #expect(result.status == 0)
        #expect(result.stdout.contains("already a mawp database"))
        #expect(try sandbox.bytes() == before)
    }

    @Test func theDefaultLocationIsCreatedAndSeededOnFirstUse() throws {
        let sandbox = try Sandbox(initialise: false)
        let result = try sandbox.run(["report"])
        #expect(result.status == 0, "\(result.stderr)")
        for group in ["mainstreaming", "data", "rights", "capacity", "decent-work"] {
            #expect(result.stdout.contains(group))
        }
        let file = sandbox.path("xdg/mawp/mawp.sqlite")
        #expect(FileManager.default.fileExists(atPath: file))
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: sandbox.path("xdg/mawp"))[.posixPermissions] as? Int == 0o700)
    }

    @Test func withoutXDGDataHomeTheDefaultIsUnderHome() throws {
        let sandbox = try Sandbox(initialise: false)
        let result = try sandbox.run(["group", "list"], environment: ["XDG_DATA_HOME": ""])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: sandbox.path("home/.local/share/mawp/mawp.sqlite")))
    }

    @Test func aMistypedDbPathIsNotCreated() throws {
        let sandbox = try Sandbox(initialise: false)
        let missing = sandbox.path("mistyped.sqlite")
        let result = try sandbox.run(["report", "--db", missing])
        #expect(result.status == 66)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("no database at \(missing)"))
        #expect(result.stderr.contains("mawp init --db"))
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func mawpDBNamesTheDatabaseWhenThereIsNoDbOption() throws {
        let sandbox = try Sandbox()
        let added = try sandbox.run(["activity", "add", "data", "Through MAWP_DB"], environment: ["MAWP_DB": sandbox.db])
        #expect(added.stdout == "data-1\n")
        let missing = try sandbox.run(["report"], environment: ["MAWP_DB": sandbox.path("nope.sqlite")])
        #expect(missing.status == 66)
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("nope.sqlite")))
    }

    @Test func initIntoAFolderThatDoesNotExistCannotCreate() throws {
        let sandbox = try Sandbox(initialise: false)
        let result = try sandbox.run(["init", "--db", sandbox.path("no/such/folder/plan.sqlite")])
        #expect(result.status == 73)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("cannot create the database"))
    }

    @Test func theBinaryCarriesItsMigrations() throws {
        // A copy of the binary alone in an empty folder still makes a complete database.
        let sandbox = try Sandbox(initialise: false)
        let copy = URL(fileURLWithPath: sandbox.path("bin/mawp"))
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Sandbox.binary, to: copy)
        let made = try sandbox.run(["init", "--db", "x.sqlite"], executable: copy)
        #expect(made.status == 0, "\(made.stderr)")
        let report = try sandbox.run(["report", "--db", "x.sqlite"], executable: copy)
        #expect(report.status == 0)
        #expect(report.stdout.contains("decent-work"))
    }
}
