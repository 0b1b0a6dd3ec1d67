/// Text made safe for XML 1.0: one rule for every XML mawp writes (the workbook's parts, the IATI
/// export), and the entities HTML shares with it.
public enum XML {
    /// Escapes `&`, `<`, `>`, `"` and `'`, so that the text can stand in element content or in a
    /// double- or single-quoted attribute value. The characters XML 1.0 cannot hold (controls
    /// other than tab, line feed and carriage return; U+FFFE, U+FFFF) become U+FFFD, so that a
    /// reader sees that something was there.
    public static func escape(_ text: String) -> String {
        escape(text) { isCharacter($0) ? $0 : "\u{FFFD}" }
    }

    /// Escapes the five special characters as entities; every other scalar becomes what
    /// `other` makes of it, or is dropped where it gives nil.
    public static func escape(_ text: String, other: (Unicode.Scalar) -> Unicode.Scalar?) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: if let kept = other(scalar) { out.unicodeScalars.append(kept) }
            }
        }
        return out
    }

    /// Whether XML 1.0 can hold the scalar (its production `Char`; Swift's scalars are never
    /// surrogates).
    static func isCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\t" || scalar == "\n" || scalar == "\r" || (scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF)
    }
}
