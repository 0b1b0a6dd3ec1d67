import CSV
import Foundation
import Testing

/// The plan's own vocabulary: the chair, the engagement of stakeholders beyond the GMG, the
/// coverage of every framework, and partner kinds and links wherever activities appear.
@Suite struct ChairTests {
    @Test func theChairIsSetAndListedAndNamedInEveryReportAsOfItsDate() throws {
        let sandbox = try Sandbox()
        let seeded = try sandbox.json("chair", "list", "--format", "json")["chairs"] as? [[String: Any]] ?? []
        #expect(seeded.count == 1)
        #expect(seeded.first?["agency"] as? String == "ILO")
        #expect(seeded.first?["from"] as? String == "2014-01-01")
        #expect(seeded.first?["until"] as? String == "2014-12-31")

        try sandbox.mawp("baseline", "add", "before UNDP")
        let set = try sandbox.mawp("chair", "set", "UNDP", "--from", "2015-01-01", "--to", "2015-12-31")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout == "UNDP chairs the GMG from 2015-01-01 to 2015-12-31.\n")
        let same = try sandbox.mawp("chair", "set", "ILO", "--from", "2014-01-01", "--to", "2014-12-31")
        #expect(same.status == 0)
        #expect(same.stdout.contains("nothing changed"))

        // Refusals leave the database as it was.
        try expectFailure(sandbox, ["chair", "set", "UNICEF", "--from", "2014-06-01"], status: 65,
                          message: "ILO chairs the GMG from 2014-01-01 to 2014-12-31: terms may not overlap")
        try expectFailure(sandbox, ["chair", "set", "UNICEF", "--from", "2013-06-01", "--to", "2014-01-01"], status: 65,
                          message: "terms may not overlap")
        try sandbox.mawp("agency", "add", "GOVMX", "--name", "Government of Mexico", "--kind", "government")
        try expectFailure(sandbox, ["chair", "set", "GOVMX", "--from", "2016-01-01"], status: 65,
                          message: "GOVMX is a government stakeholder, not a GMG member: only GMG members chair the GMG")
        #expect(try sandbox.mawp("chair", "set", "WHO", "--from", "2016-01-01").status == 0)
        try expectFailure(sandbox, ["agency", "edit", "WHO", "--kind", "government"], status: 65,
                          message: "only GMG members chair the GMG")
        #expect(try sandbox.mawp("chair", "remove", "--from", "2016-01-01").status == 0)
        try expectFailure(sandbox, ["chair", "set", "ILO", "--from", "2014-01-01", "--to", "2013-12-31"], status: 64,
                          message: "before the start date")
        try expectFailure(sandbox, ["chair", "set", "NOBODY", "--from", "2016-01-01"], status: 65, message: "unknown agency 'NOBODY'")
        try expectFailure(sandbox, ["chair", "remove", "--from", "2013-01-01"], status: 65, message: "no chair's term begins on 2013-01-01")

        func chairLine(_ asOf: String, _ format: String = "text") throws -> String {
            try sandbox.mawp("report", "--as-of", asOf, "--format", format).stdout
        }
        #expect(try chairLine("2014-06-30").contains("GMG chair: International Labour Organization (ILO)\n"))
        #expect(try chairLine("2015-06-30").contains("GMG chair: United Nations Development Programme (UNDP)\n"))
        #expect(try !chairLine("2013-06-30").contains("GMG chair"))
        #expect(try chairLine("2015-06-30", "markdown").contains("GMG chair: United Nations Development Programme (UNDP)\n\n"))
        #expect(try chairLine("2014-12-31", "html").contains("<p class=\"meta\" id=\"chair\">GMG chair: <strong>International Labour Organization</strong> (ILO)</p>"))
        let csv = try CSVReader(string: try chairLine("2015-01-01", "csv"), hasHeaderRow: true)
        while csv.next() != nil { #expect(csv["chair"] == "UNDP") }
        let json = try sandbox.json("report", "--as-of", "2016-01-01", "--format", "json")
        #expect(json["chair"] is NSNull, "nobody chairs after the last term")

        // As recorded before UNDP was set, 2015 had no chair.
        let before = try #require((try sandbox.json("baseline", "list", "--format", "json")["baselines"] as? [[String: Any]])?.first?["at"] as? String)
        #expect(try !sandbox.mawp("report", "--as-of", "2015-06-30", "--as-recorded", before).stdout.contains("GMG chair"))
        #expect(try sandbox.mawp("report", "--as-of", "2014-06-30", "--as-recorded", before).stdout.contains("(ILO)"))

        // Ending a term and removing one are changes of their own, in the log.
        #expect(try sandbox.mawp("chair", "set", "ILO", "--from", "2014-01-01", "--to", "2014-06-30").status == 0)
        #expect(try sandbox.mawp("chair", "remove", "--from", "2015-01-01").stdout == "Removed UNDP's term from 2015-01-01.\n")
        let log = try sandbox.mawp("log").stdout
        #expect(log.contains("term from 2015-01-01: UNDP to 2015-12-31; new"))
        #expect(log.contains("term from 2014-01-01: ILO to 2014-06-30; was ILO to 2014-12-31"))
        #expect(log.contains("term from 2015-01-01 removed; was UNDP to 2015-12-31"))
        #expect(try !chairLine("2014-07-01").contains("GMG chair"))
        #expect(try sandbox.mawp("report", "--as-of", "2015-06-30", "--as-recorded", before).stdout.contains("GMG chair") == false)
        #expect(try sandbox.mawp("report", "--as-of", "2014-10-01", "--as-recorded", before).stdout.contains("(ILO)"),
                "as recorded then, the ILO's term ran to the end of 2014")
        #expect(try sandbox.mawp("check").status == 0, "the terms are what the log makes of the seed")

