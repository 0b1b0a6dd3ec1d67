import Foundation
import SQLite
import Testing

@Suite struct PlanCommandTests {
    @Test func theReadmeWalkthroughWorks() throws {
        let sandbox = try Sandbox()
        let added = try sandbox.mawp("activity", "add", "data", "Retreats on indicators for the post-2015 agenda",
                                     "--lead", "UN DESA", "--partner", "IOM", "--partner", "World Bank",
                                     "--start", "2014-01-01", "--end", "2014-12-31", "--agenda", "7")
        #expect(added.status == 0)
        #expect(added.stdout == "data-1\n")
        #expect(try sandbox.mawp("milestone", "add", "data-1", "First retreat", "--due", "2014-01-31").stdout == "data-1.1\n")
        #expect(try sandbox.mawp("milestone", "add", "data-1", "Second retreat, with KNOMAD", "--due", "2014-10-31").stdout == "data-1.2\n")
        let done = try sandbox.mawp("milestone", "done", "data-1.1", "--on", "2014-01-21")
        #expect(done.status == 0)
        #expect(done.stdout == "data-1.1 done on 2014-01-21.\n")

        let report = try sandbox.mawp("report", "--as-of", "2014-12-31")
        #expect(report.status == 0)
        #expect(report.stdout.contains("progress as of 2014-12-31"))
        let dataLine = try #require(report.stdout.split(separator: "\n").first { $0.hasPrefix("data ") })
        #expect(dataLine.split(separator: " ").map(String.init).prefix(9) == ["data", "working", "group", "1", "2", "1", "1", "50.0%", "██████████░░░░░░░░░░"])
        #expect(!report.stdout.contains("\u{1B}"), "no colour when stdout is not a terminal")

        let earlier = try sandbox.progress(asOf: "2014-01-20", group: "data")
        #expect(earlier["milestonesDone"] as? Int == 0)
        #expect(earlier["overdue"] as? Int == 0)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) for a terminal"))
    func colourOnlyOnATerminalAndNeverWithNoColor() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "x")
        try sandbox.mawp("milestone", "add", "data-1", "y", "--due", "2014-01-31")
        let command = "\(Sandbox.binary.path) report --as-of 2014-12-31 --db \(sandbox.db)"
        let script = URL(fileURLWithPath: "/usr/bin/script")
        let terminal = try sandbox.run(["-qec", command, "/dev/null"], executable: script)
        #expect(terminal.status == 0)
        #expect(terminal.stdout.contains("\u{1B}[31m"), "overdue in red on a terminal")
        let noColor = try sandbox.run(["-qec", command, "/dev/null"], environment: ["NO_COLOR": "1"], executable: script)
        #expect(noColor.status == 0)
        #expect(noColor.stdout.contains("data"))
        #expect(!noColor.stdout.contains("\u{1B}["))
    }

    @Test func aMilestoneDoneAndLaterReopenedIsDoneOnlyBetweenTheTwoDates() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "rights", "Guidance note")
        try sandbox.mawp("milestone", "add", "rights-1", "Draft", "--due", "2014-09-30")
        try sandbox.mawp("milestone", "done", "rights-1.1", "--on", "2014-03-01")
        let reopened = try sandbox.mawp("milestone", "reopen", "rights-1.1", "--on", "2014-06-01", "--note", "needs rework")
        #expect(reopened.stdout == "rights-1.1 reopened on 2014-06-01.\n")
        let expected: [(String, Int, Int)] = [("2014-02-28", 0, 0), ("2014-03-01", 1, 0), ("2014-05-31", 1, 0),
                                              ("2014-06-01", 0, 0), ("2014-10-01", 0, 1)]
        for (date, done, overdue) in expected {
            let rights = try sandbox.progress(asOf: date, group: "rights")
            #expect(rights["milestonesDone"] as? Int == done, "as of \(date)")
            #expect(rights["overdue"] as? Int == overdue, "as of \(date)")
        }
    }

    @Test func markingADoneMilestoneDoneAgainChangesNothing() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "capacity", "Joint training")
        try sandbox.mawp("milestone", "add", "capacity-1", "Pool information")
        try sandbox.mawp("milestone", "done", "capacity-1.1", "--on", "2013-07-03")
        let before = try sandbox.bytes()
        let again = try sandbox.mawp("milestone", "done", "capacity-1.1", "--on", "2013-09-01")
        #expect(again.status == 0)
        #expect(again.stdout == "capacity-1.1 is already done (since 2013-07-03); nothing changed\n")
        #expect(try sandbox.bytes() == before)
        let reopenOpen = try sandbox.mawp("milestone", "reopen", "capacity-1.1", "--on", "2013-07-01")
        #expect(reopenOpen.status == 0)
        #expect(reopenOpen.stdout.contains("not done as of 2013-07-01"))
        #expect(try sandbox.bytes() == before)
    }

    @Test func theJSONReportFollowsTheContractToTheKey() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Indicators")
        for (index, due) in ["2014-01-31", "2014-06-30", "2014-10-31"].enumerated() {
            try sandbox.mawp("milestone", "add", "data-1", "Step \(index + 1)", "--due", due)
        }
        try sandbox.mawp("milestone", "done", "data-1.1", "--on", "2014-01-21")
        try sandbox.mawp("milestone", "done", "data-1.2", "--on", "2014-10-17")
        let report = try sandbox.json("report", "--format", "json", "--as-of", "2014-12-31")
        // The contract's keys, plus the chair, the engagement and the coverage this mawp adds.
        #expect(Set(report.keys) == ["asOf", "groups", "totals", "chair", "engagement", "coverage"])
        #expect((report["chair"] as? [String: Any])?["agency"] as? String == "ILO", "the seeded 2014 chair")
        #expect(report["asOf"] as? String == "2014-12-31")
        let groups = try #require(report["groups"] as? [[String: Any]])
        #expect(groups.map { $0["code"] as? String } == ["mainstreaming", "data", "rights", "capacity", "decent-work"])
        // The contract's keys, plus the indicator keys this mawp adds.
        let keys: Set<String> = ["code", "name", "kind", "activities", "milestones", "milestonesDone", "overdue", "percentComplete",
                                 "indicators", "indicatorProgress"]
        #expect(groups.allSatisfy { Set($0.keys) == keys })
        let data = groups[1]
        #expect(data["name"] as? String == "Working Group on Data and Research")
        #expect(data["kind"] as? String == "working-group")
        #expect(data["activities"] as? Int == 1)
        #expect(data["milestones"] as? Int == 3)
        #expect(data["milestonesDone"] as? Int == 2)
        #expect(data["overdue"] as? Int == 1)
        #expect((data["percentComplete"] as? Double).map { abs($0 - 200.0 / 3) < 1e-9 } == true)
        #expect(groups[0]["percentComplete"] as? Double == 0)
        let totals = try #require(report["totals"] as? [String: Any])
        #expect(Set(totals.keys) == ["activities", "milestones", "milestonesDone", "overdue", "percentComplete",
                                     "indicators", "indicatorProgress"])
        #expect(totals["milestones"] as? Int == 3)
        #expect(totals["activities"] as? Int == 1)
    }

    @Test func aCancelledActivityLeavesTheCountsFromItsCancellationDate() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "decent-work", "Recruitment costs survey")
        try sandbox.mawp("milestone", "add", "decent-work-1", "Survey", "--due", "2014-03-31")
        let cancelled = try sandbox.mawp("activity", "cancel", "decent-work-1", "--on", "2014-06-01", "--note", "merged")
        #expect(cancelled.stdout == "Cancelled decent-work-1 on 2014-06-01.\n")
        #expect(try sandbox.progress(asOf: "2014-05-31")["activities"] as? Int == 1)
        #expect(try sandbox.progress(asOf: "2014-05-31")["overdue"] as? Int == 1)
        #expect(try sandbox.progress(asOf: "2014-06-01")["activities"] as? Int == 0)
        #expect(try sandbox.progress(asOf: "2014-06-01")["milestones"] as? Int == 0)
        let again = try sandbox.mawp("activity", "cancel", "decent-work-1")
        #expect(again.status == 0)
        #expect(again.stdout.contains("already cancelled (on 2014-06-01)"))
        let show = try sandbox.json("activity", "show", "decent-work-1", "--format", "json", "--as-of", "2014-07-01")
        #expect(show["status"] as? String == "cancelled")
        #expect(show["cancellationNote"] as? String == "merged")
        try expectFailure(sandbox, ["milestone", "add", "decent-work-1", "Late"], status: 65, message: "was cancelled on 2014-06-01")
    }

    @Test func whoMadeAChangeIsRecorded() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "One", "--by", "Focal point, UNFPA")
        try sandbox.mawp("activity", "add", "data", "Two", environment: ["MAWP_USER": "secretariat"])
        try sandbox.mawp("activity", "add", "data", "Three", environment: ["USER": "ignored-if-login-known"])
        let db = try Connection(path: sandbox.db, mode: .readOnly)
        let actors = try db.prepare("SELECT actor FROM event ORDER BY id").map { $0.string(0) }
        #expect(actors.count == 3)
        #expect(actors[0] == "Focal point, UNFPA")
        #expect(actors[1] == "secretariat")
        #expect(!actors[2].isEmpty)
    }

    @Test func groupsAndAgenciesCanBeAddedListedAndShown() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.mawp("agency", "add", "UN-Habitat", "--name", "United Nations Human Settlements Programme").stdout == "UNHABITAT\n")
        // Only GMG members lead a group: an agency added is "other" until marked so.
        try expectFailure(sandbox, ["group", "add", "youth", "--name", "x", "--kind", "task-force", "--lead", "UNHABITAT"], status: 65,
                          message: "UNHABITAT is not a GMG member: only GMG members lead a group")
        #expect(try sandbox.mawp("agency", "edit", "UN-Habitat", "--kind", "gmg-member").status == 0)
        let added = try sandbox.mawp("group", "add", "youth", "--name", "Task Force on Migration and Youth", "--kind", "task-force",
                                     "--lead", "unicef", "--lead", "un habitat")
        #expect(added.stdout == "youth\n")
        let groups = try sandbox.json("group", "list", "--format", "json")
        let list = try #require(groups["groups"] as? [[String: Any]])
        #expect(list.count == 6)
        let youth = try #require(list.last)
        #expect(youth["kind"] as? String == "task-force")
        #expect((youth["leads"] as? [[String: Any]])?.map { $0["agency"] as? String } == ["UNICEF", "UNHABITAT"])
        #expect((youth["leads"] as? [[String: Any]])?.first?["role"] as? String == "co-convener")

        try sandbox.mawp("activity", "add", "youth", "Migration and Youth: Challenges and Opportunities", "--lead", "UNICEF",
                         "--agenda", "5", "--agenda", "1")
        let show = try sandbox.mawp("group", "show", "youth")
        #expect(show.status == 0)
        #expect(show.stdout.contains("UNICEF (co-convener), UNHABITAT (co-convener)"))
        #expect(show.stdout.contains("youth-1"))

        let agencies = try sandbox.mawp("agency", "list")
        #expect(agencies.stdout.contains("UNHABITAT"))
        #expect(agencies.stdout.split(separator: "\n").count == 18)

        let agenda = try sandbox.mawp("agenda")
        let line1 = try #require(agenda.stdout.split(separator: "\n").first { $0.hasPrefix("1 ") })
        #expect(line1.contains("youth"))
        let line2 = try #require(agenda.stdout.split(separator: "\n").first { $0.hasPrefix("2 ") })
        #expect(line2.contains("gap"))
        let agendaJSON = try sandbox.json("agenda", "--format", "json")
        let points = try #require(agendaJSON["points"] as? [[String: Any]])
        #expect(points.count == 8)
        #expect(points[4]["activities"] as? Int == 1)
        #expect(points[1]["gap"] as? Bool == true)
    }

    @Test func activityListFiltersAndFormats() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Retreat", "--lead", "UNDESA", "--partner", "WORLDBANK", "--start", "2014-01-01")
        try sandbox.mawp("activity", "add", "decent-work", "Synthesis report, \"HLCP\"", "--lead", "ILO")
        try sandbox.mawp("activity", "add", "rights", "=cmd|' /C calc'!A0", "--lead", "OHCHR")
        try sandbox.mawp("milestone", "add", "decent-work-1", "Report to HLCP", "--due", "2014-03-17")
        try sandbox.mawp("milestone", "done", "decent-work-1.1", "--on", "2014-03-17")
        try sandbox.mawp("milestone", "add", "data-1", "Second retreat", "--due", "2014-10-17")

        let all = try sandbox.mawp("activity", "list", "--as-of", "2014-12-31")
        #expect(all.stdout.split(separator: "\n").count == 4)
        let byAgency = try sandbox.json("activity", "list", "--agency", "world-bank", "--format", "json", "--as-of", "2014-12-31")
        #expect((byAgency["activities"] as? [[String: Any]])?.map { $0["ref"] as? String } == ["data-1"])
        let completed = try sandbox.json("activity", "list", "--status", "completed", "--format", "json", "--as-of", "2014-12-31")
        #expect((completed["activities"] as? [[String: Any]])?.map { $0["ref"] as? String } == ["decent-work-1"])
        let overdue = try sandbox.json("activity", "list", "--overdue", "--format", "json", "--as-of", "2014-12-31")
        #expect((overdue["activities"] as? [[String: Any]])?.map { $0["ref"] as? String } == ["data-1"])
        let planned = try sandbox.json("activity", "list", "--group", "rights", "--status", "planned", "--format", "json")
        #expect((planned["activities"] as? [[String: Any]])?.count == 1)

        let csv = try sandbox.mawp("activity", "list", "--format", "csv", "--as-of", "2014-12-31")
        let lines = csv.stdout.components(separatedBy: "\r\n")
        #expect(lines[0] == "ref,group,title,status,lead,start,end,cancelledOn,milestones,milestonesDone,overdue,nextDue,partners,partnerKinds,links")
        #expect(lines[3] == "decent-work-1,decent-work,\"Synthesis report, \"\"HLCP\"\"\",completed,ILO,,,,1,1,0,,,,")
        #expect(lines[2].hasPrefix("rights-1,rights,'=cmd|' /C calc'!A0,planned,OHCHR"))

        let markdown = try sandbox.mawp("activity", "list", "--format", "markdown", "--as-of", "2014-12-31")
        #expect(markdown.stdout.hasPrefix("| Ref | Status | Lead | Partners | Done | Overdue | Next due | Links | Title |\n| --- |"))
        #expect(markdown.stdout.contains("=cmd\\|' /C calc'!A0"))
    }

    @Test func activityShowGivesEverythingAboutOneActivity() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Indicator set", "--lead", "undesa", "--partner", "IOM", "--partner", "UNDESA",
                         "--start", "2014-01-01", "--end", "2015-03-31", "--agenda", "7", "--agenda", "6", "--agenda", "7",
                         "--description", "Illustrative indicators\nfor the post-2015 agenda")
        try sandbox.mawp("milestone", "add", "data-1", "Side event at the Statistical Commission", "--due", "2015-03-04")
        try sandbox.mawp("milestone", "done", "data-1.1", "--on", "2015-03-04")
        let json = try sandbox.json("activity", "show", "data-1", "--format", "json", "--as-of", "2015-03-31")
        #expect(json["lead"] as? String == "UNDESA")
        #expect(json["partners"] as? [String] == ["IOM"], "the lead is not also a partner")
        #expect((json["agenda"] as? [[String: Any]])?.map { $0["number"] as? Int } == [6, 7])
        #expect(json["status"] as? String == "completed")
        let milestones = try #require(json["milestoneList"] as? [[String: Any]])
        #expect(milestones.first?["doneOn"] as? String == "2015-03-04")
        let text = try sandbox.mawp("activity", "show", "data-1", "--as-of", "2015-01-01")
        #expect(text.stdout.contains("Status:    in-progress as of 2015-01-01"))
        #expect(text.stdout.contains("  Illustrative indicators\n  for the post-2015 agenda"))
        #expect(text.stdout.contains("7. Strengthen the migration evidence base"))
    }

    @Test func hostileTextIsStoredVerbatimAndNeverReachesTheTerminalRaw() throws {
        let sandbox = try Sandbox()
        let kept = "'); DROP TABLE activity;-- 100% _x_ \\ \"q\" مهاجر 👩🏽‍💼"
        let title = "'); DROP TABLE activity;-- \u{1B}]0;pwned\u{07} 100% _x_ \\ \"q\" مهاجر 👩🏽‍💼"
        // Control characters are refused now (DESIGN §8); a title from before holds them still.
        try expectFailure(sandbox, ["activity", "add", "data", title], status: 65, message: "title: the text holds a control character (U+001B)")
        #expect(try sandbox.mawp("activity", "add", "data", kept).stdout == "data-1\n")
        let db = try Connection(path: sandbox.db)
        try db.execute("UPDATE activity SET title = '\(title.replacingOccurrences(of: "'", with: "''"))'")
        #expect(try db.prepare("SELECT title FROM activity").first { $0.string(0) } == title)
        let list = try sandbox.mawp("activity", "list")
        #expect(!list.stdout.contains("\u{1B}"))
        #expect(!list.stdout.contains("\u{07}"))
        #expect(list.stdout.contains("\\u{1B}]0;pwned"))
        let json = try sandbox.json("activity", "show", "data-1", "--format", "json")
        #expect(json["title"] as? String == title)
    }
}
