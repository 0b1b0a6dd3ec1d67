import Foundation
import Testing

/// Plan changes (DESIGN §5 "Plan changes"): edits, reschedules, drops and back-dated changes,
/// read on both sides of every change, and the plan exactly as it was recorded.
@Suite struct PlanHistoryTests {
    /// One milestone's line of `activity show --format json` as of a date.
    func milestone(_ sandbox: Sandbox, _ ref: String, asOf: String) throws -> [String: Any]? {
        let activity = String(ref[..<(ref.lastIndex(of: ".") ?? ref.endIndex)])
        let show = try sandbox.json("activity", "show", activity, "--format", "json", "--as-of", asOf)
        return (show["milestoneList"] as? [[String: Any]])?.first { $0["ref"] as? String == ref }
    }

    /// The latest moment in the event log.
    func lastRecorded(_ sandbox: Sandbox) throws -> String {
        let log = try sandbox.json("log", "--format", "json")
        let times = (log["events"] as? [[String: Any]] ?? []).compactMap { $0["recordedAt"] as? String }
        return try #require(times.max())
    }

    @Test func aRescheduleCountsFromItsEffectiveDateOnBothSidesOfBothDueDates() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Retreats")
        try sandbox.mawp("milestone", "add", "data-1", "Second retreat", "--due", "2014-06-30")
        try expectFailure(sandbox, ["milestone", "edit", "data-1.2", "--due", "2014-10-31"], status: 65,
                          message: "unknown milestone 'data-1.2'")
        try sandbox.mawp("milestone", "add", "data-1", "Third retreat", "--due", "2014-06-30")
        // Rescheduled before the old due date: from 2014-05-01 it is due 2014-10-31.
        let edit = try sandbox.mawp("milestone", "edit", "data-1.1", "--due", "2014-10-31", "--on", "2014-05-01", "--note", "venue")
        #expect(edit.status == 0, "\(edit.stderr)")
        #expect(edit.stdout == "data-1.1 due 2014-10-31 from 2014-05-01.\n")
        // Rescheduled after the old due date had passed: overdue in between.
        try sandbox.mawp("milestone", "edit", "data-1.2", "--due", "2014-10-31", "--on", "2014-08-01")