        // The chairs travel in the JSON export: by their events, and checked against its chairs section.
        let file = sandbox.path("plan.json")
        try sandbox.mawp("export", "--output", file)
        let copy = try Sandbox()
        let imported = try copy.mawp("import", file)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try copy.mawp("chair", "list").stdout == (try sandbox.mawp("chair", "list").stdout))
        #expect(try copy.mawp("baseline", "list").stdout == (try sandbox.mawp("baseline", "list").stdout), "baselines import too")
        #expect(try copy.mawp("check").status == 0)
    }

    @Test func aChairsSectionWithoutEventsIsImportedAsTheImportsOwnChange() throws {
        let sandbox = try Sandbox()
        let file = sandbox.path("chairs.json")
        let text = """
            {"format": "mawp", "version": 3,
             "chairs": [{"agency": "ILO", "from": "2014-01-01", "until": "2014-12-31"}, {"agency": "UNDP", "from": "2015-01-01", "until": null}]}
            """
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let imported = try sandbox.mawp("import", file)
        #expect(imported.status == 0, "\(imported.stderr)")
        let terms = try sandbox.json("chair", "list", "--format", "json")["chairs"] as? [[String: Any]] ?? []
        #expect(terms.compactMap { $0["agency"] as? String } == ["ILO", "UNDP"])
        #expect(try sandbox.mawp("log").stdout.contains("chair.set"))
        #expect(try sandbox.mawp("check").status == 0)

        let overlapping = sandbox.path("overlap.json")
        try """
            {"format": "mawp", "version": 3, "chairs": [{"agency": "UNICEF", "from": "2015-06-01"}]}
            """.write(toFile: overlapping, atomically: true, encoding: .utf8)
        try expectFailure(sandbox, ["import", overlapping], status: 65, message: "chairs[0]: UNDP chairs the GMG from 2015-01-01 with no end date")
        let events = sandbox.path("events.json")
        try """
            {"format": "mawp", "version": 3, "events": [
              {"kind": "chair.set", "on": "2020-01-01", "recordedAt": "2020-01-01T00:00:00.000Z", "by": "x", "agency": "UNICEF",
               "details": {"from": "2015-03-01", "agency": "UNICEF", "until": null, "old": null}}]}
            """.write(toFile: events, atomically: true, encoding: .utf8)
        try expectFailure(sandbox, ["import", events], status: 65, message: "the chair's terms from 2015-01-01 and from 2015-03-01 overlap")
    }
}

