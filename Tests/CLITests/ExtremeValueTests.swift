import Foundation
import SQLite
import Testing

/// The crash trial (RELIABILITY.md): extreme numbers, dates and texts through every door of the
/// CLI, and straight into the database file; each is refused or shown, and no view of them
/// stops the process.
@Suite struct ExtremeValueTests {
    /// Every view of the plan that shows indicators or their progress, each run as a user runs it.
    static func views(_ sandbox: Sandbox) -> [[String]] {
        var views: [[String]] = [["activity", "show", "data-1"], ["activity", "show", "data-1", "--format", "json"],
                                 ["activity", "list"], ["group", "show", "data"], ["log"], ["slippage"], ["agenda"],
                                 ["export"], ["export", "--format", "csv"], ["check"],
                                 ["export", "--format", "iati", "--reporting-org", "XM-TEST"],
                                 ["export", "--format", "xlsx", "--output", sandbox.path("plan.xlsx")],
                                 ["report", "--as-of", "2014-06-30", "--compare-to", "2014-01-01"]]
        for format in ["text", "markdown", "csv", "json", "html"] {
            views.append(["report", "--format", format])
            views.append(["report", "--group", "data", "--format", format])
        }
        views.append(["report", "--format", "xlsx", "--output", sandbox.path("report.xlsx")])
        for format in ["table", "json", "csv", "markdown"] { views.append(["indicator", "list", "--format", format]) }
        views.append(["indicator", "list", "--format", "xlsx", "--output", sandbox.path("indicators.xlsx")])
        return views
    }

    /// Runs every view; none may crash (a trap is exit 132 or 133, a signal is negative).
    static func expectEveryViewRenders(_ sandbox: Sandbox, allowing failing: Set<String> = [],
                                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        for view in views(sandbox) {
            let result = try sandbox.run(view + ["--db", sandbox.db])
            let expected: Set<Int32> = failing.contains(view.joined(separator: " ")) ? [0, 65] : [0]
            #expect(expected.contains(result.status), "\(view): exit \(result.status) \(result.stderr)", sourceLocation: sourceLocation)
        }
    }

    /// `indicator record data-1.i1 -- VALUE` (a value may begin with a hyphen): exit 65, the file unchanged.
    static func expectRecordRefused(_ sandbox: Sandbox, _ value: String, message: String,
                                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try sandbox.bytes()
        let result = try sandbox.run(["indicator", "record", "--db", sandbox.db, "data-1.i1", "--on", "2014-05-01", "--", value])
        #expect(result.status == 65, "\(value): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty && result.stderr.contains(message), "\(value): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(try sandbox.bytes() == before, "the database changed", sourceLocation: sourceLocation)
    }

