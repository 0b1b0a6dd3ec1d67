import Foundation
import Testing

/// DESIGN §10 through the command line: periods, updates and their review, the facts, who owes
/// what, the compiled report, and every refusal leaving the file as it was.
@Suite struct ReportingCycleTests {
    /// A sample plan with the period 2014-H1.
    static func sandbox() throws -> Sandbox {
        let sandbox = try Sandbox(initialise: false)
        #expect(try sandbox.mawp("init", "--sample").status == 0)
        let added = try sandbox.mawp("period", "add", "2014-h1", "--title", "First half of 2014", "--from", "2014-01-01",
                                     "--to", "2014-06-30", "--deadline", "2014-07-15", "--by", "secretariat")
        #expect(added.stdout == "Added 2014-H1: 2014-01-01 to 2014-06-30, updates due by 2014-07-15.\n", "\(added.stderr)")
        return sandbox
    }

    static func json(_ result: Sandbox.Result) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
    }

    @Test func anUpdateGoesFromDraftThroughReturnToApprovalAndIntoTheReport() throws {
        let sandbox = try Self.sandbox()
        let achievements = "Consultations held in three regions.\n\nA draft <b>circulated</b> | *widely*."
        try achievements.write(toFile: sandbox.path("achievements.txt"), atomically: true, encoding: .utf8)
        #expect(try sandbox.mawp("update", "write", "rights-1", "--period", "2014-H1", "--status", "on-track",
                                 "--achievements-file", sandbox.path("achievements.txt"), "--by", "amina.unicef").status == 0)
        let challenges = try sandbox.run(["update", "write", "rights-1", "--period", "2014-H1", "--challenges-file", "-",
                                          "--by", "amina.unicef", "--db", sandbox.db], input: "Funding came late.\r\n")
        #expect(challenges.status == 0, "\(challenges.stderr)")
        #expect(try sandbox.mawp("update", "submit", "rights-1", "--period", "2014-H1", "--by", "amina.unicef").status == 0)
        #expect(try sandbox.mawp("update", "return", "rights-1", "--period", "2014-H1", "--note", "Name the regions",
                                 "--by", "ohchr.focal").status == 0)
        var shown = try Self.json(sandbox.mawp("update", "show", "rights-1", "--period", "2014-H1", "--format", "json"))
        #expect(shown["state"] as? String == "returned")
        #expect(shown["reviewNote"] as? String == "Name the regions")
        #expect(try sandbox.mawp("update", "write", "rights-1", "--period", "2014-H1", "--next-steps", "Publish in 2015",
                                 "--by", "amina.unicef").status == 0)
        #expect(try sandbox.mawp("update", "submit", "rights-1", "--period", "2014-H1", "--by", "amina.unicef").status == 0)
        #expect(try sandbox.mawp("update", "approve", "rights-1", "--period", "2014-H1", "--by", "unwomen.focal").status == 0)

        shown = try Self.json(sandbox.mawp("update", "show", "rights-1", "--period", "2014-H1", "--format", "json"))
        #expect(shown["state"] as? String == "approved")
        #expect(shown["status"] as? String == "on-track")
        #expect(shown["achievements"] as? String == achievements)
        #expect(shown["challenges"] as? String == "Funding came late.\n")
        #expect(shown["nextSteps"] as? String == "Publish in 2015")
        #expect(shown["submittedBy"] as? String == "amina.unicef")
        #expect(shown["reviewedBy"] as? String == "unwomen.focal")
        #expect(shown["version"] as? Int == 7)
        // The facts come from the log: rights-1.1 is due on 2014-06-30 in the sample.
        let facts = try #require(shown["facts"] as? [String: Any])
        #expect((facts["due"] as? [[String: Any]])?.compactMap { $0["ref"] as? String } == ["rights-1.1"])

        let report = try Self.json(sandbox.mawp("period", "report", "2014-H1", "--format", "json"))
        let groups = try #require(report["groups"] as? [[String: Any]])
        let rights = try #require(groups.first { $0["code"] as? String == "rights" })
        let entries = try #require(rights["activities"] as? [[String: Any]])
        #expect((entries[0]["update"] as? [String: Any])?["achievements"] as? String == achievements)
        #expect(entries[1]["update"] is NSNull)
        #expect(entries[1]["state"] as? String == "missing")
        #expect((rights["numbers"] as? [String: Any])?["approved"] as? Int == 1)

        // Markdown keeps the paragraphs and lets no markup of the writer's through.
        let markdown = try sandbox.mawp("period", "report", "2014-H1", "--format", "markdown").stdout
        #expect(markdown.contains("Consultations held in three regions.\n\nA draft &lt;b&gt;circulated&lt;/b&gt; \\| \\*widely\\*."))
        #expect(markdown.contains("## Working Group on Human Rights, Gender and Migration (rights)"))
        #expect(markdown.contains("### rights-1: Migration and Youth"))

        // The log and check carry the cycle.
        let log = try sandbox.mawp("log", "--group", "rights").stdout
        for kind in ["update.written", "update.submitted", "update.returned", "update.approved"] { #expect(log.contains(kind), "\(kind)") }
        #expect(try sandbox.mawp("check").status == 0)
    }

    @Test func everyRefusalLeavesTheFileAsItWas() throws {
        let sandbox = try Self.sandbox()
        // No status yet: a draft is not submitted.
        #expect(try sandbox.mawp("update", "write", "rights-1", "--period", "2014-H1", "--achievements", "x", "--by", "amina").status == 0)
        try expectFailure(sandbox, ["update", "submit", "rights-1", "--period", "2014-H1", "--by", "amina"], status: 65, message: "has no status")
        // A status that is not one.
        try expectFailure(sandbox, ["update", "write", "rights-1", "--period", "2014-H1", "--status", ""], status: 64,
                          message: "is not an update's status")
        try expectFailure(sandbox, ["update", "write", "rights-1", "--period", "2014-H1", "--status", "fine"], status: 64,
                          message: "is not an update's status")
        // Nothing to approve yet; nobody approves what they submitted.
        try expectFailure(sandbox, ["update", "approve", "rights-1", "--period", "2014-H1", "--by", "ohchr"], status: 65,
                          message: "the update of rights-1 for 2014-H1 is draft")
        #expect(try sandbox.mawp("update", "write", "rights-1", "--period", "2014-H1", "--status", "at-risk", "--by", "amina").status == 0)
        #expect(try sandbox.mawp("update", "submit", "rights-1", "--period", "2014-H1", "--by", "amina").status == 0)
        try expectFailure(sandbox, ["update", "approve", "rights-1", "--period", "2014-H1", "--by", "amina"], status: 65,
                          message: "amina submitted the update of rights-1 for 2014-H1: another reviewer approves it")
        // A submitted update is not written over; a return needs a note that says something.
        try expectFailure(sandbox, ["update", "write", "rights-1", "--period", "2014-H1", "--challenges", "y", "--by", "amina"], status: 65,
                          message: "is submitted for review")
        try expectFailure(sandbox, ["update", "return", "rights-1", "--period", "2014-H1", "--note", "  ", "--by", "ohchr"], status: 65,
                          message: "note: give a note")
        // A locked period takes no change, and unlocking needs a note.
        #expect(try sandbox.mawp("period", "lock", "2014-H1", "--by", "secretariat").stdout == "Locked 2014-H1.\n")
        try expectFailure(sandbox, ["update", "approve", "rights-1", "--period", "2014-H1", "--by", "ohchr"], status: 65,
                          message: "reporting period 2014-H1 is locked")
        try expectFailure(sandbox, ["update", "write", "rights-2", "--period", "2014-H1", "--status", "on-track"], status: 65,
                          message: "reporting period 2014-H1 is locked")
        try expectFailure(sandbox, ["period", "unlock", "2014-H1", "--note", ""], status: 65, message: "note: give a note")
        // Unknown and duplicate periods; dates in the wrong order.
        try expectFailure(sandbox, ["update", "show", "rights-1", "--period", "2015-H1"], status: 65,
                          message: "unknown reporting period '2015-H1'")
        try expectFailure(sandbox, ["period", "add", "2014-H1", "--title", "Again", "--from", "2014-01-01", "--to", "2014-06-30",
                                    "--deadline", "2014-07-15"], status: 65, message: "reporting period 2014-H1 exists already")
        try expectFailure(sandbox, ["period", "add", "2014-H2", "--title", "Backwards", "--from", "2014-12-31", "--to", "2014-07-01",
                                    "--deadline", "2015-01-15"], status: 64, message: "before the start date")
        try expectFailure(sandbox, ["period", "add", "2014 H2", "--title", "x", "--from", "2014-07-01", "--to", "2014-12-31",
                                    "--deadline", "2015-01-15"], status: 64, message: "is not a reporting period's code")
        #expect(try sandbox.mawp("period", "unlock", "2014-H1", "--note", "A late correction", "--by", "secretariat").status == 0)
        #expect(try sandbox.mawp("update", "approve", "rights-1", "--period", "2014-H1", "--by", "ohchr").status == 0)
        #expect(try sandbox.mawp("check").status == 0)
    }

    @Test func theStatusSaysWhoOwesWhatAndTheReportCanBePrintedAsItWasSent() throws {
        let sandbox = try Self.sandbox()
        #expect(try sandbox.mawp("update", "write", "rights-1", "--period", "2014-H1", "--status", "completed",
                                 "--achievements", "Published.", "--by", "amina").status == 0)
        #expect(try sandbox.mawp("update", "submit", "rights-1", "--period", "2014-H1", "--by", "amina").status == 0)
        #expect(try sandbox.mawp("update", "approve", "rights-1", "--period", "2014-H1", "--by", "ohchr").status == 0)
        #expect(try sandbox.mawp("update", "write", "rights-2", "--period", "2014-H1", "--status", "at-risk", "--by", "ohchr").status == 0)

        let status = try Self.json(sandbox.mawp("period", "status", "2014-H1", "--group", "rights", "--format", "json"))
        let rows = try #require(status["activities"] as? [[String: Any]])
        #expect(rows.map { $0["state"] as? String } == ["approved", "draft", "missing"])
        #expect(rows.map { $0["lead"] as? String } == ["UNICEF", "OHCHR", "UNWOMEN"])
        let totals = try #require(status["totals"] as? [String: Int])
        #expect(totals == ["missing": 1, "draft": 1, "submitted": 0, "approved": 1, "returned": 0])
        #expect(status["daysToDeadline"] as? Int ?? 0 < 0)
        let owed = try Self.json(sandbox.mawp("period", "status", "2014-H1", "--agency", "UN Women", "--format", "json"))
        #expect((owed["activities"] as? [[String: Any]])?.compactMap { $0["activity"] as? String } == ["rights-3"])
        let csv = try sandbox.mawp("period", "status", "2014-H1", "--format", "csv").stdout
        #expect(csv.hasPrefix("activity,title,lead,state,status,deadline,daysToDeadline\r\n"))

        // The report as sent, then a reopening and new text: --as-recorded prints the first again, byte for byte.
        let sent = try sandbox.mawp("period", "report", "2014-H1", "--format", "markdown").stdout
        Thread.sleep(forTimeInterval: 1.1)
        let moment = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: "Z", with: "")
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try sandbox.mawp("update", "reopen", "rights-1", "--period", "2014-H1", "--note", "Add the launch", "--by", "ohchr").status == 0)
        #expect(try sandbox.mawp("update", "write", "rights-1", "--period", "2014-H1", "--achievements", "Published and launched.",
                                 "--by", "amina").status == 0)
        let now = try sandbox.mawp("period", "report", "2014-H1", "--format", "markdown").stdout
        #expect(now != sent)
        #expect(!now.contains("Published."))
        let again = try sandbox.mawp("period", "report", "2014-H1", "--format", "markdown", "--as-recorded", String(moment.prefix(19)))
        #expect(again.stdout == sent, "\(again.stderr)")
        let pending = try sandbox.mawp("period", "report", "2014-H1", "--include-pending").stdout
        #expect(pending.contains("[pending: draft]"))
        #expect(pending.contains("Published and launched."))
        #expect(try sandbox.mawp("check").status == 0)
    }
}