        let cases: [(String, String, Bool, String, Bool)] = [
            // date, due of 1.1, overdue 1.1, due of 1.2, overdue 1.2
            ("2014-04-30", "2014-06-30", false, "2014-06-30", false),
            ("2014-05-01", "2014-10-31", false, "2014-06-30", false),
            ("2014-07-15", "2014-10-31", false, "2014-06-30", true),
            ("2014-08-01", "2014-10-31", false, "2014-10-31", false),
            ("2014-11-15", "2014-10-31", true, "2014-10-31", true),
        ]
        for (date, due1, overdue1, due2, overdue2) in cases {
            let one = try #require(try milestone(sandbox, "data-1.1", asOf: date))
            let two = try #require(try milestone(sandbox, "data-1.2", asOf: date))
            #expect(one["due"] as? String == due1, "data-1.1 as of \(date)")
            #expect(one["overdue"] as? Bool == overdue1, "data-1.1 as of \(date)")
            #expect(two["due"] as? String == due2, "data-1.2 as of \(date)")
            #expect(two["overdue"] as? Bool == overdue2, "data-1.2 as of \(date)")
            let line = try sandbox.progress(asOf: date, group: "data")
            #expect(line["overdue"] as? Int == [overdue1, overdue2].filter { $0 }.count, "report as of \(date)")
        }
        // The report's overdue list agrees with the rule.
        let report = try sandbox.mawp("report", "--group", "data", "--as-of", "2014-07-15")
        #expect(report.stdout.contains("data-1.2   2014-06-30"))
        #expect(!report.stdout.contains("data-1.1   2014-"))
    }

    @Test func aSecondRescheduleKeepsEachDueDateOnItsOwnDates() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Retreats")
        try sandbox.mawp("milestone", "add", "data-1", "Retreat", "--due", "2014-03-31")
        try sandbox.mawp("milestone", "edit", "data-1.1", "--due", "2014-09-30", "--on", "2014-06-01")
        // Recorded later, effective earlier: a back-dated reschedule sits between the others.
        try sandbox.mawp("milestone", "edit", "data-1.1", "--due", "2014-05-31", "--on", "2014-03-01")
        for (date, due) in [("2014-02-01", "2014-03-31"), ("2014-03-15", "2014-05-31"), ("2014-07-01", "2014-09-30")] {
            #expect(try milestone(sandbox, "data-1.1", asOf: date)?["due"] as? String == due, "as of \(date)")
        }
        #expect(try sandbox.mawp("check").status == 0)
    }

    @Test func aDroppedMilestoneLeavesTheCountsFromItsDate() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Retreats")
        try sandbox.mawp("milestone", "add", "data-1", "One", "--due", "2014-01-31")
        try sandbox.mawp("milestone", "add", "data-1", "Two", "--due", "2014-02-28")
        let drop = try sandbox.mawp("milestone", "drop", "data-1.2", "--on", "2014-08-01", "--note", "mid-term review")
        #expect(drop.stdout == "Dropped data-1.2 from 2014-08-01.\n")
        #expect(try sandbox.progress(asOf: "2014-07-31", group: "data")["milestones"] as? Int == 2)
        #expect(try sandbox.progress(asOf: "2014-07-31", group: "data")["overdue"] as? Int == 2)
        #expect(try sandbox.progress(asOf: "2014-08-01", group: "data")["milestones"] as? Int == 1)
        #expect(try sandbox.progress(asOf: "2014-08-01", group: "data")["overdue"] as? Int == 1)
        #expect(try milestone(sandbox, "data-1.2", asOf: "2014-08-01") == nil)

        let again = try sandbox.mawp("milestone", "drop", "data-1.2")
        #expect(again.status == 0)
        #expect(again.stdout.contains("already dropped (on 2014-08-01); nothing changed"))
        try expectFailure(sandbox, ["milestone", "done", "data-1.2"], status: 65, message: "was dropped on 2014-08-01")
        try expectFailure(sandbox, ["milestone", "edit", "data-1.2", "--due", "2015-01-31"], status: 65, message: "was dropped")
    }

    @Test func aBackDatedDoneAndLateAdditionsFollowTheirDates() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Retreats")
        try sandbox.mawp("milestone", "add", "data-1", "One", "--due", "2014-01-31")
        try sandbox.mawp("milestone", "done", "data-1.1", "--on", "2014-03-01")
        try sandbox.mawp("milestone", "done", "data-1.1", "--on", "2014-01-21") // recorded later, effective earlier
        #expect(try sandbox.progress(asOf: "2014-01-20", group: "data")["milestonesDone"] as? Int == 0)
        #expect(try sandbox.progress(asOf: "2014-01-21", group: "data")["milestonesDone"] as? Int == 1)

        // Added --on a date: in the plan from that date only.
        #expect(try sandbox.mawp("activity", "add", "data", "Indicator set", "--on", "2014-06-01").stdout == "data-2\n")
        try sandbox.mawp("milestone", "add", "data-2", "Side event", "--due", "2015-03-04", "--on", "2014-09-01")
        try sandbox.mawp("milestone", "add", "data-1", "Two", "--due", "2014-12-31", "--on", "2014-09-01")
        let before = try sandbox.progress(asOf: "2014-05-31", group: "data")
        #expect(before["activities"] as? Int == 1)
        #expect(before["milestones"] as? Int == 1)
        let between = try sandbox.progress(asOf: "2014-06-01", group: "data")
        #expect(between["activities"] as? Int == 2)
        #expect(between["milestones"] as? Int == 1)
        #expect(try sandbox.progress(asOf: "2014-09-01", group: "data")["milestones"] as? Int == 3)
        let list = try sandbox.json("activity", "list", "--format", "json", "--as-of", "2014-05-31")
        #expect((list["activities"] as? [[String: Any]])?.compactMap { $0["ref"] as? String } == ["data-1"])
    }

    @Test func editsChangeWhatTheySayAndNothingElse() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "rights", "Youth report", "--lead", "UNICEF", "--partner", "ILO",
                         "--start", "2014-01-01", "--end", "2014-12-31", "--agenda", "1")
        let edit = try sandbox.mawp("activity", "edit", "rights-1", "--title", "Migration and Youth", "--partner", "UNFPA",
                                    "--partner", "ILO", "--agenda", "1", "--agenda", "5", "--on", "2014-07-01", "--note", "partner joined")
        #expect(edit.status == 0, "\(edit.stderr)")
        // The title is the latest recorded on every date; partners and points change from --on.
        let early = try sandbox.json("activity", "show", "rights-1", "--format", "json", "--as-of", "2014-03-01")
        #expect(early["title"] as? String == "Migration and Youth")
        #expect(early["partners"] as? [String] == ["ILO"])
        #expect((early["agenda"] as? [[String: Any]])?.count == 1)
        let late = try sandbox.json("activity", "show", "rights-1", "--format", "json", "--as-of", "2014-07-01")
        #expect(late["partners"] as? [String] == ["ILO", "UNFPA"])
        #expect((late["agenda"] as? [[String: Any]])?.compactMap { $0["number"] as? Int } == [1, 5])
        let unfpaEarly = try sandbox.json("activity", "list", "--agency", "UNFPA", "--format", "json", "--as-of", "2014-06-30")
        #expect((unfpaEarly["activities"] as? [Any])?.isEmpty == true)
        let unfpaLate = try sandbox.json("activity", "list", "--agency", "UNFPA", "--format", "json", "--as-of", "2014-07-01")
        #expect((unfpaLate["activities"] as? [Any])?.count == 1)
        let agenda = try sandbox.json("agenda", "--format", "json", "--as-of", "2014-06-30")
        #expect((agenda["points"] as? [[String: Any]])?.first { $0["number"] as? Int == 5 }?["activities"] as? Int == 0)

        // The event carries the old and the new values, and the note.
        let log = try sandbox.json("log", "--activity", "rights-1", "--format", "json")
        let edited = try #require((log["events"] as? [[String: Any]])?.first { $0["kind"] as? String == "activity.edited" })
        #expect(edited["on"] as? String == "2014-07-01")
        #expect(edited["note"] as? String == "partner joined")
        let details = try #require(edited["details"] as? [String: Any])
        #expect((details["old"] as? [String: Any])?["title"] as? String == "Youth report")
        #expect((details["new"] as? [String: Any])?["partners"] as? [String] == ["ILO", "UNFPA"])
        #expect((details["old"] as? [String: Any])?["lead"] == nil, "unchanged fields are not in the event")

        // The same values again change nothing and write nothing.
        let before = try sandbox.bytes()
        let same = try sandbox.mawp("activity", "edit", "rights-1", "--title", "Migration and Youth", "--partner", "UNFPA",
                                    "--partner", "ILO", "--on", "2014-08-01")
        #expect(same.status == 0)
        #expect(same.stdout.contains("nothing changed"))
        #expect(try sandbox.bytes() == before)
        #expect(try sandbox.mawp("check").status == 0)
    }

    @Test func groupAndAgencyEditsRenameButNeverRecode() throws {
        let sandbox = try Sandbox()
        let renamed = try sandbox.mawp("agency", "edit", "UN DESA", "--name", "UN Department of Economic and Social Affairs")
        #expect(renamed.stdout == "Changed agency UNDESA.\n")
        let agencies = try sandbox.json("agency", "list", "--format", "json")["agencies"] as? [[String: Any]]
        #expect(agencies?.first { $0["code"] as? String == "UNDESA" }?["name"] as? String == "UN Department of Economic and Social Affairs")
        let group = try sandbox.mawp("group", "edit", "data", "--name", "Working Group on Data", "--lead", "UNDESA", "--lead", "UNFPA")
        #expect(group.status == 0, "\(group.stderr)")
        let groups = try sandbox.json("group", "list", "--format", "json")["groups"] as? [[String: Any]]
        let data = try #require(groups?.first { $0["code"] as? String == "data" })
        #expect(data["name"] as? String == "Working Group on Data")
        #expect((data["leads"] as? [[String: Any]])?.compactMap { $0["agency"] as? String } == ["UNDESA", "UNFPA"])
        #expect(try sandbox.mawp("group", "edit", "data", "--name", "Working Group on Data").stdout.contains("nothing changed"))
        try expectFailure(sandbox, ["group", "edit", "data", "--name", "x", "--code", "dat"], status: 64, message: "--code")
        try expectFailure(sandbox, ["agency", "edit", "UNDP", "--code", "UNDP2", "--name", "x"], status: 64, message: "--code")
        try expectFailure(sandbox, ["group", "edit", "nosuch", "--name", "x"], status: 65, message: "unknown group 'nosuch'")
        try expectFailure(sandbox, ["group", "edit", "data", "--lead", "NOSUCH"], status: 65, message: "unknown agency 'NOSUCH'")
        try expectFailure(sandbox, ["agency", "edit", "NOSUCH", "--name", "x"], status: 65, message: "unknown agency 'NOSUCH'")
        #expect(try sandbox.mawp("check").status == 0)
    }

    @Test func badEditsAreRefusedWithTheDatabaseUnchanged() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Retreats", "--start", "2014-01-01", "--end", "2014-12-31")
        try sandbox.mawp("milestone", "add", "data-1", "One", "--due", "2014-01-31")
        try expectFailure(sandbox, ["activity", "edit", "data-9", "--title", "x"], status: 65, message: "unknown activity 'data-9'")
        try expectFailure(sandbox, ["milestone", "edit", "data-1.7", "--due", "2014-02-01"], status: 65, message: "unknown milestone 'data-1.7'")
        try expectFailure(sandbox, ["milestone", "edit", "data-1.1", "--due", "2014-02-30"], status: 64, message: "is not a date")
        try expectFailure(sandbox, ["milestone", "edit", "data-1.1"], status: 64, message: "give --title, --due or both")
        try expectFailure(sandbox, ["activity", "edit", "data-1", "--end", "2013-06-30"], status: 64,
                          message: "the end date 2013-06-30 is before the start date 2014-01-01")
        try expectFailure(sandbox, ["activity", "edit", "data-1", "--lead", "NOSUCH"], status: 65, message: "unknown agency 'NOSUCH'")
        try expectFailure(sandbox, ["activity", "edit", "data-1", "--agenda", "9"], status: 64, message: "not an agenda point")
        try expectFailure(sandbox, ["activity", "edit", "data-1", "--ref", "data-2"], status: 64, message: "--ref")
        try expectFailure(sandbox, ["milestone", "drop", "data-1.1", "--on", "2014-13-01"], status: 64, message: "is not a date")
        // An earlier end from a later date would make that version end before its start.
        try sandbox.mawp("activity", "edit", "data-1", "--start", "2014-06-01", "--on", "2014-03-01")
        try expectFailure(sandbox, ["activity", "edit", "data-1", "--end", "2014-04-30", "--on", "2014-01-15"], status: 65,
                          message: "the end 2014-04-30 would be before the start 2014-06-01 from 2014-03-01")
    }

    /// Everything a reader prints, for the as-recorded comparison.
    func outputs(_ sandbox: Sandbox, extra: [String] = []) throws -> [String: String] {
        let commands: [[String]] = [
            ["report"], ["report", "--format", "markdown"], ["report", "--format", "csv"], ["report", "--format", "json"],
            ["report", "--format", "html"], ["report", "--group", "data"], ["report", "--group", "data", "--format", "markdown"],
            ["activity", "list"], ["activity", "list", "--format", "json"], ["activity", "list", "--format", "csv"],
            ["activity", "show", "data-1"], ["activity", "show", "data-1", "--format", "json"],
            ["agenda"], ["agenda", "--format", "json"], ["group", "show", "data"], ["indicator", "list", "--format", "json"],
            ["slippage"], ["slippage", "--format", "json"], ["slippage", "--format", "csv"], ["slippage", "--format", "markdown"],
            ["slippage", "--format", "html"],
        ]
        var out: [String: String] = [:]
        for command in commands {
            for date in ["2014-06-30", "2015-12-31"] {
                let result = try sandbox.run(command + ["--as-of", date] + extra + ["--db", sandbox.db])
                #expect(result.status == 0, "\(command): \(result.stderr)")
                // The HTML report says when it was made; nothing else may differ.
                let text = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.contains("generated") && !$0.contains("Generated") }.joined(separator: "\n")
                out[(command + [date]).joined(separator: " ")] = text
            }
        }
        return out
    }

    @Test func asRecordedPrintsExactlyWhatWasPrintedThenAlsoAfterARoundTrip() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("agency", "add", "KNOMAD", "--name", "Global Knowledge Partnership on Migration and Development")
        try sandbox.mawp("activity", "add", "data", "Retreats", "--lead", "UNDESA", "--partner", "IOM", "--start", "2014-01-01",
                         "--end", "2014-12-31", "--agenda", "7")
        try sandbox.mawp("milestone", "add", "data-1", "First retreat", "--due", "2014-01-31")
        try sandbox.mawp("milestone", "add", "data-1", "Second retreat", "--due", "2014-06-30")
        try sandbox.mawp("milestone", "add", "data-1", "Third retreat", "--due", "2015-06-30")
        try sandbox.mawp("milestone", "done", "data-1.1", "--on", "2014-01-21")
        try sandbox.mawp("indicator", "add", "data-1", "Countries with profiles", "--baseline", "10", "--target", "25")
        try sandbox.mawp("activity", "add", "rights", "Youth report", "--lead", "UNICEF")
        let printed = try outputs(sandbox)
        let then = try lastRecorded(sandbox)

        // Changes of every kind, back-dated ones among them.
        try sandbox.mawp("milestone", "edit", "data-1.2", "--due", "2014-10-31", "--on", "2014-05-01", "--title", "Retreat with KNOMAD")
        try sandbox.mawp("milestone", "drop", "data-1.3", "--on", "2014-02-01")
        try sandbox.mawp("milestone", "done", "data-1.2", "--on", "2014-06-01")
        try sandbox.mawp("milestone", "reopen", "data-1.1", "--on", "2014-03-01")
        try sandbox.mawp("milestone", "add", "data-1", "Fourth retreat", "--due", "2014-03-31")
        try sandbox.mawp("activity", "edit", "data-1", "--title", "Retreats on indicators", "--partner", "KNOMAD", "--on", "2014-01-01")
        try sandbox.mawp("activity", "cancel", "rights-1", "--on", "2014-04-01")
        try sandbox.mawp("activity", "add", "data", "Side event", "--on", "2014-02-01")
        try sandbox.mawp("group", "edit", "data", "--name", "WG Data")
        try sandbox.mawp("agency", "edit", "UNDESA", "--name", "UN DESA")
        try sandbox.mawp("indicator", "record", "data-1.i1", "12", "--on", "2014-05-01")
        #expect(try outputs(sandbox) != printed, "the changes show today")

        let replayed = try outputs(sandbox, extra: ["--as-recorded", then])
        for (command, text) in printed {
            #expect(replayed[command] == text, "\(command) --as-recorded \(then)")
        }
        // Without --as-of, the date is the moment's own.
        let day = String(then.prefix(10))
        #expect(try sandbox.mawp("report", "--as-recorded", then).stdout.hasPrefix(
            "GMG Multi-Annual Work Plan 2013-2015 — progress as of \(day)\n"))

        // A round trip through a JSON export keeps every recorded moment.
        let file = sandbox.path("plan.json")
        #expect(try sandbox.mawp("export", "--output", file).status == 0)
        let copy = try Sandbox()
        let imported = try copy.mawp("import", file)
        #expect(imported.status == 0, "\(imported.stderr)")
        let copied = try outputs(copy, extra: ["--as-recorded", then])
        for (command, text) in printed {
            #expect(copied[command] == text, "after the round trip: \(command) --as-recorded \(then)")
        }
        #expect(try outputs(copy) == (try outputs(sandbox)), "and today's plan too")
        #expect(try copy.mawp("check").status == 0)
    }

    @Test func checkFindsTablesChangedBehindTheLogsBack() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Retreats", "--partner", "IOM")
        try sandbox.mawp("milestone", "add", "data-1", "One", "--due", "2014-01-31")
        try sandbox.mawp("milestone", "edit", "data-1.1", "--due", "2014-03-31", "--on", "2014-01-15")
        #expect(try sandbox.mawp("check").status == 0)
        for tamper in ["UPDATE milestone SET due_on = '2014-02-28'", "UPDATE activity SET title = 'Other'",
                       "DELETE FROM version_partner", "UPDATE agency SET name = 'X' WHERE code = 'IOM'",
                       "UPDATE milestone SET dropped_on = '2014-05-01'"] {
            let copy = sandbox.path("tampered.sqlite")
            try? FileManager.default.removeItem(atPath: copy)
            try FileManager.default.copyItem(atPath: sandbox.db, toPath: copy)
            let shell = try sandbox.run([copy, tamper], executable: URL(fileURLWithPath: "/usr/bin/sqlite3"))
            #expect(shell.status == 0, "\(shell.stderr)")
            let check = try sandbox.run(["check", "--db", copy])
            #expect(check.status == 65, "\(tamper): \(check.stdout)")
            #expect(check.stdout.contains("event log") || check.stderr.contains("event log"), "\(tamper)")
        }
    }
}

