import WorkPlan

/// Rows and columns of text, rendered as an aligned terminal table, CSV or Markdown.
/// Machine formats carry the cells verbatim; the renderers escape what each format needs.
public struct Table: Sendable {
    public enum Alignment: Sendable { case left, right }

    public struct Column: Sendable {
        public let title: String
        public let alignment: Alignment
        public init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
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
    public func text(style: Style = .plain, decorate: (_ row: Int, _ column: Int, _ padded: String) -> String = { $2 }) -> String {
        let header = columns.map(\.title)
        let body = (rows + footer).map { $0.map { Terminal.safe($0) } }
        var widths = header.map { Terminal.width(of: $0) }
        for row in body {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], Terminal.width(of: cell))
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
        for (index, row) in body.enumerated() {
            if index == rows.count && !footer.isEmpty {
                lines.append(style.dim(String(repeating: "─", count: widths.reduce(0, +) + 2 * (widths.count - 1))))
            }
            lines.append(line(row, row: index))
        }
        return lines.joined(separator: "\n") + "\n"
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
