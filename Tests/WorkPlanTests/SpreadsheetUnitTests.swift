import Foundation
@testable import OpenXML
import Testing

@Suite struct SpreadsheetUnitTests {
    @Test func datesAreTheSpreadsheetsDayNumbers() {
        // Excel's and LibreOffice's serial numbers (the 1900 date system).
        #expect(Cell.daysSinceEpoch(year: 1970, month: 1, day: 1) == 25_569)
        #expect(Cell.daysSinceEpoch(year: 2014, month: 6, day: 30) == 41_820)
        #expect(Cell.daysSinceEpoch(year: 1900, month: 3, day: 1) == 61)
        #expect(Cell.daysSinceEpoch(year: 2000, month: 2, day: 29) == 36_585)
    }

    @Test func columnsAndEscaping() {
        #expect(["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"] == [0, 25, 26, 51, 52, 701, 702].map(XML.column))
        #expect(XML.escape("<a href=\"x\">&</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;")
        #expect(XML.escape("tab\tline\nbell\u{7}") == "tab\tline\nbell\u{FFFD}", "XML 1.0 cannot hold a bell")
        #expect(XML.literal("_x0041_ and a_x00e9_b, not _x41_") == "_x005F_x0041_ and a_x005F_x00e9_b, not _x41_")
        #expect(XML.literal("plain") == "plain")
        #expect(XML.number(3) == "3")
        #expect(XML.number(0.125) == "0.125")
    }

    @Test func sheetNamesAreWhatSpreadsheetsAllow() {
        let names = Workbook.uniqueNames(["a/b:c", "A_B_C", String(repeating: "x", count: 40), ""])
        #expect(names == ["a_b_c", "A_B_C (2)", String(repeating: "x", count: 31), "Sheet"])
    }

    @Test func aSheetLongerThanASpreadsheetIsRefusedNotCut() throws {
        let sheet = Sheet(name: "events", about: [[.text("T")]], header: ["kind"],
                          rows: Array(repeating: [.text("x")], count: Workbook.maximumRows - 2))
        // The title, a blank row and the header take three rows: one too many.
        #expect(sheet.headerRow + sheet.rows.count == Workbook.maximumRows + 1)
        #expect(throws: Workbook.Failure.tooManyRows(sheet: "events", rows: Workbook.maximumRows + 1)) {
            _ = try Workbook(title: "T", sheets: [sheet]).xlsx()
        }
    }

    @Test func aLongSheetIsDeflatedInPiecesAndReadsBack() throws {
        // Far more than one 64 KiB piece of XML, and more than one chunk of deflated output.
        let rows = (0..<40_000).map { [Cell.integer($0), .text("row \($0) «移民» \(UInt64($0) &* 2_654_435_761)")] }
        let workbook = Workbook(title: "T", sheets: [Sheet(name: "S", header: ["n", "text"], rows: rows)])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mawp-unit-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(try workbook.xlsx()).write(to: file)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", """
            import sys, openpyxl
            rows = list(openpyxl.load_workbook(sys.argv[1])["S"].iter_rows(values_only=True))
            assert len(rows) == 40001, len(rows)
            assert rows[40000][0] == 39999 and rows[40000][1].startswith("row 39999 «移民» "), rows[40000]
            """, file.path]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
    }

    @Test func theArchiveIsAZipThatPythonReadsBack() throws {
        let workbook = Workbook(title: "T", sheets: [Sheet(name: "S", about: [[.text("T")]], header: ["a", "b"],
                                                           rows: [[.integer(1), .date(year: 2014, month: 1, day: 2)]])])
        let bytes = try workbook.xlsx()
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(try workbook.xlsx() == bytes, "the same workbook is the same bytes")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mawp-unit-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(bytes).write(to: file)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-m", "zipfile", "-t", file.path]
        python.standardOutput = FileHandle.nullDevice
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0, "every entry's CRC and size check out")
    }
}
