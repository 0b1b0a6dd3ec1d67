import CSV
import Foundation
import SQLite
import Testing

@Suite struct LogTests {
    @Test func theLogListsEveryChangeNewestLastWithFilters() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Retreats", "--by", "alice")
        try sandbox.mawp("milestone", "add", "data-1", "First", "--by", "alice")
        try sandbox.mawp("milestone", "done", "data-1.1", "--on", "2014-01-21", "--note", "held in Geneva", "--by", "bob")
        try sandbox.mawp("activity", "add", "rights", "Guidance", "--by", "carol")
        try sandbox.mawp("milestone", "add", "rights-1", "Draft", "--by", "carol")
        try sandbox.mawp("milestone", "done", "rights-1.1", "--on", "2014-03-01", "--by", "carol")
        try sandbox.mawp("milestone", "reopen", "rights-1.1", "--on", "2014-06-01", "--by", "carol")

        let all = try sandbox.json("log", "--format", "json")
        let events = try #require(all["events"] as? [[String: Any]])
        #expect(events.count == 7)
        let dates = events.compactMap { $0["on"] as? String }
        #expect(dates == dates.sorted(), "newest last")
        let done = try #require(events.first { $0["kind"] as? String == "milestone.done" && $0["milestone"] as? String == "data-1.1" })
        #expect(done["on"] as? String == "2014-01-21")
        #expect(done["by"] as? String == "bob")
        #expect(done["note"] as? String == "held in Geneva")
        #expect(done["group"] as? String == "data")
        #expect(done["activity"] as? String == "data-1")
        #expect((done["details"] as? [String: Any])?["ref"] as? String == "data-1.1")
        #expect((done["recordedAt"] as? String)?.hasSuffix("Z") == true)
        let added = try #require(events.first { $0["kind"] as? String == "activity.added" })
        #expect((added["details"] as? [String: Any])?["title"] as? String == "Retreats")

        let rights = try #require(try sandbox.json("log", "--format", "json", "--group", "rights")["events"] as? [[String: Any]])
        #expect(rights.count == 4)
        #expect(rights.allSatisfy { $0["group"] as? String == "rights" })
        let activity = try #require(try sandbox.json("log", "--format", "json", "--activity", "data-1")["events"] as? [[String: Any]])
        #expect(activity.map { $0["kind"] as? String } == ["milestone.done", "activity.added", "milestone.added"])
        let since = try #require(try sandbox.json("log", "--format", "json", "--since", "2014-03-01", "--group", "rights")["events"]
                                 as? [[String: Any]])
        #expect(since.first?["kind"] as? String == "milestone.done")
        #expect(since.count == 4)
        let later = try #require(try sandbox.json("log", "--format", "json", "--since", "2014-04-01", "--group", "rights")["events"]
                                 as? [[String: Any]])
        #expect(later.map { $0["kind"] as? String }.first == "milestone.reopened")

        let text = try sandbox.mawp("log", "--activity", "data-1")
        #expect(text.status == 0)
        let first = try #require(text.stdout.split(separator: "\n").dropFirst().first)
        #expect(first.split(separator: " ", omittingEmptySubsequences: true).prefix(4) == ["2014-01-21", "milestone.done", "data-1.1", "bob"])
        #expect(first.hasSuffix("held in Geneva"))
        try expectFailure(sandbox, ["log", "--activity", "data-9"], status: 65, message: "unknown activity 'data-9'")
        try expectFailure(sandbox, ["log", "--since", "2014-13-01"], status: 64, message: "is not a date")
    }
}

