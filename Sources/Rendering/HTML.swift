import OpenXML

/// Text and attribute values made safe for HTML: everything a user typed is shown as text.
public enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'`, and drops control characters, so that the text can
    /// stand in element content or in a double- or single-quoted attribute value.
    public static func escape(_ text: String) -> String {
        XML.escape(text) { $0 == "\n" || $0 == "\t" || !Terminal.isControl($0) ? $0 : nil }
    }

    /// Percent-encodes every byte of the UTF-8 but ASCII letters, digits and `keeping`
    /// (RFC 3986's unreserved characters by default), for a URL's path or query.
    public static func percentEncoded(_ text: String, keeping: String = "-._~") -> String {
        var out = ""
        for byte in text.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if byte < 128 && (character.isLetter || character.isNumber || keeping.contains(character)) {
                out.append(character)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    /// `?name=value&…` with each value percent-encoded, ready for an `href`.
    public static func query(_ pairs: [(String, String)]) -> String {
        pairs.isEmpty ? "" : "?" + pairs.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&amp;")
    }
}

