import WorkPlan

/// Markdown text that renders as the same text.
public enum Markdown {
    /// A table cell: Markdown punctuation is backslash-escaped, `|` so that it cannot end the
    /// cell, line breaks become `<br>`, control characters are dropped, `<` and `&` become
    /// entities so that no HTML passes through.
    public static func cell(_ value: String) -> String {
        var out = ""
        var previousWasCR = false
        for scalar in value.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\r": out += "<br>"
            case "\n": if !previousWasCR { out += "<br>" }
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "|", "~":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "\t": out += " "
            case _ where Terminal.isControl(scalar): break
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Inline text outside a table: as a cell, where `|` is escaped harmlessly.
    public static func text(_ value: String) -> String { cell(value) }

    /// A long text (an update's achievements) as paragraphs: a blank line parts them, a line
    /// break inside one stays a break; each line starts as text, never as a heading, a list
    /// or a quote.
    public static func paragraphs(_ value: String) -> String {
        let lines = value.replacing("\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var escaped = cell(String(line))
            guard let first = escaped.first else { return escaped }
            if "#+-=".contains(first) { return "\\" + escaped }
            // "1. " or "1) " would start an ordered list: the punctuation is escaped.
            let digits = escaped.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, let mark = escaped.dropFirst(digits.count).first, mark == "." || mark == ")" {
                escaped.insert("\\", at: escaped.index(escaped.startIndex, offsetBy: digits.count))
            }
            return escaped
        }
        var out = ""
        for (index, line) in lines.enumerated() {
            if index > 0 { out += line.isEmpty || lines[index - 1].isEmpty ? "\n" : "  \n" }
            out += line
        }
        return out + "\n"
    }
}