@Suite struct EngagementTests {
    /// Stakeholders of every group of kinds, joining and leaving on dates.
    static func plan() throws -> Sandbox {
        let sandbox = try Sandbox()
        for (code, name, kind) in [("GOVMX", "Government of Mexico", "government"), ("ITUC", "International Trade Union Confederation", "workers"),
                                   ("IOE", "International Organisation of Employers", "employers"), ("CSONET", "<b>Civil</b> & society", "civil-society"),
                                   ("UNIV", "A university", "academia")] {
            #expect(try sandbox.mawp("agency", "add", code, "--name", name, "--kind", kind).status == 0)
        }
        try sandbox.mawp("activity", "add", "decent-work", "Fair recruitment", "--lead", "ILO", "--partner", "IOM")
        #expect(try sandbox.mawp("activity", "edit", "decent-work-1", "--partner", "IOM", "--partner", "ITUC", "--partner", "IOE",
                                 "--on", "2014-07-01").status == 0)
        try sandbox.mawp("activity", "add", "data", "Census round", "--lead", "UNDESA", "--partner", "GOVMX", "--partner", "UNIV",
                         "--on", "2014-03-01")
        try sandbox.mawp("activity", "add", "rights", "Consultations", "--lead", "OHCHR", "--partner", "CSONET")
        try sandbox.mawp("activity", "cancel", "rights-1", "--on", "2015-01-01")
        try sandbox.mawp("activity", "add", "capacity", "Training", "--lead", "UNITAR", "--partner", "IOM")
        return sandbox
    }

    static func engagement(_ sandbox: Sandbox, asOf: String, group: String? = nil) throws -> [String: [String: Any]] {
        let report = try sandbox.json("report", "--format", "json", "--as-of", asOf)
        let engagement = try #require(report["engagement"] as? [String: Any])
        var rows: [String: [String: Any]] = [:]
        for row in engagement["groups"] as? [[String: Any]] ?? [] { rows[row["code"] as? String ?? ""] = row }
        rows["total"] = engagement["totals"] as? [String: Any]
        return rows
    }

    @Test func theEngagementFollowsTheProgressRulesOnBothSidesOfAPartnerChange() throws {
        let sandbox = try Self.plan()
        func count(_ asOf: String, _ group: String, _ key: String) throws -> Int? {
            try Self.engagement(sandbox, asOf: asOf)[group]?[key] as? Int
        }
        // Social partners join decent-work-1 on 2014-07-01.
        #expect(try count("2014-06-30", "decent-work", "socialPartners") == 0)
        #expect(try count("2014-06-30", "decent-work", "withStakeholders") == 0)
        #expect(try count("2014-07-01", "decent-work", "socialPartners") == 1)
        #expect(try count("2014-07-01", "decent-work", "withStakeholders") == 1)
        // data-1 is in the plan from 2014-03-01, with a government and a university.
        #expect(try count("2014-02-28", "data", "government") == 0)
        #expect(try count("2014-03-01", "data", "government") == 1)
        #expect(try count("2014-03-01", "data", "otherStakeholders") == 1)
        #expect(try count("2014-03-01", "data", "withStakeholders") == 1, "one activity, however many stakeholders")
        // rights-1 is cancelled on 2015-01-01.
        #expect(try count("2014-12-31", "rights", "civilSociety") == 1)
        #expect(try count("2015-01-01", "rights", "civilSociety") == 0)
        #expect(try count("2015-01-01", "rights", "activities") == 0)
        // Totals, and a group whose partners are all members.
        #expect(try count("2014-12-31", "capacity", "withStakeholders") == 0)
        #expect(try count("2014-12-31", "capacity", "activities") == 1)
        #expect(try count("2014-12-31", "total", "withStakeholders") == 3)
        #expect(try count("2014-12-31", "total", "activities") == 4)
        #expect(try count("2014-12-31", "total", "socialPartners") == 1)
        let decentWork = try #require(try Self.engagement(sandbox, asOf: "2014-12-31")["decent-work"])
        let engaged = try #require((decentWork["engaged"] as? [[String: Any]])?.first)
        #expect(engaged["ref"] as? String == "decent-work-1")
        #expect((engaged["stakeholders"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } == ["employers", "workers"])

        // The other formats.
        let text = try sandbox.mawp("report", "--as-of", "2014-12-31").stdout
        #expect(text.contains("Multi-stakeholder engagement\nGroup          Activities  With stakeholders  Government  Social partners  Civil society  Other stakeholders\n"))
        let groupText = try sandbox.mawp("report", "--as-of", "2014-12-31", "--group", "decent-work").stdout
        #expect(groupText.contains("International Organisation of Employers (employers), International Trade Union Confederation (workers)"))
        let markdown = try sandbox.mawp("report", "--as-of", "2014-12-31", "--format", "markdown").stdout
        #expect(markdown.contains("### Multi-stakeholder engagement"))
        #expect(markdown.contains("| **Total** | **4** | **3** | **1** | **1** | **1** | **1** |"))
        let csv = try CSVReader(string: try sandbox.mawp("report", "--as-of", "2014-12-31", "--format", "csv").stdout, hasHeaderRow: true)
        var rows: [String: [String]] = [:]
        while let row = csv.next() { rows[row[1]] = row }
        let header = try #require(csv.headerRow)
        func cell(_ group: String, _ column: String) -> String? {
            header.firstIndex(of: column).flatMap { rows[group]?[$0] }
        }
        #expect(cell("data", "government") == "1")
        #expect(cell("rights", "civilSociety") == "1")
        #expect(cell("total", "withStakeholders") == "3")
        let html = try sandbox.mawp("report", "--as-of", "2014-12-31", "--format", "html").stdout
        #expect(html.contains("<section id=\"engagement\">"))
        #expect(html.contains("&lt;b&gt;Civil&lt;/b&gt; &amp; society (civil-society)"), "stakeholder names are escaped")
        #expect(!html.contains("<b>Civil</b>"))
        // A plan working with GMG members only shows no such section in text.
        let plain = try Sandbox()
        try plain.mawp("activity", "add", "data", "x", "--partner", "IOM")
        #expect(try !plain.mawp("report").stdout.contains("Multi-stakeholder engagement"))
        #expect(try plain.mawp("report", "--format", "html").stdout.contains("<section id=\"engagement\">"))
    }
}