@Suite struct AgendaTests {
    @Test func eachPointShowsItsActivitiesGroupsAndAgenciesAndTheGaps() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Indicators", "--lead", "UNDESA", "--partner", "WORLDBANK", "--agenda", "7")
        try sandbox.mawp("activity", "add", "rights", "Youth", "--lead", "UNICEF", "--partner", "UNFPA", "--agenda", "7", "--agenda", "1")
        try sandbox.mawp("activity", "add", "capacity", "Cancelled one", "--lead", "UNITAR", "--agenda", "8")
        try sandbox.mawp("activity", "cancel", "capacity-1", "--on", "2014-01-01")
        let json = try sandbox.json("agenda", "--format", "json", "--as-of", "2014-06-30")
        let points = try #require(json["points"] as? [[String: Any]])
        #expect(points.map { $0["activities"] as? Int } == [1, 0, 0, 0, 0, 0, 2, 0])
        #expect(points[6]["groups"] as? [String] == ["data", "rights"])
        #expect(points[6]["agencies"] as? [String] == ["UNDESA", "UNFPA", "UNICEF", "WORLDBANK"])
        #expect(points[7]["gap"] as? Bool == true, "a cancelled activity does not cover its point")
        #expect(points[0]["gap"] as? Bool == false)
        let before = try #require(try sandbox.json("agenda", "--format", "json", "--as-of", "2013-12-31")["points"] as? [[String: Any]])
        #expect(before[7]["activities"] as? Int == 1)

        let markdown = try sandbox.mawp("agenda", "--format", "markdown", "--as-of", "2014-06-30")
        #expect(markdown.stdout.hasPrefix("| # | Agenda point | Activities | Groups | Agencies |"))
        #expect(markdown.stdout.contains("| 2 | Reduce the costs of labour migration | 0 | — gap |  |"))
        let text = try sandbox.mawp("agenda", "--as-of", "2014-06-30")
        #expect(text.stdout.split(separator: "\n").filter { $0.contains("— gap") }.count == 6)
    }
}

@Suite struct SamplePlanTests {
    @Test func theSampleIsLabelledInEveryReport() throws {
        let sandbox = try Sandbox(initialise: false)
        let made = try sandbox.run(["init", "--sample", "--db", sandbox.db])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("sample plan"))
        let json = try sandbox.json("report", "--format", "json", "--as-of", "2015-12-31")
        #expect(json["sample"] as? Bool == true)
        let groups = try #require(json["groups"] as? [[String: Any]])
        #expect(groups.allSatisfy { ($0["activities"] as? Int ?? 0) >= 2 }, "every group has activities")
        #expect((json["totals"] as? [String: Any])?["overdue"] as? Int ?? 0 > 0)
        for (format, label) in [("text", "Sample plan"), ("markdown", "> Sample plan"), ("html", "id=\"sample\"")] {
            let result = try sandbox.mawp("report", "--format", format)
            #expect(result.stdout.contains(label), "\(format)")
        }
        let csv = try CSVReader(string: try sandbox.mawp("report", "--format", "csv").stdout, hasHeaderRow: true)
        var rows = 0
        while csv.next() != nil {
            rows += 1
            #expect(csv["sample"] == "true")
        }
        #expect(rows == 6)

        // The confirmed outputs are in it.
        let data = try sandbox.mawp("activity", "list", "--group", "data", "--as-of", "2015-12-31").stdout
        #expect(data.contains("Retreats on migration indicators"))
        let show = try sandbox.json("activity", "show", "data-1", "--format", "json")
        let dates = (show["milestoneList"] as? [[String: Any]])?.compactMap { $0["doneOn"] as? String }
        #expect(dates == ["2014-01-21", "2014-10-17"])
        let decentWork = try sandbox.json("activity", "show", "decent-work-1", "--format", "json")
        #expect(decentWork["lead"] as? String == "ILO")
        #expect((decentWork["agenda"] as? [[String: Any]])?.count == 8)
    }

    @Test func theSampleFillsOnlyANewPlan() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Mine")
        try expectFailure(sandbox, ["init", "--sample"], status: 65, message: "the sample fills only a new plan")
        let db = try Connection(path: sandbox.db, mode: .readOnly)
        #expect(try db.scalarInt("SELECT count(*) FROM activity") == 1)
    }

    @Test func anOrdinaryPlanIsNotLabelled() throws {
        let sandbox = try Sandbox()
        let json = try sandbox.json("report", "--format", "json")
        #expect(json["sample"] == nil)
        #expect(!(try sandbox.mawp("report").stdout.contains("Sample")))
    }
}
