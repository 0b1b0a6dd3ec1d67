import Foundation
import Testing

/// `--format xlsx`, read back as the people who receive it would: openpyxl cell by cell against
/// the JSON for the same question, and LibreOffice opening every file
/// (Tests/Spreadsheets/check_xlsx.py).
@Suite struct SpreadsheetTests {
    static let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Spreadsheets/check_xlsx.py")

    /// The sample plan, with what a spreadsheet must carry exactly: text in several scripts and
    /// characters a spreadsheet or XML would take for something else, a stakeholder beyond the
    /// GMG, an indicator with values, a reschedule and a milestone done.
    static func plan() throws -> Sandbox {
        let sandbox = try Sandbox(initialise: false)
        #expect(try sandbox.run(["init", "--sample", "--db", sandbox.db]).status == 0)
        let title = "Côte d'Ivoire «移民» =SUM(A1) <b>&amp; \"quoted\" tab"
        let added = try sandbox.mawp("activity", "add", "data", title, "--lead", "IOM", "--partner", "PILOTGOV", "--partner", "UNDP",
                                     "--start", "2014-01-15", "--end", "2015-06-30", "--agenda", "3", "--agenda", "7",
                                     "--description", "Deux lignes,\nune virgule; un point-virgule", "--on", "2014-01-10")
        #expect(added.status == 0, "\(added.stderr)")
        let ref = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").first { $0.hasPrefix("data-") }
            .map(String.init) ?? "data-4"
        for arguments in [
            ["milestone", "add", ref, "Inception «1»", "--due", "2014-03-31", "--on", "2014-01-10"],
            ["milestone", "add", ref, "Final report", "--due", "2014-06-30", "--on", "2014-01-10"],
            ["milestone", "done", "\(ref).1", "--on", "2014-04-02", "--note", "late; but done"],
            ["milestone", "edit", "\(ref).2", "--due", "2014-09-30", "--on", "2014-05-01", "--note", "slipped"],
            ["indicator", "add", ref, "Countries with a plan (%)", "--measure", "percentage", "--baseline", "12.5",
             "--baseline-year", "2013", "--target", "40", "--period-end", "2015-12-31"],
            ["indicator", "record", "\(ref).i1", "26.25", "--on", "2014-05-15"],
            ["activity", "add", "data", "Literal _x0041_ and _x005F_ stay", "--lead", "IOM", "--on", "2014-01-10"],
        ] {
            let result = try sandbox.run(arguments + ["--db", sandbox.db])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
        }
        return sandbox
    }

    @Test func everySpreadsheetReadsBackAsTheJSONSaysAndOpensInLibreOffice() throws {
        let sandbox = try Self.plan()
        let asOf = ["--as-of", "2014-06-30"]
        let questions: [(String, [String])] = [
            ("report", ["report"] + asOf), ("activities", ["activity", "list"] + asOf),
            ("indicators", ["indicator", "list"] + asOf), ("slippage", ["slippage"] + asOf), ("export", ["export"]),
        ]
        for (name, arguments) in questions {
            let file = sandbox.path("\(name).xlsx")
            let written = try sandbox.run(arguments + ["--format", "xlsx", "--output", file, "--db", sandbox.db])
            #expect(written.status == 0, "\(arguments): \(written.stderr)")
            let json = try sandbox.run(arguments + ["--format", "json", "--db", sandbox.db])
            #expect(json.status == 0, "\(arguments): \(json.stderr)")
            try Data(json.stdout.utf8).write(to: URL(fileURLWithPath: sandbox.path("\(name).json")))
        }
        let csv = try sandbox.mawp("export", "--format", "csv")
        try Data(csv.stdout.utf8).write(to: URL(fileURLWithPath: sandbox.path("export.csv")))

        let check = try sandbox.run(["python3", Self.checker.path, sandbox.folder.path],
                                    environment: ["HOME": sandbox.path("home")], executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("0 failure(s)"), "\(check.stdout)")
    }

    @Test func stdoutThatIsNotATerminalGetsTheWorkbook() throws {
        let sandbox = try Self.plan()
        let result = try sandbox.mawp("activity", "list", "--as-of", "2014-06-30", "--format", "xlsx")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.utf8.starts(with: [0x50, 0x4b, 0x03, 0x04]), "a ZIP archive")
        #expect(result.stderr.isEmpty)
    }

    @Test func aSpreadsheetIsRefusedToATerminal() throws {
        let sandbox = try Self.plan()
        for command in ["report", "activity list", "slippage", "indicator list", "export"] {
            // script(1) gives the command a terminal for its stdout.
            let result = try sandbox.run(["-qec", "\(Sandbox.binary.path) \(command) --format xlsx --db \(sandbox.db)", "/dev/null"],
                                         executable: URL(fileURLWithPath: "/usr/bin/script"))
            #expect(result.status == 64, "\(command): \(result.stdout)")
            #expect(result.stdout.contains("xlsx is a binary file: write it with --output FILE"), "\(command): \(result.stdout)")
            #expect(!result.stdout.contains("PK"), "\(command): nothing was written")
        }
    }
}