@Suite struct CoverageTests {
    @Test func theReportShowsTheGroupsByPointsOfTheFrameworksAskedFor() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Indicators", "--link", "recommendations:P1", "--agenda", "7")
        try sandbox.mawp("activity", "add", "data", "Handbook", "--link", "recommendations:P1")
        try sandbox.mawp("activity", "add", "rights", "Guidelines", "--link", "recommendations:P4", "--link", "chair-2014:2",
                         "--on", "2014-06-01")
        let json = try sandbox.json("report", "--format", "json", "--as-of", "2014-06-01", "--framework", "recommendations")
        let coverage = try #require((json["coverage"] as? [[String: Any]])?.first)
        #expect(coverage["framework"] as? String == "recommendations")
        let points = try #require(coverage["points"] as? [[String: Any]])
        #expect(points.count == 11)
        #expect(points.filter { $0["gap"] as? Bool == true }.count == 9)
        #expect(points.first { $0["code"] as? String == "P1" }?["activities"] as? Int == 2)
        let groups = try #require(coverage["groups"] as? [[String: Any]])
        #expect(groups.map { $0["code"] as? String } == ["mainstreaming", "data", "rights", "capacity", "decent-work"])
        #expect((groups[1]["points"] as? [String: Int])?["P1"] == 2)
        #expect((groups[2]["points"] as? [String: Int])?["P4"] == 1)
        // Before rights-1 joined the plan, P4 was a gap.
        let earlier = try sandbox.json("report", "--format", "json", "--as-of", "2014-05-31", "--framework", "recommendations")
        let earlierPoints = (earlier["coverage"] as? [[String: Any]])?.first?["points"] as? [[String: Any]] ?? []
        #expect(earlierPoints.first { $0["code"] as? String == "P4" }?["gap"] as? Bool == true)