/// Baselines, slippage and "what changed since" (DESIGN §5).
@Suite struct SlippageAndComparisonTests {
    /// A plan with a reschedule, a slip to an earlier date, a drop and done milestones on both sides of their baselines.
    func plan() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Retreats", "--lead", "UNDESA")
        try sandbox.mawp("milestone", "add", "data-1", "First", "--due", "2014-01-31")
        try sandbox.mawp("milestone", "add", "data-1", "Second", "--due", "2014-06-30")
        try sandbox.mawp("milestone", "add", "data-1", "Third", "--due", "2014-09-30")
        try sandbox.mawp("activity", "add", "rights", "Youth report", "--lead", "UNICEF")
        try sandbox.mawp("milestone", "add", "rights-1", "Draft", "--due", "2014-10-31")
        try sandbox.mawp("milestone", "done", "data-1.1", "--on", "2014-01-21")   // on time
        try sandbox.mawp("milestone", "done", "rights-1.1", "--on", "2014-12-18") // late
        return sandbox
    }

    @Test func slippageCountsDaysAgainstTheBaselineAndTheOnTimeRate() throws {
        let sandbox = try plan()
        try sandbox.mawp("milestone", "edit", "data-1.2", "--due", "2014-10-31", "--on", "2014-05-01")
        try sandbox.mawp("milestone", "edit", "data-1.3", "--due", "2014-08-31", "--on", "2014-05-01")
        try sandbox.mawp("milestone", "done", "data-1.2", "--on", "2014-10-17") // on time against the new date, late against the baseline

        let before = try sandbox.json("slippage", "--format", "json", "--as-of", "2014-04-30")
        #expect((before["totals"] as? [String: Any])?["rescheduled"] as? Int == 0)
        let report = try sandbox.json("slippage", "--format", "json", "--as-of", "2014-12-31")
        let data = try #require((report["groups"] as? [[String: Any]])?.first { $0["code"] as? String == "data" })
        #expect(data["milestones"] as? Int == 3)
        #expect(data["rescheduled"] as? Int == 2)
        #expect(data["daysSlipped"] as? Int == 123 - 30)
        #expect(data["done"] as? Int == 2)
        #expect(data["doneOnTime"] as? Int == 1)
        #expect(data["onTimeRate"] as? Double == 50)
        let rights = try #require((report["groups"] as? [[String: Any]])?.first { $0["code"] as? String == "rights" })
        #expect(rights["onTimeRate"] as? Double == 0)
        let mainstreaming = try #require((report["groups"] as? [[String: Any]])?.first { $0["code"] as? String == "mainstreaming" })
        #expect(mainstreaming["onTimeRate"] is NSNull, "every group appears, none done: no rate")
        let totals = try #require(report["totals"] as? [String: Any])
        #expect(totals["doneOnTime"] as? Int == 1)
        #expect(totals["done"] as? Int == 3)
        let second = try #require((report["milestones"] as? [[String: Any]])?.first { $0["ref"] as? String == "data-1.2" })
        #expect(second["baselineDue"] as? String == "2014-06-30")
        #expect(second["due"] as? String == "2014-10-31")
        #expect(second["daysSlipped"] as? Int == 123)
        #expect(second["reschedules"] as? Int == 1)
        #expect(second["onTime"] as? Bool == false)

        let text = try sandbox.mawp("slippage", "--as-of", "2014-12-31")
        #expect(text.stdout.contains("slippage as of 2014-12-31"))
        #expect(text.stdout.contains("data-1.2   2014-06-30    2014-10-31          +123            1  2014-10-17  UNDESA  Second"))
        #expect(text.stdout.contains("data-1.3   2014-09-30    2014-08-31           -30            1              UNDESA  Third"))
        let csv = try sandbox.mawp("slippage", "--format", "csv", "--as-of", "2014-12-31").stdout
        #expect(csv.hasPrefix("asOf,group,milestone,title,lead,baselineDue,due,daysSlipped,reschedules,done,doneOn,onTime,sample\r\n"))
        #expect(csv.contains("2014-12-31,data,data-1.2,Second,UNDESA,2014-06-30,2014-10-31,123,1,true,2014-10-17,false,false\r\n"))
        let markdown = try sandbox.mawp("slippage", "--format", "markdown", "--as-of", "2014-12-31").stdout
        #expect(markdown.contains("| data-1.2 | 2014-06-30 | 2014-10-31 | +123 |"))
        let html = try sandbox.mawp("slippage", "--format", "html", "--as-of", "2014-12-31").stdout
        #expect(html.contains("<h2>Rescheduled milestones (2)</h2>"))
        #expect(!html.contains("<script"))
        // The chair as of the date, in every format, as in the report.
        #expect(text.stdout.contains("GMG chair: International Labour Organization (ILO)\n"))
        #expect(markdown.contains("GMG chair: International Labour Organization (ILO)"))
        #expect(html.contains("<p class=\"meta\" id=\"chair\">GMG chair: <strong>International Labour Organization</strong> (ILO)</p>"))
        #expect((report["chair"] as? [String: Any])?["agency"] as? String == "ILO")
        #expect(try sandbox.json("slippage", "--format", "json", "--as-of", "2013-12-31")["chair"] is NSNull,
                "no chair is known before 2014")
        #expect(try !sandbox.mawp("slippage", "--as-of", "2013-12-31").stdout.contains("GMG chair"))
        try expectFailure(sandbox, ["slippage", "--group", "nosuch"], status: 65, message: "unknown group 'nosuch'")
    }

    @Test func aBaselineNamesAMomentAndCompareToListsWhatChangedSince() throws {
        let sandbox = try plan()
        let named = try sandbox.mawp("baseline", "add", "Principals 2014")
        #expect(named.status == 0, "\(named.stderr)")
        try sandbox.mawp("milestone", "edit", "data-1.2", "--due", "2014-10-31", "--on", "2014-05-01")
        try sandbox.mawp("milestone", "drop", "data-1.3", "--on", "2014-08-01", "--note", "merged")
        try sandbox.mawp("milestone", "done", "data-1.2", "--on", "2014-10-17")
        try sandbox.mawp("activity", "cancel", "rights-1", "--on", "2014-11-01")

        let list = try sandbox.json("baseline", "list", "--format", "json")
        #expect((list["baselines"] as? [[String: Any]])?.first?["name"] as? String == "Principals 2014")
        try expectFailure(sandbox, ["baseline", "add", "Principals 2014"], status: 65, message: "exists already")
        try expectFailure(sandbox, ["baseline", "add", "Later", "--at", "2099-01-01"], status: 64, message: "in the future")
        try expectFailure(sandbox, ["report", "--compare-to", "no such baseline"], status: 64, message: "neither a baseline nor a moment")

        let compared = try sandbox.json("report", "--format", "json", "--as-of", "2014-12-31", "--compare-to", "Principals 2014")
        let comparison = try #require(compared["comparison"] as? [String: Any])
        #expect(comparison["baseline"] as? String == "Principals 2014")
        let then = try #require(comparison["report"] as? [String: Any])
        let thenTotals = try #require(then["totals"] as? [String: Any])
        #expect(thenTotals["milestones"] as? Int == 4)
        #expect(thenTotals["milestonesDone"] as? Int == 2)
        let now = try #require(compared["totals"] as? [String: Any])
        #expect(now["milestones"] as? Int == 2, "data-1.3 dropped, rights-1 cancelled")
        #expect(now["milestonesDone"] as? Int == 2)
        let changes = try #require(comparison["changes"] as? [[String: Any]])
        #expect(changes.compactMap { $0["kind"] as? String } == ["milestone.edited", "milestone.dropped", "milestone.done", "activity.cancelled"])
        #expect((changes[0]["old"] as? [String: Any])?["due"] as? String == "2014-06-30")
        #expect((changes[0]["new"] as? [String: Any])?["due"] as? String == "2014-10-31")

        let text = try sandbox.mawp("report", "--as-of", "2014-12-31", "--compare-to", "Principals 2014").stdout
        #expect(text.contains("Compared with baseline 'Principals 2014'"))
        #expect(text.contains("rescheduled  data-1.2  Second"))
        #expect(text.contains("due 2014-06-30 → 2014-10-31"))
        #expect(text.contains("dropped      data-1.3  Third"))
        let markdown = try sandbox.mawp("report", "--format", "markdown", "--compare-to", "Principals 2014").stdout
        #expect(markdown.contains("### Changes recorded since"))
        let csv = try sandbox.mawp("report", "--format", "csv", "--as-of", "2014-12-31", "--compare-to", "Principals 2014").stdout
        #expect(csv.split(separator: "\r\n").first?.hasSuffix(",comparedTo,thenAsOf,thenActivities,thenMilestones,thenMilestonesDone,thenOverdue,thenPercentComplete") == true)
        let html = try sandbox.mawp("report", "--format", "html", "--compare-to", "Principals 2014").stdout
        #expect(html.contains("<section id=\"comparison\">"))
        #expect(html.contains("due 2014-06-30 → 2014-10-31"))
        // Without --compare-to the report is as it was.
        #expect(try sandbox.mawp("report", "--format", "json").stdout.contains("comparison") == false)
    }

    @Test func activityShowAndTheLogTellWhoChangedWhatFromWhatToWhat() throws {
        let sandbox = try plan()
        try sandbox.mawp("milestone", "edit", "data-1.2", "--due", "2014-10-31", "--on", "2014-05-01", "--by", "focal point")
        try sandbox.mawp("activity", "edit", "data-1", "--title", "Retreats on indicators", "--by", "secretariat")
        let show = try sandbox.mawp("activity", "show", "data-1").stdout
        #expect(show.contains("History"))
        #expect(show.contains("rescheduled      data-1.2  focal point  due 2014-06-30 → 2014-10-31"))
        #expect(show.contains("activity edited  data-1    secretariat  title Retreats → Retreats on indicators"))
        let json = try sandbox.json("activity", "show", "data-1", "--format", "json")
        let history = try #require(json["history"] as? [[String: Any]])
        #expect(history.last?["by"] as? String == "secretariat")
        #expect(history.last?["kind"] as? String == "activity.edited")
        let log = try sandbox.mawp("log", "--activity", "data-1").stdout
        #expect(log.contains("due 2014-06-30 → 2014-10-31"))
    }
}