/// The compiled report as documents (issue 20 §5-6): the Word document and the workbook read
/// back against the JSON of the same report (Tests/Documents/check_period_report.py), the Word
/// document opened in LibreOffice with its first page drawn into .build/test-artefacts, the
/// HTML page that prints on A4 with every user text escaped.
@Suite struct PeriodReportDocumentTests {
    static let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Documents/check_period_report.py")
    static let artefacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/test-artefacts")

    @Test func theWordDocumentAndTheWorkbookHoldWhatTheJSONHoldsAndOpenInLibreOffice() throws {
        let sandbox = try ReportingCycleTests.sandbox()
        let texts = "第一阶段已完成。\nDeuxième étape — été 2014.\n\nمرحبا بالعالم\n\n=SUM(A1:A9) <w:t>x</w:t> & ]]> \"quoted\""
        try texts.write(toFile: sandbox.path("texts.txt"), atomically: true, encoding: .utf8)
        let writes: [[String]] = [
            ["update", "write", "rights-1", "--period", "2014-H1", "--status", "on-track", "--achievements-file", sandbox.path("texts.txt"),
             "--challenges", "Funding\tcame late.", "--by", "amina"],
            ["update", "submit", "rights-1", "--period", "2014-H1", "--by", "amina"],
            ["update", "approve", "rights-1", "--period", "2014-H1", "--by", "ohchr"],
            ["update", "write", "data-1", "--period", "2014-H1", "--status", "at-risk", "--next-steps", "Second retreat.", "--by", "undesa"],
        ]
        for arguments in writes {
            let result = try sandbox.run(arguments + ["--db", sandbox.db])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        // A control character other than tab and newline is refused, and nothing changes.
        try "Fine\u{1}".write(toFile: sandbox.path("bad.txt"), atomically: true, encoding: .utf8)
        try expectFailure(sandbox, ["update", "write", "data-1", "--period", "2014-H1", "--challenges-file", sandbox.path("bad.txt")],
                          status: 65, message: "control character (U+0001)")

        let report = ["period", "report", "2014-H1", "--include-pending"]
        let json = try sandbox.run(report + ["--format", "json", "--db", sandbox.db])
        try Data(json.stdout.utf8).write(to: URL(fileURLWithPath: sandbox.path("report.json")))
        for format in ["docx", "xlsx"] {
            let written = try sandbox.run(report + ["--format", format, "--output", sandbox.path("report.\(format)"), "--db", sandbox.db])
            #expect(written.status == 0, "\(format): \(written.stderr)")
        }
        let check = try sandbox.run(["python3", Self.checker.path, sandbox.folder.path, Self.artefacts.path],
                                    environment: ["HOME": sandbox.path("home")], executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("0 failure(s)"), "\(check.stdout)")

        // The page: A4 when printed, the writer's text as text.
        let html = try sandbox.run(report + ["--format", "html", "--db", sandbox.db]).stdout
        #expect(html.contains("@page{size:A4 portrait"))
        #expect(html.contains("=SUM(A1:A9) &lt;w:t&gt;x&lt;/w:t&gt; &amp; ]]&gt; &quot;quoted&quot;"))
        #expect(html.contains("<p>第一阶段已完成。<br>Deuxième étape — été 2014.</p>"))
        #expect(!html.contains("<w:t>"))
        // A binary format is not written to a terminal.
        let terminal = try sandbox.run(["-qec", "\(Sandbox.binary.path) period report 2014-H1 --format docx --db \(sandbox.db)", "/dev/null"],
                                       executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(terminal.status == 64)
        #expect(terminal.stdout.contains("docx is a binary file: write it with --output FILE"))
    }
}

/// Export and import carry the reporting cycle (format version 4): a round trip prints the
/// same compiled report, now and as recorded at a moment, and check finds the plan sound.
@Suite struct ReportingInterchangeTests {
    @Test func anExportWithPeriodsAndUpdatesImportsIntoANewPlanAndPrintsTheSameReports() throws {
        let sandbox = try ReportingCycleTests.sandbox()
        for arguments in [
            ["update", "write", "rights-1", "--period", "2014-H1", "--status", "on-track", "--achievements", "Chapters in.\n\nMore.", "--by", "amina"],
            ["update", "submit", "rights-1", "--period", "2014-H1", "--by", "amina"],
            ["update", "approve", "rights-1", "--period", "2014-H1", "--note", "Thanks", "--by", "ohchr"],
            ["update", "write", "data-1", "--period", "2014-H1", "--status", "at-risk", "--by", "undesa"],
            ["period", "lock", "2014-H1", "--note", "Sent", "--by", "secretariat"],
        ] {
            #expect(try sandbox.run(arguments + ["--db", sandbox.db]).status == 0, "\(arguments)")
        }
        let export = try sandbox.mawp("export")
        #expect(export.stdout.contains("\"period\": \"2014-H1\""))
        try export.stdout.write(toFile: sandbox.path("plan.json"), atomically: true, encoding: .utf8)
        let copy = sandbox.path("copy.sqlite")
        #expect(try sandbox.run(["init", "--db", copy]).status == 0)
        let imported = try sandbox.run(["import", sandbox.path("plan.json"), "--db", copy])
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        for format in ["json", "markdown", "text"] {
            let here = try sandbox.mawp("period", "report", "2014-H1", "--include-pending", "--format", format).stdout
            let there = try sandbox.run(["period", "report", "2014-H1", "--include-pending", "--format", format, "--db", copy]).stdout
            #expect(here == there, "\(format)")
        }
        let status = try sandbox.run(["period", "list", "--format", "json", "--db", copy]).stdout
        #expect(status.contains("\"locked\": true"))
        #expect(try sandbox.run(["check", "--db", copy]).status == 0)
        // IATI keeps the approved update where it keeps words about results: a qualitative
        // indicator's actual, with the reporting period's dates; the file still validates.
        let iati = sandbox.path("plan.xml")
        #expect(try sandbox.mawp("export", "--format", "iati", "--output", iati, "--reporting-org", "XM-TEST").status == 0)
        let xml = try String(contentsOfFile: iati, encoding: .utf8)
        #expect(xml.contains("<title><narrative>Progress reported to the GMG</narrative></title>"))
        #expect(xml.contains("<period-start iso-date=\"2014-01-01\"/>\n          <period-end iso-date=\"2014-06-30\"/>\n          "
            + "<actual><comment><narrative>Status: on track\n\nAchievements: Chapters in.\n\nMore.</narrative></comment></actual>"))
        #expect(!xml.contains("at risk"), "a draft is not published")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint") {
            let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/iati-2.03/iati-activities-schema.xsd")
            let valid = try sandbox.run(["--noout", "--schema", schema.path, iati], executable: URL(fileURLWithPath: "/usr/bin/xmllint"))
            #expect(valid.status == 0, "\(valid.stderr)")
        }
        // The same file again: the period exists already, and nothing is imported.
        let again = try sandbox.run(["import", sandbox.path("plan.json"), "--db", copy])
        #expect(again.status != 0)
    }
}

