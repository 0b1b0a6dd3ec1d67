/// CSV fields (RFC 4180) that a spreadsheet will not run.
public enum CSV {
    /// Quotes the field when it needs it, and puts a `'` before one that starts with `=`, `+`,
    /// `-`, `@`, tab or carriage return, so that a spreadsheet shows it as text instead of
    /// running it as a formula. A plain number such as `-3` or `-2.5` is left as it is.
    public static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isNumber(text) {
            text = "'" + text
        }
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard needsQuotes else { return text }
        var quoted = "\""
        for character in text {
            if character == "\"" { quoted += "\"\"" } else { quoted.append(character) }
        }
        return quoted + "\""
    }

    static func isNumber(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        guard !body.isEmpty, body.first != "." else { return false }
        var seenDot = false
        for character in body {
            if character == "." {
                if seenDot { return false }
                seenDot = true
            } else if !("0"..."9").contains(character) {
                return false
            }
        }
        return body.last != "."
    }
}

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
