/// The form of an e-mail address: RFC 5322's `addr-spec` (section 3.4.1) without its obsolete
/// forms, comments or folding white space: a `dot-atom` or a `quoted-string` local part, `@`, and
/// a `dot-atom` or a `domain-literal` domain; ASCII only, at most 254 characters (RFC 5321's
/// limit on a path). Whether the domain receives mail is the mail system's business.
public enum EmailAddress {
    public static let maximumLength = 254

    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (3...maximumLength).contains(bytes.count) else { return false }
        // A quoted local part and a domain literal may hold an "@" themselves: any split that
        // gives two valid halves will do.
        return bytes.indices.contains { at in
            guard bytes[at] == UInt8(ascii: "@") else { return false }
            let local = bytes[..<at], domain = bytes[(at + 1)...]
            return (isDotAtom(local) || isQuotedString(local)) && (isDotAtom(domain) || isDomainLiteral(domain))
        }
    }

    /// RFC 5322 `atext`: letters, digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~.
    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(byte)
        }
    }

    /// `dot-atom-text`: atoms of `atext` joined by single dots.
    static func isDotAtom(_ part: ArraySlice<UInt8>) -> Bool {
        guard !part.isEmpty else { return false }
        return part.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy(isAtext)
        }
    }

    /// `quoted-string` without folding: `"` printable ASCII or spaces, `\` quoting one of them, `"`.
    static func isQuotedString(_ part: ArraySlice<UInt8>) -> Bool {
        guard part.count >= 2, part.first == UInt8(ascii: "\""), part.last == UInt8(ascii: "\"") else { return false }
        var inner = part.dropFirst().dropLast()[...]
        while let byte = inner.popFirst() {
            guard byte >= 32 && byte <= 126 else { return false }
            if byte == UInt8(ascii: "\\") {
                guard let quoted = inner.popFirst(), quoted >= 32 && quoted <= 126 else { return false }
            } else if byte == UInt8(ascii: "\"") {
                return false
            }
        }
        return true
    }

    /// `domain-literal` without folding: `[`, printable ASCII but `[`, `]` and `\`, `]`.
    static func isDomainLiteral(_ part: ArraySlice<UInt8>) -> Bool {
        guard part.count >= 3, part.first == UInt8(ascii: "["), part.last == UInt8(ascii: "]") else { return false }
        return part.dropFirst().dropLast().allSatisfy { $0 >= 33 && $0 <= 126 && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: "\\") }
    }
}