/// `mawp export --format ics` (DESIGN §11), read back with the icalendar package
/// (Tests/Calendars/check_ics.py) as a calendar program would, before and after a reschedule
/// and a drop.
@Suite struct CalendarExportTests {
    static let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Calendars/check_ics.py")

    @Test func aRescheduleRaisesTheSequenceAndADropCancelsTheEvent() throws {
        let sandbox = try Sandbox(initialise: false)
        #expect(try sandbox.mawp("init", "--sample").status == 0)
        #expect(try sandbox.mawp("activity", "add", "rights", "Toolkit; version 2, revised", "--lead", "UNICEF").status == 0)
        #expect(try sandbox.mawp("milestone", "add", "rights-4", "Draft for comments, with partners", "--due", "2015-03-31").status == 0)
        let before = try sandbox.mawp("export", "--format", "ics", "--group", "rights")
        #expect(before.status == 0, "\(before.stderr)")
        try before.stdout.write(toFile: sandbox.path("before.ics"), atomically: true, encoding: .utf8)
        #expect(try sandbox.mawp("milestone", "edit", "rights-2.3", "--due", "2016-03-31", "--on", "2015-06-01").status == 0)
        #expect(try sandbox.mawp("milestone", "drop", "rights-3.2", "--on", "2015-06-01").status == 0)
        #expect(try sandbox.mawp("export", "--format", "ics", "--group", "rights", "--output", sandbox.path("after.ics")).status == 0)
        let check = try sandbox.run(["python3", Self.checker.path, sandbox.path("before.ics"), sandbox.path("after.ics")],
                                    environment: ["HOME": sandbox.path("home")], executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("0 failure(s)"), "\(check.stdout)")
        // An agency's calendar: what it leads or partners in; the same plan gives the same bytes.
        let unwomen = try sandbox.mawp("export", "--format", "ics", "--agency", "UN Women").stdout
        #expect(unwomen.contains("UID:rights-3.1@mawp") && !unwomen.contains("UID:data-1.1@mawp"))
        #expect(unwomen == (try sandbox.mawp("export", "--format", "ics", "--agency", "UN Women").stdout))
        try expectFailure(sandbox, ["export", "--format", "json", "--group", "rights"], status: 64, message: "narrow a calendar")
    }
}