        // Which frameworks: none by default but in HTML, all, several, none.
        #expect((try sandbox.json("report", "--format", "json")["coverage"] as? [Any])?.isEmpty == true)
        let all = try sandbox.json("report", "--format", "json", "--framework", "all")["coverage"] as? [[String: Any]] ?? []
        #expect(all.compactMap { $0["framework"] as? String } == ["agenda", "recommendations", "chair-2014"])
        let two = try sandbox.json("report", "--format", "json", "--framework", "chair-2014", "--framework", "agenda")["coverage"] as? [[String: Any]] ?? []
        #expect(two.compactMap { $0["framework"] as? String } == ["chair-2014", "agenda"])
        let html = try sandbox.mawp("report", "--format", "html", "--as-of", "2014-06-01").stdout
        for id in ["agenda", "framework-recommendations", "framework-chair-2014"] { #expect(html.contains("<section id=\"\(id)\">")) }
        #expect(html.contains("9 of 11 points have no activity."))
        let bare = try sandbox.mawp("report", "--format", "html", "--framework", "none").stdout
        #expect(!bare.contains("<section id=\"agenda\">"))
        try expectFailure(sandbox, ["report", "--framework", "nosuch"], status: 65, message: "unknown framework 'nosuch'")

        // Text, Markdown and CSV.
        let text = try sandbox.mawp("report", "--as-of", "2014-06-01", "--framework", "recommendations").stdout
        #expect(text.contains("Key Recommendations (recommendations): activities by group\nGroup           G1   G2   G3  P1   P2   P3  P4"))
        #expect(text.contains("Gaps: 9 of 11 points have no activity.\n  G1  Give effect to the 2013 HLD Declaration"))
        let markdown = try sandbox.mawp("report", "--as-of", "2014-06-01", "--format", "markdown", "--framework", "chair-2014").stdout
        #expect(markdown.contains("### Vision and plan for 2014 (chair-2014): activities by group"))
        #expect(markdown.contains("| **All groups** | **gap** | **1** | **gap** | **gap** | **gap** |"))
        let csv = try CSVReader(string: try sandbox.mawp("report", "--as-of", "2014-06-01", "--format", "csv", "--framework", "chair-2014").stdout,
                                hasHeaderRow: true)
        #expect(Array(csv.headerRow?.suffix(5) ?? []) == ["chair-2014:1", "chair-2014:2", "chair-2014:3", "chair-2014:4", "chair-2014:5"])
        var rights: [String]?, total: [String]?
        while let row = csv.next() {
            if row[1] == "rights" { rights = row }
            if row[1] == "total" { total = row }
        }
        #expect(rights?.suffix(5) == ["0", "1", "0", "0", "0"])
        #expect(total?.suffix(5) == ["0", "1", "0", "0", "0"])
        // One group's report covers that group.
        let one = try sandbox.json("report", "--format", "json", "--group", "rights", "--as-of", "2014-06-01", "--framework", "recommendations")
        let oneCoverage = (one["coverage"] as? [[String: Any]])?.first
        #expect((oneCoverage?["groups"] as? [[String: Any]])?.map { $0["code"] as? String } == ["rights"])
        #expect((oneCoverage?["points"] as? [[String: Any]])?.first { $0["code"] as? String == "P1" }?["gap"] as? Bool == true)
    }
}

