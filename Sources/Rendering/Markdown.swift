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
}
