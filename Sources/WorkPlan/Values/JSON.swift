/// A JSON value whose object keys keep the order they were given in, so that output meant for
/// scripts is stable and reads in the documented order.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([Member])
    /// Text that is already valid JSON (such as the event log's stored details), written as it is.
    case raw(String)

    public struct Member: Sendable, Equatable {
        public let key: String
        public let value: JSON
        public init(_ key: String, _ value: JSON) {
            self.key = key
            self.value = value
        }
    }

    /// An object from key-value pairs, in order.
    public static func object(_ pairs: KeyValuePairs<String, JSON>) -> JSON {
        .object(pairs.map { Member($0.key, $0.value) })
    }

    /// `.string(value)`, or `.null` for nil.
    public static func string(_ value: String?) -> JSON { value.map { .string($0) } ?? .null }
    /// The date as a `YYYY-MM-DD` string, or `.null` for nil.
    public static func day(_ value: Day?) -> JSON { value.map { .string($0.description) } ?? .null }

    /// Compact (one line) or pretty (two-space indentation, one member per line) text;
    /// `indent` is the nesting level the value starts at (for values inside a larger document).
    public func serialized(pretty: Bool = false, indent: Int = 0) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: indent)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value): out += JSON.format(value)
        case .string(let value): JSON.quote(value, into: &out)
        case .raw(let text): out += text
        case .array(let values):
            writeContainer(values, open: "[", close: "]", to: &out, pretty: pretty, indent: indent) { value, out in
                value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
        case .object(let members):
            writeContainer(members, open: "{", close: "}", to: &out, pretty: pretty, indent: indent) { member, out in
                JSON.quote(member.key, into: &out)
                out += pretty ? ": " : ":"
                member.value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
        }
    }

    private func writeContainer<T>(_ items: [T], open: String, close: String, to out: inout String,
                                   pretty: Bool, indent: Int, item: (T, inout String) -> Void) {
        out += open
        guard !items.isEmpty else {
            out += close
            return
        }
        for (index, element) in items.enumerated() {
            if index > 0 { out += "," }
            if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
            item(element, &out)
        }
        if pretty { out += "\n" + String(repeating: "  ", count: indent) }
        out += close
    }

    /// Integral values print without a fraction ("62.5", "100", "0"); NaN and infinities,
    /// which JSON cannot hold, print as null.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return value.description
    }

    static func quote(_ text: String, into out: inout String) {
        // Most text needs no escape at all: appended whole, not scalar by scalar.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) {
            out += "\""
            out += text
            out += "\""
            return
        }
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                // Control characters are escaped so that JSON on a terminal never carries them raw.
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
