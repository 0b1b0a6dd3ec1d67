/// Text and attribute values made safe for HTML: everything a user typed is shown as text.
public enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'`, and drops control characters, so that the text can
    /// stand in element content or in a double- or single-quoted attribute value.
    public static func escape(_ text: String) -> String {
        Markup.escape(text) { $0 == "\n" || $0 == "\t" || !Terminal.isControl($0) }
    }
}

/// The escaping HTML and XML share: the five special characters as entities, and the
/// characters `keep` refuses dropped.
enum Markup {
    static func escape(_ text: String, keep: (Unicode.Scalar) -> Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case _ where !keep(scalar): break
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
