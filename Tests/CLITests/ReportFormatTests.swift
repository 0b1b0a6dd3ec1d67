import CSV
import Foundation
import Testing

/// Every report format shows the same numbers as the JSON report for the same database and date.
@Suite struct ReportFormatTests {
    static let hostileTitle = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    static let scriptTitle = "<script>document.body.setAttribute('data-pwned','1')</script>"
    static let awkwardTitle = "x | y, \"z\" =SUM(A1) `code`"
    static let asOf = "2014-12-31"

    /// A small plan with known numbers as of 2014-12-31, and hostile text in its titles.
    static func plan() throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Retreats", "--lead", "UNDESA", "--agenda", "7", "--agenda", "6")
        try sandbox.mawp("milestone", "add", "data-1", "First retreat", "--due", "2014-01-31")
        try sandbox.mawp("milestone", "done", "data-1.1", "--on", "2014-01-21")
        try sandbox.mawp("milestone", "add", "data-1", "Second retreat", "--due", "2014-10-31")
        try sandbox.mawp("activity", "add", "rights", hostileTitle, "--lead", "UNICEF", "--agenda", "1", "--agenda", "5")
        try sandbox.mawp("milestone", "add", "rights-1", scriptTitle, "--due", "2014-06-30")
        try sandbox.mawp("milestone", "add", "rights-1", awkwardTitle, "--due", "2015-01-01")
        try sandbox.mawp("milestone", "done", "rights-1.2", "--on", "2014-12-01")
        try sandbox.mawp("activity", "add", "capacity", "Joint training", "--lead", "UNITAR", "--agenda", "8")
        try sandbox.mawp("milestone", "add", "capacity-1", "Curriculum", "--due", "2013-12-31")
        try sandbox.mawp("milestone", "done", "capacity-1.1", "--on", "2013-12-20")
        return sandbox
    }

    struct Line: Equatable {
        var code: String
        var activities: Int
        var milestones: Int
        var done: Int
        var overdue: Int
        var percent: Double
    }

    /// The JSON report's groups and totals, as lines.
    static func jsonLines(_ sandbox: Sandbox, asOf: String = asOf) throws -> [Line] {
        let report = try sandbox.json("report", "--format", "json", "--as-of", asOf)
        let groups = try #require(report["groups"] as? [[String: Any]])
        let totals = try #require(report["totals"] as? [String: Any])
        func line(_ code: String, _ object: [String: Any]) -> Line {
            Line(code: code, activities: object["activities"] as? Int ?? -1, milestones: object["milestones"] as? Int ?? -1,
                 done: object["milestonesDone"] as? Int ?? -1, overdue: object["overdue"] as? Int ?? -1,
                 percent: object["percentComplete"] as? Double ?? -1)
        }
        return groups.map { line($0["code"] as? String ?? "", $0) } + [line("total", totals)]
    }

    @Test func theKnownPlanHasTheExpectedNumbers() throws {
        let lines = try Self.jsonLines(try Self.plan())
        #expect(lines.map(\.code) == ["mainstreaming", "data", "rights", "capacity", "decent-work", "total"])
        #expect(lines[1] == Line(code: "data", activities: 1, milestones: 2, done: 1, overdue: 1, percent: 50))
        #expect(lines[2] == Line(code: "rights", activities: 1, milestones: 2, done: 1, overdue: 1, percent: 50))
        #expect(lines[3] == Line(code: "capacity", activities: 1, milestones: 1, done: 1, overdue: 0, percent: 100))
        #expect(lines[5] == Line(code: "total", activities: 3, milestones: 5, done: 3, overdue: 2, percent: 60))
    }

    @Test func csvParsesBackToTheJSONNumbers() throws {
        let sandbox = try Self.plan()
        let result = try sandbox.mawp("report", "--format", "csv", "--as-of", Self.asOf)
        #expect(result.status == 0)
        let reader = try CSVReader(string: result.stdout, hasHeaderRow: true)
        #expect(reader.headerRow == ["asOf", "code", "name", "kind", "activities", "milestones", "milestonesDone", "overdue",
                                     "percentComplete", "indicators", "indicatorProgress", "sample", "chair", "withStakeholders",
                                     "government", "socialPartners", "civilSociety", "otherStakeholders"])
        var lines: [Line] = []
        while reader.next() != nil {
            #expect(reader["asOf"] == Self.asOf)
            #expect(reader["sample"] == "false")
            lines.append(Line(code: reader["code"] ?? "", activities: Int(reader["activities"] ?? "") ?? -1,
                              milestones: Int(reader["milestones"] ?? "") ?? -1, done: Int(reader["milestonesDone"] ?? "") ?? -1,
                              overdue: Int(reader["overdue"] ?? "") ?? -1, percent: Double(reader["percentComplete"] ?? "") ?? -1))
        }
        #expect(reader.error == nil)
        #expect(lines == (try Self.jsonLines(sandbox)))
        #expect(result.stdout.contains("\"Working Group on Human Rights, Gender and Migration\""))
    }

    @Test func csvKeepsHostileCellsWholeAndNeutralisesFormulas() throws {
        let sandbox = try Self.plan()
        let result = try sandbox.mawp("activity", "list", "--format", "csv", "--as-of", Self.asOf)
        let reader = try CSVReader(string: result.stdout, hasHeaderRow: true)
        var titles: [String] = []
        while reader.next() != nil { titles.append(reader["title"] ?? "") }
        #expect(titles == ["Retreats", Self.hostileTitle, "Joint training"])

        try sandbox.mawp("activity", "add", "data", "=HYPERLINK(\"http://x\",\"click\")")
        try sandbox.mawp("activity", "add", "data", "@SUM(1+1)")
        // A title starting with "-" follows "--", as with any command-line tool.
        #expect(try sandbox.run(["activity", "add", "--db", sandbox.db, "data", "--", "-2+3, \"quoted\"; second part"]).status == 0)
        let again = try CSVReader(string: try sandbox.mawp("activity", "list", "--format", "csv", "--group", "data").stdout,
                                  hasHeaderRow: true)
        var cells: [String] = []
        while again.next() != nil { cells.append(again["title"] ?? "") }
        #expect(cells == ["Retreats", "'=HYPERLINK(\"http://x\",\"click\")", "'@SUM(1+1)", "'-2+3, \"quoted\"; second part"])
    }

    @Test func markdownShowsTheJSONNumbersWithTheDateAndTotalsLast() throws {
        let sandbox = try Self.plan()
        let result = try sandbox.mawp("report", "--format", "markdown", "--as-of", Self.asOf)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "## GMG Multi-Annual Work Plan 2013-2015: progress as of 2014-12-31")
        let rows = lines.filter { $0.hasPrefix("| ") && !$0.hasPrefix("| ---") }.dropFirst() // the header
        #expect(rows.count == 6)
        var parsed: [Line] = []
        for row in rows {
            let cells = row.dropFirst(2).dropLast(2).components(separatedBy: " | ").map { $0.replacingOccurrences(of: "**", with: "") }
            let done = cells[3].components(separatedBy: " of ")
            parsed.append(Line(code: cells[0] == "Total" ? "total" : cells[0], activities: Int(cells[2]) ?? -1,
                               milestones: Int(done[1]) ?? -1, done: Int(done[0]) ?? -1, overdue: Int(cells[5]) ?? -1,
                               percent: Double(cells[4].dropLast()) ?? -1))
        }
        let json = try Self.jsonLines(sandbox)
        #expect(parsed.map(\.code) == json.map(\.code))
        for (markdown, expected) in zip(parsed, json) {
            #expect(markdown.activities == expected.activities && markdown.milestones == expected.milestones
                    && markdown.done == expected.done && markdown.overdue == expected.overdue, "\(markdown.code)")
            #expect(abs(markdown.percent - expected.percent) < 0.051, "\(markdown.code)")
        }
        #expect(rows.last?.hasPrefix("| **Total** |") == true)
    }

    @Test func markdownEscapesWhatWouldBreakTheTable() throws {
        let sandbox = try Self.plan()
        let result = try sandbox.mawp("report", "--format", "markdown", "--as-of", Self.asOf, "--group", "rights")
        #expect(result.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(result.stdout.contains("x \\| y, \"z\" =SUM(A1) \\`code\\`") == false, "a done milestone is not overdue")
        #expect(result.stdout.contains("### Overdue milestones"))
        // Every row of each table has as many cell separators as its header: nothing broke a row.
        var blocks: [[Int]] = [[]]
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("|") {
                blocks[blocks.count - 1].append(line.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count)
            } else if !(blocks.last?.isEmpty ?? true) {
                blocks.append([])
            }
        }
        let tables = blocks.filter { !$0.isEmpty }
        #expect(tables.count == 3, "groups, activities, overdue milestones")
        #expect(tables.allSatisfy { Set($0).count == 1 })
        let activities = try sandbox.mawp("activity", "list", "--format", "markdown", "--group", "rights")
        let row = try #require(activities.stdout.split(separator: "\n").last)
        #expect(row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 10, "nine cells, no more")
    }

    @Test func theTextReportForOneGroupBreaksItDown() throws {
        let sandbox = try Self.plan()
        let result = try sandbox.mawp("report", "--group", "data", "--as-of", Self.asOf)
        #expect(result.status == 0)
        #expect(result.stdout.contains("data-1  in-progress  UNDESA   1/2        1  2014-10-31  Retreats"))
        #expect(result.stdout.contains("Overdue milestones"))
        #expect(result.stdout.contains("data-1.2   2014-10-31            61  UNDESA  Second retreat"))
        let hostile = try sandbox.mawp("report", "--group", "rights", "--as-of", Self.asOf)
        #expect(hostile.stdout.contains(Self.scriptTitle))
        #expect(!hostile.stdout.contains("\n=SUM"), "a line break in a title does not break the table")
    }

    @Test func theHTMLReportRendersInABrowserWithTheJSONNumbersAndNoScript() throws {
        let sandbox = try Self.plan()
        let file = sandbox.path("report.html")
        let written = try sandbox.mawp("report", "--format", "html", "--as-of", Self.asOf, "--output", file)
        #expect(written.status == 0)
        #expect(written.stdout == "Wrote the report as of 2014-12-31 to \(file)\n")
        let html = try String(contentsOfFile: file, encoding: .utf8)
        #expect(html.contains("Content-Security-Policy"))
        #expect(!html.contains("<script"), "no script element in the page")
        #expect(html.components(separatedBy: "://").count == 2 && html.contains("xmlns=\"http://www.w3.org/2000/svg\""),
                "no URL but the SVG namespace name")
        #expect(!html.contains("<link") && !html.contains("<img") && !html.contains("url("))

        let dom = try Browser.dumpDOM(of: file, in: sandbox)
        #expect(!dom.isEmpty)
        for line in try Self.jsonLines(sandbox) {
            let id = line.code == "total" ? "totals" : "group-\(line.code)"
            let row = try #require(Self.element(id: id, in: dom), "row \(id)")
            #expect(row.contains(">\(line.activities)</td>"), "\(id) activities")
            #expect(row.contains("\(line.done) of \(line.milestones)"), "\(id) milestones")
            #expect(row.contains(String(format: "%.1f%%", line.percent)), "\(id) percent")
        }
        // The agenda matrix: data works on points 6 and 7, rights on 1 and 5, capacity on 8.
        let matrix = try #require(Self.section(id: "agenda", in: dom))
        #expect(matrix.components(separatedBy: "class=\"num covered\"").count - 1 == 5)
        #expect(matrix.components(separatedBy: "class=\"num gap\"").count - 1 == 5 * 8 - 5 + 3, "35 empty cells and 3 empty totals")
        // Overdue milestones with group, lead and days overdue.
        let overdue = try #require(Self.section(id: "overdue", in: dom))
        #expect(overdue.contains("data-1.2") && overdue.contains("UNDESA") && overdue.contains(">61<"))
        #expect(overdue.contains("rights-1.1") && overdue.contains("UNICEF") && overdue.contains(">184<"))
        // Hostile titles stay text, and no script ran.
        #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;")
                || dom.contains("&lt;script&gt;document.body.setAttribute"))
        #expect(dom.contains("&lt;script&gt;document.body.setAttribute('data-pwned','1')&lt;/script&gt;"))
        #expect(!dom.contains("data-pwned=\""))
        #expect(!dom.contains("<img"))
        #expect(!dom.contains("<script"))
        #expect(dom.contains("id=\"as-of\">2014-12-31<"))
    }

    @Test func everyFormatTakesGroup() throws {
        let sandbox = try Self.plan()
        for format in ["text", "markdown", "csv", "json", "html"] {
            let result = try sandbox.mawp("report", "--format", format, "--group", "capacity", "--as-of", Self.asOf)
            #expect(result.status == 0, "\(format)")
            #expect(result.stdout.contains("capacity"), "\(format)")
            #expect(!result.stdout.contains("decent-work"), "\(format)")
        }
    }

    @Test func outputIsWrittenWholeOrNotAtAll() throws {
        let sandbox = try Self.plan()
        let target = sandbox.path("report.md")
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        let written = try sandbox.mawp("report", "--format", "markdown", "--output", target)
        #expect(written.status == 0)
        #expect(written.stdout.hasSuffix("to \(target)\n"))
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("## GMG"))
        let missing = sandbox.path("no/such/folder/report.md")
        let failed = try sandbox.mawp("report", "--output", missing)
        #expect(failed.status == 73)
        #expect(failed.stdout.isEmpty)
        #expect(failed.stderr.contains("cannot create \(missing)"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    // MARK: - DOM helpers

    /// The text of the element with this id, up to the end of its row.
    static func element(id: String, in dom: String) -> String? {
        guard let start = dom.range(of: "id=\"\(id)\"") else { return nil }
        let rest = dom[start.lowerBound...]
        guard let end = rest.range(of: "</tr>") else { return nil }
        return String(rest[..<end.upperBound])
    }

    static func section(id: String, in dom: String) -> String? {
        guard let start = dom.range(of: "<section id=\"\(id)\"") else { return nil }
        let rest = dom[start.lowerBound...]
        guard let end = rest.range(of: "</section>") else { return nil }
        return String(rest[..<end.upperBound])
    }
}
