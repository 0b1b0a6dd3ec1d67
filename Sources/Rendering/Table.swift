import WorkPlan

/// Rows and columns of text, rendered as an aligned terminal table, CSV or Markdown.
/// Machine formats carry the cells verbatim; the renderers escape what each format needs.
public struct Table: Sendable {
    public enum Alignment: Sendable { case left, right }

    public struct Column: Sendable {
        public let title: String
        public let alignment: Alignment
        /// Free text that may wrap, between words, to fit a narrow terminal; other columns
        /// (dates, references, numbers) never wrap.
        public let wraps: Bool
        public init(_ title: String, _ alignment: Alignment = .left, wraps: Bool = false) {
            self.title = title
            self.alignment = alignment
            self.wraps = wraps
        }
    }

    public let columns: [Column]
    public var rows: [[String]]
    /// Rows set apart at the end (totals): a rule above them in text, bold in Markdown.
    public var footer: [[String]]

    public init(columns: [Column], rows: [[String]] = [], footer: [[String]] = []) {
        self.columns = columns
        self.rows = rows
        self.footer = footer
    }

    // MARK: - Text

    /// An aligned table for people: two spaces between columns, no trailing blanks, control
    /// characters made visible. `decorate` may colour a cell after it is padded.
    /// With `width` (a terminal's), columns that wrap are narrowed, wrapping their text between
    /// words, so that lines fit where they can; a word is never split.
    public func text(style: Style = .plain, width: Int? = nil,
                     decorate: (_ row: Int, _ column: Int, _ padded: String) -> String = { $2 }) -> String {
        let header = columns.map(\.title)
        var body = (rows + footer).map { $0.map { Terminal.safe($0) } }
        var widths = header.map { Terminal.width(of: $0) }
        for row in body {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Terminal.width(of: cell))
            }
        }
        var lineCounts = [Int](repeating: 1, count: body.count)
        if let width, widths.reduce(0, +) + 2 * (widths.count - 1) > width {
            let narrowed = fitted(widths, body: body, into: width)
            if narrowed != widths {
                widths = narrowed
                // Each row becomes as many lines as its longest wrapped cell; the first line
                // carries the other cells.
                var wrappedBody: [[String]] = []
                var counts: [Int] = []
                for row in body {
                    let cells = row.enumerated().map { index, cell in
                        index < columns.count && columns[index].wraps ? Table.wrap(cell, width: widths[index]) : [cell]
                    }
                    let height = cells.map(\.count).max() ?? 1
                    for line in 0..<height { wrappedBody.append(cells.map { line < $0.count ? $0[line] : "" }) }
                    counts.append(height)
                }
                body = wrappedBody
                lineCounts = counts
            }
        }
        func line(_ cells: [String], row: Int?) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() where index < widths.count {
                let pad = String(repeating: " ", count: widths[index] - Terminal.width(of: cell))
                let isLast = index == cells.count - 1
                var padded = columns[index].alignment == .right ? pad + cell : (isLast ? cell : cell + pad)
                if let row { padded = decorate(row, index, padded) }
                parts.append(padded)
            }
            return parts.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [style.bold(line(header, row: nil))]
        var physical = 0
        for (index, count) in lineCounts.enumerated() {
            if index == rows.count && !footer.isEmpty {
                lines.append(style.dim(String(repeating: "─", count: widths.reduce(0, +) + 2 * (widths.count - 1))))
            }
            for _ in 0..<count {
                lines.append(line(body[physical], row: index))
                physical += 1
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Column widths within `total`: the wrapping columns share what the others leave, each
    /// at least as wide as its longest word (so that no word is split) and its title.
    func fitted(_ widths: [Int], body: [[String]], into total: Int) -> [Int] {
        let wrapping = columns.indices.filter { columns[$0].wraps && $0 < widths.count }
        guard !wrapping.isEmpty else { return widths }
        let fixed = widths.indices.filter { !wrapping.contains($0) }.map { widths[$0] }.reduce(0, +) + 2 * (widths.count - 1)
        var remaining = max(0, total - fixed)
        var result = widths
        // Narrow columns first: what they do not need goes to the wider ones.
        for (done, index) in wrapping.sorted(by: { widths[$0] < widths[$1] }).enumerated() {
            let longestWord = body.compactMap { index < $0.count ? $0[index] : nil }
                .flatMap { $0.split(separator: " ") }.map { Terminal.width(of: String($0)) }.max() ?? 0
            let share = remaining / (wrapping.count - done)
            result[index] = max(longestWord, Terminal.width(of: columns[index].title), min(widths[index], share))
            remaining = max(0, remaining - result[index])
        }
        return result
    }

    /// `text` in lines of at most `width` columns, broken at spaces only (a longer word stands
    /// alone on its line).
    static func wrap(_ text: String, width: Int) -> [String] {
        guard Terminal.width(of: text) > width else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let word = String(word)
            if current.isEmpty {
                current = word
            } else if Terminal.width(of: current) + 1 + Terminal.width(of: word) <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    // MARK: - CSV

    /// RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote,
    /// CR or LF, quotes doubled. Cells a spreadsheet would run as a formula are neutralised.
    public func csv() -> String {
        ([columns.map(\.title)] + rows + footer)
            .map { $0.map(CSV.field).joined(separator: ",") + "\r\n" }
            .joined()
    }

    // MARK: - Markdown

    /// A GitHub-flavoured Markdown table; footer rows are bold.
    public func markdown() -> String {
        var out = "| " + columns.map { Markdown.cell($0.title) }.joined(separator: " | ") + " |\n"
        out += "|" + columns.map { $0.alignment == .right ? " ---: |" : " --- |" }.joined() + "\n"
        for row in rows {
            out += "| " + row.map(Markdown.cell).joined(separator: " | ") + " |\n"
        }
        for row in footer {
            out += "| " + row.map { $0.isEmpty ? "" : "**\(Markdown.cell($0))**" }.joined(separator: " | ") + " |\n"
        }
        return out
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