    @Test func extremeNumbersAreRefusedAtTheCommandLineAndWhatIsKeptIsShown() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Profiles", "--lead", "IOM")
        try sandbox.mawp("indicator", "add", "data-1", "Count", "--baseline", "0", "--target", "10")
        // Out of range or not finite: exit 65 naming the option, nothing changed.
        for value in ["1e18", "1e17", "-1e308", "1e308", "1e400", "-1e400", "1000000000001"] {
            try expectFailure(sandbox, ["indicator", "add", "data-1", "x", "--baseline=\(value)"], status: 65, message: "--baseline: \(value) is out of range")
            try expectFailure(sandbox, ["indicator", "add", "data-1", "x", "--target=\(value)"], status: 65, message: "--target")
            try Self.expectRecordRefused(sandbox, value, message: "value: \(value) is out of range")
        }
        // Not plain decimals: usage errors.
        for value in ["inf", "-infinity", "nan", "0x10", "1_000", "1e", "--", "١٢"] {
            try expectFailure(sandbox, ["indicator", "add", "data-1", "x", "--baseline=\(value)"], status: 64, message: "is not a number")
            try Self.expectRecordRefused(sandbox, value, message: "is not a number")
        }
        // What is kept: the limit itself, -0, a subnormal; a gap of 5e-324 between baseline and
        // target makes the percentage overflow, and it is shown as none.
        try sandbox.mawp("indicator", "add", "data-1", "Tiny", "--baseline=-0", "--target", "5e-324")
        try sandbox.mawp("indicator", "record", "data-1.i2", "1e12", "--on", "2014-05-01")
        try sandbox.mawp("indicator", "add", "data-1", "Wide", "--baseline=-1e12", "--target", "1e12")
        #expect(try sandbox.run(["indicator", "record", "--db", sandbox.db, "data-1.i3", "--on", "2014-05-01", "--", "-1e12"]).status == 0)
        try sandbox.mawp("indicator", "record", "data-1.i1", "1e12", "--on", "2014-05-01")
        let list = try #require(try sandbox.json("indicator", "list", "--format", "json")["indicators"] as? [[String: Any]])
        #expect(list[0]["percentToTarget"] as? Double == 1e13)
        #expect(list[1]["baseline"] as? Double == 0)
        #expect(list[1]["percentToTarget"] is NSNull)
        #expect(list[2]["percentToTarget"] as? Double == 0)
        let table = try sandbox.mawp("indicator", "list")
        #expect(table.status == 0)
        #expect(table.stdout.contains("10000000000000.0%"))
        try Self.expectEveryViewRenders(sandbox)
        #expect(try sandbox.mawp("check").status == 0)
    }

    @Test func extremeNumbersInImportFilesAreRefusedRows() throws {
        let sandbox = try Sandbox()
        for (number, message) in [("1e18", "1e+18 is out of range"), ("-1e308", "is out of range"), ("1e400", "'1e400' is not a JSON number")] {
            let file = sandbox.path("plan-\(number).json")
            try Data("""
                {"activities": [{"ref": "data-1", "title": "x", "indicators": [
                  {"ref": "data-1.i1", "title": "Count", "measure": "unit", "baseline": 0, "target": \(number)}]}]}
                """.utf8).write(to: URL(fileURLWithPath: file))
            try expectFailure(sandbox, ["import", file], status: 65, message: message)
        }
        // A value inside an event's details is held to the same rule.
        let events = sandbox.path("events.json")
        try sandbox.mawp("activity", "add", "data", "Profiles", "--lead", "IOM")
        try sandbox.mawp("indicator", "add", "data-1", "Count", "--baseline", "0", "--target", "10")
        let export = try sandbox.mawp("export").stdout
        let tampered = export.replacingOccurrences(of: "\"baseline\":0", with: "\"baseline\":1e18")
            .replacingOccurrences(of: "\"baseline\": 0", with: "\"baseline\": 1e18")
        #expect(tampered != export)
        let copy = try Sandbox()
        try Data(tampered.utf8).write(to: URL(fileURLWithPath: events))
        try expectFailure(copy, ["import", events], status: 65, message: "out of range")
        #expect(try copy.mawp("check").status == 0)
    }

    /// A database written before values were checked: 1e18 with a target of 10, an overflow to
    /// infinity, infinite baseline and target. Every view still renders; nothing traps.
    @Test func extremeValuesAlreadyStoredStillRenderEverywhere() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Profiles", "--lead", "IOM", "--start", "2014-01-01")
        try sandbox.mawp("milestone", "add", "data-1", "Draft", "--due", "2014-06-30")
        try sandbox.mawp("indicator", "add", "data-1", "Count", "--baseline", "0", "--target", "10")
        try sandbox.mawp("indicator", "record", "data-1.i1", "15", "--on", "2014-05-01")
        try sandbox.mawp("indicator", "add", "data-1", "Overflow", "--baseline=-5", "--target=-1")
        try sandbox.mawp("indicator", "record", "data-1.i2", "-1", "--on", "2014-05-01")
        try sandbox.mawp("indicator", "add", "data-1", "Infinite", "--baseline", "1", "--target", "2")
        try sandbox.mawp("indicator", "record", "data-1.i3", "2", "--on", "2014-05-01")
        do {
            let db = try Connection(path: sandbox.db)
            // The log is append-only: later values are added beside the ones recorded.
            func later(_ ref: String, _ value: String) -> String {
                """
                INSERT INTO event (kind, effective_on, recorded_at, actor, agency_id, group_id, activity_id, milestone_id, indicator_id,
                                   baseline_id, framework_id, point_id, note, details)
                SELECT kind, '2014-06-01', recorded_at, actor, agency_id, group_id, activity_id, milestone_id, indicator_id,
                       baseline_id, framework_id, point_id, note, json_set(details, '$.value', \(value))
                FROM event WHERE kind = 'indicator.recorded' AND json_extract(details, '$.ref') = '\(ref)';
                """
            }
            try db.execute(later("data-1.i1", "1e18") + later("data-1.i2", "-1e308") + """
                UPDATE indicator SET target = -1e308 WHERE number = 2;
                UPDATE indicator SET baseline = -9e999, target = 9e999 WHERE number = 3;
                """)
        }
        let show = try sandbox.mawp("activity", "show", "data-1")
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("1e+18"))
        let list = try sandbox.mawp("indicator", "list")
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("1e+19%"), "\(list.stdout)")
        // `check` finds the tampering (the rows no longer match their events): exit 65, not a crash.
        try Self.expectEveryViewRenders(sandbox, allowing: ["check", "export --format iati --reporting-org XM-TEST"])
    }

    @Test func datesOutsideTheYears1900To2100AreRefusedEverywhere() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Profiles", "--lead", "IOM")
        for date in ["9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01"] {
            try expectFailure(sandbox, ["activity", "add", "data", "x", "--start", date], status: 64, message: "\(date) is out of range: dates lie in the years 1900 to 2100")
            try expectFailure(sandbox, ["milestone", "add", "data-1", "x", "--due", date], status: 64, message: "out of range")
            try expectFailure(sandbox, ["report", "--as-of", date], status: 64, message: "out of range")
            try expectFailure(sandbox, ["report", "--as-recorded", date + "T12:00"], status: 64, message: "out of range")
            try expectFailure(sandbox, ["report", "--compare-to", date], status: 64, message: "out of range")
        }
        #expect(try sandbox.mawp("activity", "add", "data", "Edges", "--start", "1900-01-01", "--end", "2100-12-31", "--lead", "IOM").status == 0)
        // A text that reads like a date is text, not a date.
        #expect(try sandbox.mawp("activity", "add", "data", "9999-12-31", "--lead", "IOM", "--description", "0001-01-01").status == 0)
        #expect(try sandbox.mawp("milestone", "add", "data-1", "2101-01-01").status == 0)
        let csv = sandbox.path("plan.csv")
        try Data("activity,activityTitle,start\r\ndata-7,x,9999-12-31\r\n".utf8).write(to: URL(fileURLWithPath: csv))
        try expectFailure(sandbox, ["import", csv], status: 65, message: "plan.csv:2: start: 9999-12-31 is out of range")
        let json = sandbox.path("plan.json")
        try Data(#"{"activities": [{"ref": "data-7", "title": "x", "end": "0001-01-01"}]}"#.utf8).write(to: URL(fileURLWithPath: json))
        try expectFailure(sandbox, ["import", json], status: 65, message: "activities[0].end: 0001-01-01 is out of range")
        #expect(try sandbox.mawp("check").status == 0)
    }

    @Test func controlCharactersAreRefusedExceptTabAndNewlineInLongTexts() throws {
        let sandbox = try Sandbox()
        try sandbox.mawp("activity", "add", "data", "Profiles", "--lead", "IOM")
        try sandbox.mawp("milestone", "add", "data-1", "Draft")
        for character in ["\u{01}", "\u{07}", "\u{1B}[31m", "\r", "\u{7F}", "\u{85}", "\t", "\n"] {
            let text = "a\(character)b"
            try expectFailure(sandbox, ["activity", "add", "data", text], status: 65, message: "control character")
            try expectFailure(sandbox, ["activity", "edit", "data-1", "--title", text], status: 65, message: "title: the text holds a control character")
            try expectFailure(sandbox, ["milestone", "add", "data-1", text], status: 65, message: "control character")
            try expectFailure(sandbox, ["agency", "add", "NEWAGENCY", "--name", text], status: 65, message: "name: the text holds")
            try expectFailure(sandbox, ["indicator", "add", "data-1", text], status: 65, message: "control character")
            try expectFailure(sandbox, ["activity", "add", "data", "x", "--by", text], status: 65, message: "by: the text holds")
            if character != "\t" && character != "\n" {
                try expectFailure(sandbox, ["activity", "add", "data", "x", "--description", text], status: 65, message: "description: the text holds")
                try expectFailure(sandbox, ["milestone", "done", "data-1.1", "--note", text], status: 65, message: "note: the text holds")
            }
        }
        // Tab and newline belong in long texts.
        #expect(try sandbox.mawp("activity", "add", "data", "Long", "--lead", "IOM", "--description", "one\n\ttwo").status == 0)
        #expect(try sandbox.mawp("milestone", "done", "data-1.1", "--note", "line\nand\ttab").status == 0)
        let csv = sandbox.path("plan.csv")
        try Data("activity,activityTitle\r\ndata-7,\"bell\u{07}\"\r\n".utf8).write(to: URL(fileURLWithPath: csv))
        try expectFailure(sandbox, ["import", csv], status: 65, message: "plan.csv:2: activityTitle: the text holds a control character (U+0007)")
        let json = sandbox.path("plan.json")
        try Data(#"{"activities": [{"ref": "data-7", "title": "nul\u0000"}]}"#.utf8).write(to: URL(fileURLWithPath: json))
        try expectFailure(sandbox, ["import", json], status: 65, message: "activities[0].title: the text holds a control character (U+0000)")
        #expect(try sandbox.mawp("check").status == 0)
    }

    @Test func countsSpeakInTheSingularForOne() throws {
        let source = try Sandbox()
        try source.mawp("activity", "add", "data", "Profiles", "--lead", "IOM")
        try source.mawp("milestone", "add", "data-1", "Draft")
        let file = source.path("plan.json")
        try Data(try source.mawp("export").stdout.utf8).write(to: URL(fileURLWithPath: file))
        let target = try Sandbox()
        let imported = try target.mawp("import", file)
        #expect(imported.stdout.contains("Imported 1 activity, 1 milestone, 0 indicators, 2 events"), "\(imported.stdout)")
        let show = try target.mawp("activity", "show", "data-1")
        #expect(show.stdout.contains("0 of 1 milestone done"), "\(show.stdout)")
    }

    @Test func anActivityAddedWithoutALeadSaysHowToSetOne() throws {
        let sandbox = try Sandbox()
        let added = try sandbox.mawp("activity", "add", "data", "Profiles")
        #expect(added.status == 0)
        #expect(added.stdout == "data-1\n")
        #expect(added.stderr.contains("data-1 has no lead agency"))
        #expect(added.stderr.contains("mawp activity edit data-1 --lead AGENCY"))
        let led = try sandbox.mawp("activity", "add", "data", "Led", "--lead", "IOM")
        #expect(led.stderr.isEmpty)
    }
}