/// Frameworks of points and the activities' links to them (issue: the plan's own vocabulary).
@Suite struct FrameworkCommandTests {
    @Test func recommendationsShowTheirCountsAndGapsOnBothSidesOfALinkChange() throws {
        let sandbox = try Sandbox()
        let list = try sandbox.json("framework", "list", "--format", "json")
        #expect((list["frameworks"] as? [[String: Any]])?.compactMap { $0["points"] as? Int } == [8, 11, 5])
        try sandbox.mawp("activity", "add", "data", "Indicators", "--lead", "UNDESA", "--partner", "IOM",
                         "--link", "recommendations:P1", "--link", "agenda:7", "--link", "chair-2014:2")
        let changed = try sandbox.mawp("activity", "edit", "data-1", "--link", "recommendations:G2", "--link", "recommendations:P1",
                                       "--on", "2014-06-01")
        #expect(changed.status == 0, "\(changed.stderr)")
        func point(_ code: String, asOf: String) throws -> [String: Any]? {
            let show = try sandbox.json("framework", "show", "recommendations", "--format", "json", "--as-of", asOf)
            return (show["points"] as? [[String: Any]])?.first { $0["code"] as? String == code }
        }
        #expect(try point("G2", asOf: "2014-05-31")?["activities"] as? Int == 0)
        #expect(try point("G2", asOf: "2014-05-31")?["gap"] as? Bool == true)
        #expect(try point("G2", asOf: "2014-06-01")?["activities"] as? Int == 1)
        #expect(try point("G2", asOf: "2014-06-01")?["groups"] as? [String] == ["data"])
        #expect(try point("G2", asOf: "2014-06-01")?["agencies"] as? [String] == ["IOM", "UNDESA"])
        #expect(try point("P1", asOf: "2014-05-31")?["activities"] as? Int == 1)
        let show = try sandbox.json("framework", "show", "recommendations", "--format", "json", "--as-of", "2014-06-01")
        #expect(show["gaps"] as? Int == 9)
        #expect((show["points"] as? [[String: Any]])?.count == 11)
        // The chair's link stays: an edit's --link replaces the links of the frameworks it names only.
        let chair = try sandbox.json("framework", "show", "chair-2014", "--format", "json", "--as-of", "2014-06-01")
        #expect((chair["points"] as? [[String: Any]])?.first { $0["code"] as? String == "2" }?["activities"] as? Int == 1)
        // --link agenda:7 is --agenda 7.
        let activity = try sandbox.json("activity", "show", "data-1", "--format", "json")
        #expect((activity["agenda"] as? [[String: Any]])?.compactMap { $0["number"] as? Int } == [7])
        #expect((activity["links"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["G2", "P1", "2"])
        let text = try sandbox.mawp("framework", "show", "recommendations", "--as-of", "2014-06-01").stdout
        #expect(text.contains("Governance Level"))
        #expect(text.contains("11 points, 9 with no activity (gaps)."))
        try expectFailure(sandbox, ["activity", "edit", "data-1", "--link", "recommendations:Z9"], status: 65, message: "unknown point 'recommendations:Z9'")
        try expectFailure(sandbox, ["activity", "add", "data", "x", "--link", "nosuch:1"], status: 65, message: "unknown point 'nosuch:1'")
        try expectFailure(sandbox, ["activity", "add", "data", "x", "--link", "P1"], status: 64, message: "is not a point")
        try expectFailure(sandbox, ["framework", "show", "nosuch"], status: 65, message: "unknown framework 'nosuch'")
        #expect(try sandbox.mawp("check").status == 0)
    }

