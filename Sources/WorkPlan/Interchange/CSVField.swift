/// CSV fields (RFC 4180) that a spreadsheet will not run.
public enum CSV {
    /// Quotes the field when it needs it, and puts a `'` before one that starts with `=`, `+`,
    /// `-`, `@`, tab or carriage return, so that a spreadsheet shows it as text instead of
    /// running it as a formula. A plain number such as `-3` or `-2.5` is left as it is. A text
    /// that already starts with `'` before such a character gets one more, so that
    /// ``unneutralised(_:)`` gives back exactly what was written.
    public static func field(_ value: String) -> String {
        var text = value
        if needsPrefix(Substring(text)) {
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

    /// The cell's text with the `'` that ``field(_:)`` put before a formula taken off again.
    public static func unneutralised(_ cell: String) -> String {
        guard cell.hasPrefix("'"), needsPrefix(cell.dropFirst()) else { return cell }
        return String(cell.dropFirst())
    }

    static func needsPrefix(_ text: Substring) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        if first == "'" { return needsPrefix(text.dropFirst()) }
        return "=+-@\t\r".unicodeScalars.contains(first) && !isNumber(text)
    }

    static func isNumber(_ text: Substring) -> Bool {
        var body = text
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

