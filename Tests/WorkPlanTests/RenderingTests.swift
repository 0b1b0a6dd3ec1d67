import Testing
@testable import Rendering
import WorkPlan

@Suite struct EscapingTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
        ("+1+1", "'+1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("\tx", "'\tx"),
        ("-3", "-3"),
        ("-2.5", "-2.5"),
        ("", ""),
    ])
    func csvFieldsAreQuotedAndFormulasNeutralised(_ input: String, _ expected: String) {
        #expect(CSV.field(input) == expected)
    }

    @Test(arguments: ["=1+1", "'=1+1", "''=x", "'hello", "-3", "'-3", "plain", "", "'", "@", "'@'"])
    func neutralisedCellsReadBackAsWritten(_ text: String) {
        #expect(CSV.unneutralised(CSV.field(text)) == text)
    }

    @Test func markdownCellsCannotBreakTheTable() {
        #expect(Markdown.cell("a | b") == "a \\| b")
        #expect(Markdown.cell("`code`") == "\\`code\\`")
        #expect(Markdown.cell("one\ntwo\r\nthree") == "one<br>two<br>three")
        #expect(Markdown.cell("<script>") == "&lt;script&gt;")
        #expect(Markdown.cell("a\u{1B}[31mb") == "a\\[31mb")
    }

    @Test func controlCharactersNeverReachTheTerminalRaw() {
        let hostile = "red\u{1B}[31m bell\u{07} rtl\u{202E}x\nnext"
        let safe = Terminal.safe(hostile)
        #expect(!safe.unicodeScalars.contains { Terminal.isControl($0) })
        #expect(safe == "red\\u{1B}[31m bell\\u{7} rtl\\u{202E}x↵next")
        #expect(Terminal.safe("ordinary text") == "ordinary text")
    }

    @Test func tablesAlignByDisplayWidth() {
        let table = Table(columns: [.init("A"), .init("N", .right)], rows: [["移民", "1"], ["ab", "10"]])
        #expect(table.text() == "A      N\n移民   1\nab    10\n")
    }

    @Test func barsFillInEighths() {
        #expect(Terminal.bar(percent: 0, width: 4) == "░░░░")
        #expect(Terminal.bar(percent: 100, width: 4) == "████")
        #expect(Terminal.bar(percent: 50, width: 4) == "██░░")
        #expect(Terminal.bar(percent: 62.5, width: 4) == "██▌░")
    }
}