    @Test func aUsersOwnFrameworkTakesLinksAndSurvivesARoundTrip() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.mawp("framework", "add", "sdg-targets", "--title", "SDG targets").stdout == "sdg-targets\n")
        #expect(try sandbox.mawp("framework", "point", "add", "sdg-targets", "10.7", "--title", "Orderly, safe, regular migration").stdout
                == "sdg-targets:10.7\n")
        try expectFailure(sandbox, ["framework", "add", "sdg-targets", "--title", "again"], status: 65, message: "exists already")
        try expectFailure(sandbox, ["framework", "point", "add", "sdg-targets", "10.7", "--title", "again"], status: 65, message: "exists already")
        try expectFailure(sandbox, ["framework", "point", "add", "sdg-targets", "10 7", "--title", "x"], status: 64, message: "is not a point")
        try sandbox.mawp("activity", "add", "mainstreaming", "Policy coherence", "--link", "sdg-targets:10.7")
        let before = try sandbox.mawp("framework", "show", "sdg-targets", "--format", "json", "--as-of", "2015-01-01").stdout
        let file = sandbox.path("plan.json")
        #expect(try sandbox.mawp("export", "--output", file).status == 0)
        let copy = try Sandbox()
        let imported = try copy.mawp("import", file)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try copy.mawp("framework", "show", "sdg-targets", "--format", "json", "--as-of", "2015-01-01").stdout == before)
        #expect(try copy.mawp("check").status == 0)
    }
}