@Suite struct PartnerKindTests {
    static func plan() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.mawp("agency", "add", "ITUC", "--name", "International Trade Union Confederation", "--kind", "workers")
        try sandbox.mawp("activity", "add", "decent-work", "Fair recruitment", "--lead", "ILO", "--partner", "IOM", "--partner", "ITUC",
                         "--link", "recommendations:P4", "--link", "chair-2014:2", "--agenda", "2")
        try sandbox.mawp("milestone", "add", "decent-work-1", "Brief", "--due", "2015-06-30")
        return sandbox
    }

    @Test func listsAndShowGiveLinksAndPartnerKinds() throws {
        let sandbox = try Self.plan()
        let list = try sandbox.mawp("activity", "list").stdout
        #expect(list.contains("IOM, ITUC (workers)"))
        #expect(list.contains("recommendations:P4 chair-2014:2"))
        let json = try sandbox.json("activity", "list", "--format", "json")
        let activity = try #require((json["activities"] as? [[String: Any]])?.first)
        #expect(activity["partners"] as? [String] == ["IOM", "ITUC"])
        #expect(activity["partnerKinds"] as? [String: String] == ["IOM": "gmg-member", "ITUC": "workers"])
        #expect(activity["links"] as? [String] == ["recommendations:P4", "chair-2014:2"])
        let csv = try CSVReader(string: try sandbox.mawp("activity", "list", "--format", "csv").stdout, hasHeaderRow: true)
        _ = csv.next()
        #expect(csv["partnerKinds"] == "gmg-member;workers")
        #expect(csv["links"] == "recommendations:P4;chair-2014:2")
        let show = try sandbox.mawp("activity", "show", "decent-work-1").stdout
        #expect(show.contains("Partners:  IOM, ITUC (workers)\n"))
        let shown = try sandbox.json("activity", "show", "decent-work-1", "--format", "json")
        #expect(shown["partners"] as? [String] == ["IOM", "ITUC"])
        #expect(shown["partnerKinds"] as? [String: String] == ["IOM": "gmg-member", "ITUC": "workers"])
        #expect((shown["links"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["P4", "2"])

        // An edit of the partners alone changes the partners alone (the links are compared in one order).
        try sandbox.mawp("activity", "edit", "decent-work-1", "--partner", "ITUC", "--on", "2015-01-01")
        let events = try sandbox.json("log", "--format", "json")["events"] as? [[String: Any]] ?? []
        let edit = try #require(events.last { $0["kind"] as? String == "activity.edited" })
        let details = try #require(edit["details"] as? [String: Any])
        #expect((details["new"] as? [String: Any]).map { Set($0.keys) } == ["partners"])
    }

    @Test func theCSVExportCarriesLinksAndKindsAndTheImportChecksThem() throws {
        let sandbox = try Self.plan()
        let exported = try sandbox.mawp("export", "--format", "csv").stdout
        #expect(exported.hasPrefix("group,activity,activityTitle,description,lead,partners,partnerKinds,start,end,agenda,links,"))
        #expect(exported.contains(",ILO,IOM;ITUC,gmg-member;workers,,,2,recommendations:P4;chair-2014:2,"))
        let file = sandbox.path("plan.csv")
        try exported.write(toFile: file, atomically: true, encoding: .utf8)

        // Into a plan that knows ITUC as a workers' organization: the same file comes back out.
        let copy = try Sandbox()
        try copy.mawp("agency", "add", "ITUC", "--name", "International Trade Union Confederation", "--kind", "workers")
        let imported = try copy.mawp("import", file)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try copy.mawp("export", "--format", "csv").stdout == exported)
        #expect(try copy.mawp("check").status == 0)

        // A plan where ITUC is another kind, or unknown, refuses the file whole.
        let other = try Sandbox()
        try other.mawp("agency", "add", "ITUC", "--name", "ITUC", "--kind", "civil-society")
        try expectFailure(other, ["import", file], status: 65, message: "partnerKinds: ITUC is a civil-society in this plan, not a workers")
        let none = try Sandbox()
        try expectFailure(none, ["import", file], status: 65, message: "unknown agency 'ITUC'")
        let badLink = sandbox.path("bad.csv")
        try "activity,activityTitle,links\r\ndata-1,x,recommendations:Z9\r\n".write(toFile: badLink, atomically: true, encoding: .utf8)
        try expectFailure(none, ["import", badLink], status: 65, message: "unknown point 'recommendations:Z9'")
    }

    @Test func iatiGivesOrganisationTypesAndATagVocabularyPerFramework() throws {
        let sandbox = try Self.plan()
        try sandbox.mawp("framework", "add", "sdg-targets", "--title", "SDG targets",
                         "--vocabulary-uri", "https://unstats.un.org/sdgs/indicators/indicators-list/")
        try sandbox.mawp("framework", "point", "add", "sdg-targets", "10.7", "--title", "Orderly, safe, regular migration")
        try sandbox.mawp("activity", "add", "mainstreaming", "Policy coherence", "--lead", "UNDP", "--link", "sdg-targets:10.7")
        let file = sandbox.path("plan.xml")
        #expect(try sandbox.mawp("export", "--format", "iati", "--output", file).status == 0)
        let xml = try String(contentsOfFile: file, encoding: .utf8)
        #expect(xml.contains("<participating-org role=\"4\" type=\"21\"><narrative>International Trade Union Confederation</narrative>"))
        #expect(xml.contains("<participating-org role=\"4\" type=\"40\"><narrative>International Organization for Migration</narrative>"))
        #expect(xml.contains("<tag vocabulary=\"99\" code=\"recommendations:P4\"><narrative>P4. Develop and enhance measure"))
        #expect(xml.contains("<tag vocabulary=\"99\" code=\"chair-2014:2\">"))
        #expect(xml.contains("<tag vocabulary=\"99\" vocabulary-uri=\"https://unstats.un.org/sdgs/indicators/indicators-list/\" code=\"10.7\">"))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint") else {
            Issue.record("xmllint is missing: install Debian's libxml2-utils")
            return
        }
        let schema = InterchangeTests.fixtures.appendingPathComponent("iati-2.03/iati-activities-schema.xsd").path
        // This plan, and the sample with its stakeholders of every kind.
        let sample = try Sandbox(initialise: false)
        #expect(try sample.run(["init", "--sample", "--db", sample.db]).status == 0)
        let sampleFile = sample.path("sample.xml")
        #expect(try sample.mawp("export", "--format", "iati", "--output", sampleFile).status == 0)
        for path in [file, sampleFile] {
            let check = try sandbox.run(["--noout", "--schema", schema, path], executable: URL(fileURLWithPath: "/usr/bin/xmllint"))
            #expect(check.status == 0, "\(check.stderr)")
        }
        let sampleXML = try String(contentsOfFile: sampleFile, encoding: .utf8)
        #expect(sampleXML.contains("type=\"10\"><narrative>Government of a pilot country (illustrative)</narrative>"))
    }
}
