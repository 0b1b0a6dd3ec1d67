import Foundation
import SQLite
import Testing

/// Export, import, IATI and backup, as a user runs them.
@Suite struct InterchangeTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let hostile = "'); DROP TABLE activity;-- <b>&amp;</b> \"q\" 100% _x_ \\ مهاجر 👩🏽‍💼 \u{202E}rtl"

    /// A plan with every kind of row and event: added agency and group, activities with partners,
    /// agenda and description, milestones done, reopened and done again, a cancelled activity,
    /// unit and qualitative indicators with recorded values, notes, and hostile text.
    static func richPlan() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.mawp("agency", "add", "UN-Habitat", "--name", "UN-Habitat \(hostile)")
        try sandbox.mawp("group", "add", "youth", "--name", "Task Force on Youth", "--kind", "task-force", "--lead", "UNICEF")
        try sandbox.mawp("activity", "add", "data", hostile, "--lead", "UNDESA", "--partner", "IOM", "--partner", "UNHABITAT",
                         "--start", "2014-01-01", "--end", "2015-12-31", "--agenda", "7", "--agenda", "6",
                         "--description", "two\nlines, \"quoted\" =SUM(A1)", "--by", "alice")
        try sandbox.mawp("milestone", "add", "data-1", "First retreat", "--due", "2014-01-31")
        try sandbox.mawp("milestone", "add", "data-1", "=HYPERLINK(\"x\")", "--due", "2014-10-31")
        try sandbox.mawp("milestone", "add", "data-1", "No due date")
        try sandbox.mawp("milestone", "done", "data-1.1", "--on", "2014-01-21", "--note", hostile, "--by", "bob")
        try sandbox.mawp("milestone", "done", "data-1.2", "--on", "2014-10-17")
        try sandbox.mawp("milestone", "reopen", "data-1.2", "--on", "2014-11-01", "--note", "redo")
        try sandbox.mawp("milestone", "done", "data-1.2", "--on", "2014-12-01")
        try sandbox.mawp("activity", "add", "youth", "Migration and Youth")
        try sandbox.mawp("activity", "add", "decent-work", "Dropped")
        try sandbox.mawp("milestone", "add", "decent-work-1", "Never")
        try sandbox.mawp("activity", "cancel", "decent-work-1", "--on", "2014-05-01", "--note", "merged")
        try sandbox.mawp("indicator", "add", "data-1", "Countries with a migration profile", "--baseline", "10",
                         "--baseline-year", "2013", "--target", "25", "--period-end", "2015-12-31")
        try sandbox.mawp("indicator", "record", "data-1.i1", "15", "--on", "2014-11-30", "--note", "survey")
        try sandbox.mawp("indicator", "add", "data-1", "Guidelines adopted", "--measure", "qualitative", "--result", "outcome",
                         "--baseline", "none", "--target", hostile)
        try sandbox.mawp("indicator", "record", "data-1.i2", "draft circulated", "--on", "2015-01-10")
        try sandbox.mawp("indicator", "add", "data-1", "Recruitment cost (%)", "--measure", "percentage", "--descending",
                         "--baseline", "12.5", "--target", "8")
        return sandbox
    }

    func export(_ sandbox: Sandbox, _ format: String, db: String? = nil) throws -> String {
        let result = try sandbox.run(["export", "--format", format, "--db", db ?? sandbox.db])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    func withoutGeneratedAt(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\"generatedAt\"") }.joined(separator: "\n")
    }

    @Test func aJSONExportImportedIntoAFreshDatabaseExportsTheSameFile() throws {
        let sandbox = try Self.richPlan()
        let first = try export(sandbox, "json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        #expect(json["format"] as? String == "mawp")
        #expect(json["version"] as? Int == 4)
        #expect((json["events"] as? [[String: Any]])?.count == 19)
        let file = sandbox.path("plan.json")
        try first.write(toFile: file, atomically: true, encoding: .utf8)

        let fresh = sandbox.path("fresh.sqlite")
        #expect(try sandbox.run(["init", "--db", fresh]).status == 0)
        let imported = try sandbox.run(["import", file, "--db", fresh])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Imported 3 activities, 4 milestones, 3 indicators, 19 events, 1 agency and 1 group"))
        #expect(withoutGeneratedAt(try export(sandbox, "json", db: fresh)) == withoutGeneratedAt(first))
        // The state that follows from the log is the same too.
        for asOf in ["2014-10-20", "2014-11-15", "2015-12-31"] {
            let args = ["report", "--format", "json", "--as-of", asOf]
            #expect(try sandbox.run(args + ["--db", fresh]).stdout == (try sandbox.run(args + ["--db", sandbox.db]).stdout))
        }
        let show = ["activity", "show", "data-1", "--format", "json", "--as-of", "2015-02-01"]
        #expect(try sandbox.run(show + ["--db", fresh]).stdout == (try sandbox.run(show + ["--db", sandbox.db]).stdout))
    }

    @Test func aCSVExportImportedIntoAFreshDatabaseExportsTheSameFile() throws {
        let sandbox = try Self.richPlan()
        // The current plan: a rescheduled milestone shows its baseline beside its due date; a dropped one when it left.
        try sandbox.mawp("milestone", "edit", "data-1.3", "--due", "2015-06-30", "--on", "2014-06-01")
        try sandbox.mawp("milestone", "edit", "data-1.1", "--due", "2014-02-28", "--on", "2014-01-10")
        try sandbox.mawp("milestone", "drop", "data-1.2", "--on", "2015-01-31")
        let first = try export(sandbox, "csv")
        #expect(first.hasPrefix("group,activity,activityTitle,description,lead,partners,partnerKinds,start,end,agenda,links,cancelledOn,milestone,milestoneTitle,due,doneOn,baselineDue,droppedOn\r\n"))
        #expect(first.contains(",data-1.1,First retreat,2014-02-28,2014-01-21,2014-01-31,\r\n"))
        #expect(first.contains(",2014-12-01,2014-10-31,2015-01-31\r\n"))
        let file = sandbox.path("plan.csv")
        try first.write(toFile: file, atomically: true, encoding: .utf8)
        let fresh = sandbox.path("fresh.sqlite")
        #expect(try sandbox.run(["init", "--db", fresh]).status == 0)
        try sandbox.run(["agency", "add", "UN-Habitat", "--name", "UN-Habitat", "--db", fresh])
        try sandbox.run(["group", "add", "youth", "--name", "Task Force on Youth", "--kind", "task-force", "--db", fresh])
        let imported = try sandbox.run(["import", file, "--db", fresh, "--by", "importer"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try export(sandbox, "csv", db: fresh) == first)
        // A milestone's done date comes back as a done event on that date.
        let imported1 = try sandbox.run(["activity", "show", "data-1", "--format", "json", "--as-of", "2014-06-01", "--db", fresh])
        #expect(imported1.stdout.contains("\"milestonesDone\": 1"))
    }

    @Test func anImportWithMistakesReportsEachWithItsLineAndChangesNothing() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Existing")
        let file = sandbox.path("bad.json")
        try """
        {
          "format": "mawp",
          "version": 1,
          "activities": [
            {
              "ref": "data-2",
              "title": "Fine so far",
              "milestones": [
                {"ref": "data-2.1", "title": "ok", "due": "2014-02-30"},
                {"ref": "data-2.2", "title": 5}
              ]
            },
            {"ref": "nosuch-1", "title": "x", "lead": "NOPE"},
            {"ref": "data-1", "title": "duplicate"},
            {"ref": "rights-1", "title": "x", "start": "2015-01-01", "end": "2014-01-01", "agenda": [9], "bogus": 1}
          ],
          "events": [
            {"kind": "milestone.done", "on": "2014-01-01", "recordedAt": "x", "by": "me", "milestone": "data-9.1", "details": {}},
            {"kind": "what", "on": "not a date", "recordedAt": "x", "by": "me", "details": {}}
          ]
        }
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let before = try sandbox.bytes()
        let result = try sandbox.mawp("import", file)
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let expected = [
            "\(file):9: activities[0].milestones[0].due: '2014-02-30' is not a date (YYYY-MM-DD)",
            "\(file):10: activities[0].milestones[1].title: expected text but found a number",
            "\(file):13: activities[1].ref: unknown group 'nosuch'",
            "\(file):13: activities[1].lead: unknown agency 'NOPE'",
            "\(file):14: activities[2].ref: duplicate reference data-1: the plan has that activity already",
            "\(file):15: activities[3].bogus: unknown key \"bogus\"",
            "\(file):15: activities[3].end: the end date 2014-01-01 is before the start date 2015-01-01",
            "\(file):15: activities[3].agenda[0]: '9' is not an agenda point: a number from 1 to 8",
            "\(file):18: events[0].milestone: unknown activity 'data-9'",
            "\(file):19: events[1].kind: unknown kind of event 'what'",
            "\(file):19: events[1].on: 'not a date' is not a date (YYYY-MM-DD)",
        ]
        #expect(Array(lines.prefix(expected.count)) == expected)
        #expect(lines.last == "Error: 11 problems in \(file); nothing was imported")
        #expect(try sandbox.bytes() == before)
    }

    @Test(arguments: [
        ("truncated.json", Data("{\"format\":\"mawp\",\"activities\":[{\"ref\":\"data-1\",\"title\":\"x".utf8), ":1: the file ends inside a string"),
        ("truncated2.json", Data("{\"format\":\"mawp\",\"activities\":[\n{\"ref\":\"data-1\",\"title\":\"x\"}".utf8), ":2: the file ends in the middle of an array"),
        ("latin1.json", Data([0x7B, 0x0A] + Array("\"format\":\"caf".utf8) + [0xE9] + Array("\"}".utf8)), ":2: a string that is not valid UTF-8"),
        ("types.json", Data("{\"format\":\"mawp\",\"activities\":{}}".utf8), ":1: activities: expected an array but found an object"),
        ("empty.json", Data(), ":1: the file is empty"),
        ("deep.json", Data(("{\"format\":\"mawp\",\"x\":" + String(repeating: "[", count: 5000)).utf8), "nesting deeper than 64 levels"),
        ("garbage.json", Data("{\"format\":\"mawp\"} trailing".utf8), "unexpected text after the end"),
        ("comma.json", Data("{\"format\":\"mawp\",\"agencies\":[],}".utf8), "a trailing comma"),
        ("bad.csv", Data("activity,activityTitle,due\r\ndata-1,x,\"unterminated".utf8), ":2: the file ends inside a quoted field"),
        ("cols.csv", Data("activity,activityTitle,colour\r\n".utf8), ":1: colour: unknown column"),
        ("row.csv", Data("activity,activityTitle,milestone,milestoneTitle,due\r\ndata-1,x,data-1.1,m,2014-13-01\r\ndata-1,x,data-2.1,m,\r\n".utf8),
         ":2: due: '2014-13-01' is not a date"),
    ])
    func brokenFilesAreRefusedWithTheirLine(_ name: String, _ content: Data, _ message: String) throws {
        let sandbox = try Sandbox()
        let file = sandbox.path(name)
        try content.write(to: URL(fileURLWithPath: file))
        let before = try sandbox.bytes()
        let result = try sandbox.mawp("import", file)
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(file + (message.hasPrefix(":") ? message : ":")) && result.stderr.contains(message.drop { $0 == ":" || $0.isNumber }),
                "\(result.stderr)")
        #expect(try sandbox.bytes() == before)
    }

    @Test func aDryRunChecksAndChangesNothing() throws {
        let sandbox = try Self.richPlan()
        let file = sandbox.path("plan.json")
        try export(sandbox, "json").write(toFile: file, atomically: true, encoding: .utf8)
        let fresh = sandbox.path("fresh.sqlite")
        try sandbox.run(["init", "--db", fresh])
        let before = try sandbox.bytes(fresh)
        let result = try sandbox.run(["import", file, "--dry-run", "--db", fresh])
        #expect(result.status == 0)
        #expect(result.stdout.contains("is fine: it would import 3 activities"))
        #expect(result.stdout.contains("Nothing was changed"))
        #expect(try sandbox.bytes(fresh) == before)
        let missing = try sandbox.run(["import", sandbox.path("nope.json"), "--db", fresh])
        #expect(missing.status == 66)
    }

    @Test func theIATIExportValidatesAgainstTheOfficialSchema() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint") else {
            Issue.record("xmllint is missing: install Debian's libxml2-utils")
            return
        }
        let sandbox = try Self.richPlan()
        let file = sandbox.path("plan.xml")
        let written = try sandbox.mawp("export", "--format", "iati", "--output", file, "--reporting-org", "XM-TEST",
                                       "--identifier-prefix", "XM-TEST-MAWP-")
        #expect(written.status == 0, "\(written.stderr)")
        let schema = Self.fixtures.appendingPathComponent("iati-2.03/iati-activities-schema.xsd").path
        let check = try sandbox.run(["--noout", "--schema", schema, file], executable: URL(fileURLWithPath: "/usr/bin/xmllint"))
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("validates"))
        let xml = try String(contentsOfFile: file, encoding: .utf8)
        #expect(xml.contains("<iati-identifier>XM-TEST-MAWP-data-1</iati-identifier>"))
        #expect(xml.contains("<activity-status code=\"5\"/>"), "the cancelled activity")
        #expect(xml.contains("<tag vocabulary=\"99\" vocabulary-uri=\"https://undocs.org/A/68/190\" code=\"7\">"))
        #expect(xml.contains("<participating-org role=\"2\" type=\"40\"><narrative>United Nations Department of Economic and Social Affairs (UN DESA)</narrative>"))
        #expect(xml.contains("<indicator measure=\"5\" ascending=\"true\">"))
        #expect(xml.contains("<result type=\"2\""))
        #expect(xml.contains("<actual value=\"15\"/>"))
        #expect(xml.contains("&#39;); DROP TABLE activity;-- &lt;b&gt;&amp;amp;&lt;/b&gt;"))
        #expect(!xml.contains("\u{1B}"), "characters XML cannot hold are dropped")
    }

    @Test func aBackupIsACheckedCopyAndNeverOverwritesUnasked() throws {
        let sandbox = try Self.richPlan()
        let backup = sandbox.path("backup.sqlite")
        let made = try sandbox.mawp("backup", backup)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("integrity check: ok"))
        #expect(try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int == 0o600)
        #expect(try sandbox.run(["export", "--db", backup]).stdout.count > 1000)
        #expect(withoutGeneratedAt(try export(sandbox, "json", db: backup)) == withoutGeneratedAt(try export(sandbox, "json")))
        let again = try sandbox.mawp("backup", backup)
        #expect(again.status == 73)
        #expect(again.stderr.contains("exists already"))
        #expect(try sandbox.mawp("backup", backup, "--force").status == 0)
    }

    @Test func aBackupTakenWhileAnotherProcessWritesIsConsistent() throws {
        let sandbox = try Sandbox()
        // A writer adding activities with a milestone each, as fast as it can, in the background.
        let script = """
            for i in $(seq 1 60); do
              "$0" activity add data "Activity $i" --lead UNDESA --db "$1" >/dev/null || exit 1
              "$0" milestone add "data-$i" "Milestone $i" --db "$1" >/dev/null || exit 1
            done
            """
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", script, Sandbox.binary.path, sandbox.db]
        try writer.run()
        var backups: [String] = []
        for index in 0..<6 {
            let backup = sandbox.path("backup-\(index).sqlite")
            let result = try sandbox.mawp("backup", backup)
            #expect(result.status == 0, "\(result.stderr)")
            backups.append(backup)
            usleep(50_000)
        }
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0)
        for backup in backups {
            let db = try Connection(path: backup, mode: .readOnly)
            #expect(try db.prepare("PRAGMA integrity_check").map { $0.string(0) } == ["ok"])
            // Each change came with its event: the copy holds whole transactions only.
            let activities = try db.scalarInt("SELECT count(*) FROM activity") ?? -1
            let milestones = try db.scalarInt("SELECT count(*) FROM milestone") ?? -1
            #expect(try db.scalarInt("SELECT count(*) FROM event WHERE kind = 'activity.added'") == activities)
            #expect(try db.scalarInt("SELECT count(*) FROM event WHERE kind = 'milestone.added'") == milestones)
            #expect(milestones == activities || milestones == activities - 1)
        }
    }
}
