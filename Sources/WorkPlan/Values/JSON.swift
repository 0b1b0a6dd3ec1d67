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
    /// Written as UTF-8 bytes, then made a string once: a report of a million facts appends
    /// tens of millions of pieces, and a byte buffer takes them for a fraction of what a
    /// string's appends cost.
    public func serialized(pretty: Bool = false, indent: Int = 0) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out, pretty: pretty, indent: indent)
        return String(decoding: out, as: UTF8.self)
    }

    private func write(to out: inout [UInt8], pretty: Bool, indent: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .double(let value): out.append(contentsOf: JSON.format(value).utf8)
        case .string(let value): JSON.quote(value, into: &out)
        case .raw(var text): text.withUTF8 { out.append(contentsOf: $0) }
        case .array(let values):
            writeContainer(values, open: UInt8(ascii: "["), close: UInt8(ascii: "]"), to: &out, pretty: pretty, indent: indent) { value, out in
                value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
        case .object(let members):
            writeContainer(members, open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), to: &out, pretty: pretty, indent: indent) { member, out in
                JSON.quote(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                member.value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
        }
    }

    private func writeContainer<T>(_ items: [T], open: UInt8, close: UInt8, to out: inout [UInt8],
                                   pretty: Bool, indent: Int, item: (T, inout [UInt8]) -> Void) {
        out.append(open)
        guard !items.isEmpty else {
            out.append(close)
            return
        }
        // The line break and indentation of an item, made once for all of them.
        let itemStart: [UInt8] = pretty ? [0x0A] + [UInt8](repeating: 0x20, count: 2 * (indent + 1)) : []
        for (index, element) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: itemStart)
            item(element, &out)
        }
        if pretty {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: 2 * indent))
        }
        out.append(close)
    }

    /// Integral values print without a fraction ("62.5", "100", "0"); NaN and infinities,
    /// which JSON cannot hold, print as null.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return value.description
    }

    /// One-line objects of the same text members (null for nil), as raw JSON: for the long
    /// lists of a report, where a tree of values for each item would cost more than the item's
    /// text. The keys are quoted once, when the shape is made.
    public struct LineShape: Sendable {
        private let prefixes: [[UInt8]]

        public init(_ keys: [String]) {
            prefixes = keys.enumerated().map { index, key in
                var prefix: [UInt8] = Array((index == 0 ? "{" : ", ").utf8)
                JSON.quote(key, into: &prefix)
                prefix.append(contentsOf: ": ".utf8)
                return prefix
            }
        }

        /// The object of `values`, in the order of the keys.
        public func line(_ values: [String?]) -> JSON {
            var out: [UInt8] = []
            out.reserveCapacity(96)
            for (prefix, value) in zip(prefixes, values) {
                out.append(contentsOf: prefix)
                if let value { JSON.quote(value, into: &out) } else { out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }
            }
            out.append(UInt8(ascii: "}"))
            return .raw(String(decoding: out, as: UTF8.self))
        }
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped (C1
    /// controls and U+2028/2029 too, so that JSON on a terminal never carries them raw).
    static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most text needs no escape at all: its bytes are appended whole, from the string's own
        // storage (a byte at a time through its view cost a report of a million facts a second).
        var text = text
        let plain = text.withUTF8 { bytes in
            for byte in bytes {
                // Printable ASCII but the quote and the backslash; then the rest that is plain.
                if byte >= 0x20 && byte < 0x7F && byte != 0x22 && byte != 0x5C { continue }
                if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xC2 || byte == 0xE2 { return false }
            }
            out.append(contentsOf: bytes)
            return true
        }
        if plain {
            out.append(UInt8(ascii: "\""))
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".utf8)
            case "\\": out.append(contentsOf: "\\\\".utf8)
            case "\n": out.append(contentsOf: "\\n".utf8)
            case "\r": out.append(contentsOf: "\\r".utf8)
            case "\t": out.append(contentsOf: "\\t".utf8)
            case "\u{08}": out.append(contentsOf: "\\b".utf8)
            case "\u{0C}": out.append(contentsOf: "\\f".utf8)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029:
                // Control characters are escaped so that JSON on a terminal never carries them raw.
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            default: UTF8.encode(scalar) { out.append($0) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