/// Stakeholders beyond the sixteen agencies.
@Suite struct StakeholderTests {
    @Test func agenciesHaveKindsAndOnlyMembersLeadGroups() throws {
        let sandbox = try Sandbox()
        let agencies = try sandbox.json("agency", "list", "--format", "json")["agencies"] as? [[String: Any]] ?? []
        #expect(agencies.count == 16)
        #expect(agencies.allSatisfy { $0["kind"] as? String == "gmg-member" })
        #expect(try sandbox.mawp("agency", "add", "CSO-Net", "--name", "A civil-society network", "--kind", "civil-society").status == 0)
        #expect(try sandbox.mawp("agency", "add", "ITUC", "--name", "International Trade Union Confederation", "--kind", "workers").status == 0)
        try sandbox.mawp("activity", "add", "decent-work", "Recruitment costs", "--lead", "ILO", "--partner", "ITUC", "--partner", "CSONET")
        let show = try sandbox.json("activity", "show", "decent-work-1", "--format", "json")
        #expect(show["partners"] as? [String] == ["CSONET", "ITUC"])
        try expectFailure(sandbox, ["group", "edit", "decent-work", "--lead", "ILO", "--lead", "ITUC"], status: 65,
                          message: "ITUC is a workers stakeholder, not a GMG member")
        try expectFailure(sandbox, ["agency", "edit", "IOM", "--kind", "international-organization"], status: 65,
                          message: "only GMG members lead a group")
        try expectFailure(sandbox, ["agency", "add", "X", "--name", "x", "--kind", "pirates"], status: 64, message: "pirates")
        let list = try sandbox.json("agency", "list", "--format", "json")["agencies"] as? [[String: Any]] ?? []
        #expect(list.first { $0["code"] as? String == "ITUC" }?["kind"] as? String == "workers")
        #expect(list.first { $0["code"] as? String == "ITUC" }?["activitiesAsPartner"] as? Int == 1)
        // Kinds go through an export and back.
        let file = sandbox.path("plan.json")
        try sandbox.mawp("export", "--output", file)
        let copy = try Sandbox()
        #expect(try copy.mawp("import", file).status == 0)
        let copied = try copy.json("agency", "list", "--format", "json")["agencies"] as? [[String: Any]] ?? []
        #expect(copied.first { $0["code"] as? String == "CSONET" }?["kind"] as? String == "civil-society")
        #expect(try copy.mawp("check").status == 0)
        #expect(try sandbox.mawp("check").status == 0)
    }
}
