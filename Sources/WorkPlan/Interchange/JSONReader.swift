/// A pull parser for JSON (RFC 8259) that reads a file of any size in constant memory and
/// says on which line each token starts. It refuses what is not JSON: invalid UTF-8, control
/// characters in strings, trailing commas, nesting deeper than ``maxDepth``, strings longer
/// than ``maxStringBytes``, text after the end, and a file that ends early.
struct JSONReader: ImportFileReader {
    enum Token: Equatable {
        case beginObject, endObject, beginArray, endArray
        /// A key of an object (the next token is its value).
        case key(String)
        case string(String)
        /// A number; `integer` when it has no fraction or exponent and fits in an Int.
        case number(Double, integer: Int?)
        case bool(Bool)
        case null
        case end
    }

    typealias SyntaxError = ImportSyntaxError

    static let maxDepth = 64
    static let maxStringBytes = 4 << 20

    private enum Expect { case value, valueOrClose, keyOrClose, key, commaOrClose, end }

    private var source: ByteSource
    private var expect = Expect.value
    /// Open containers: true for an object, false for an array.
    private var stack: [Bool] = []
    private var scratch: [UInt8] = []
    /// The line on which the last token began.
    private(set) var line = 1

    init(fd: Int32) {
        source = ByteSource(fd: fd)
        scratch.reserveCapacity(256)
    }

    init(text: String) {
        source = ByteSource(bytes: Array(text.utf8))
    }

    var depth: Int { stack.count }
    var bytesRead: Int { source.offset }
    var readError: Int32 { source.readError }

    mutating func next() throws -> Token {
        while true {
            skipWhitespace()
            line = source.line
            guard let byte = source.peek() else {
                if expect == .end { return .end }
                throw fail(stack.isEmpty ? "the file is empty or ends before any JSON value"
                                        : "the file ends in the middle of \(stack.last == true ? "an object" : "an array") (truncated?)")
            }
            switch expect {
            case .end:
                throw fail("unexpected text after the end of the JSON value")
            case .commaOrClose:
                _ = source.next()
                if byte == UInt8(ascii: ",") {
                    expect = stack.last == true ? .key : .value
                    continue
                }
                if let token = close(byte) { return token }
                throw fail("expected ',' or '\(stack.last == true ? "}" : "]")' but found \(describe(byte))")
            case .keyOrClose, .key:
                _ = source.next()
                if byte == UInt8(ascii: "}") && expect == .keyOrClose, let token = close(byte) { return token }
                guard byte == UInt8(ascii: "\"") else {
                    throw fail(expect == .key && byte == UInt8(ascii: "}") ? "a trailing comma before '}'"
                                                                          : "expected a key in double quotes but found \(describe(byte))")
                }
                let key = try readString()
                skipWhitespace()
                guard source.next() == UInt8(ascii: ":") else { throw fail("expected ':' after the key \"\(key)\"") }
                expect = .value
                return .key(key)
            case .value, .valueOrClose:
                if byte == UInt8(ascii: "]") {
                    _ = source.next()
                    if expect == .valueOrClose, let token = close(byte) { return token }
                    throw fail("a trailing comma before ']'")
                }
                return try readValue(byte)
            }
        }
    }

    /// Skips the rest of the value whose first token was just read.
    mutating func skip(after token: Token) throws {
        guard token == .beginObject || token == .beginArray else { return }
        let target = depth - 1
        while depth > target {
            if try next() == .end { return }
        }
    }

    // MARK: - Values

    private mutating func readValue(_ byte: UInt8) throws -> Token {
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            _ = source.next()
            guard stack.count < JSONReader.maxDepth else {
                throw fail("nesting deeper than \(JSONReader.maxDepth) levels")
            }
            let isObject = byte == UInt8(ascii: "{")
            stack.append(isObject)
            expect = isObject ? .keyOrClose : .valueOrClose
            return isObject ? .beginObject : .beginArray
        case UInt8(ascii: "\""):
            _ = source.next()
            let text = try readString()
            afterScalar()
            return .string(text)
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let token = try readNumber()
            afterScalar()
            return token
        default:
            _ = source.next()
            throw fail("expected a value but found \(describe(byte))")
        }
    }

    private mutating func afterScalar() {
        expect = stack.isEmpty ? .end : .commaOrClose
    }

    private mutating func close(_ byte: UInt8) -> Token? {
        guard let isObject = stack.last, byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return nil }
        stack.removeLast()
        afterScalar()
        return isObject ? .endObject : .endArray
    }

    private mutating func literal(_ word: String) throws {
        for expected in word.utf8 {
            guard source.next() == expected else { throw fail("expected '\(word)'") }
        }
        afterScalar()
        if let byte = source.peek(), isWordByte(byte) { throw fail("unexpected text after '\(word)'") }
    }

    private func isWordByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private mutating func readNumber() throws -> Token {
        scratch.removeAll(keepingCapacity: true)
        var isInteger = true
        while let byte = source.peek() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"):
                break
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                isInteger = false
            default:
                if isWordByte(byte) { throw fail("malformed number") }
                return try number(isInteger: isInteger)
            }
            scratch.append(byte)
            _ = source.next()
            if scratch.count > 64 { throw fail("a number longer than 64 characters") }
        }
        return try number(isInteger: isInteger)
    }

    private func number(isInteger: Bool) throws -> Token {
        let text = String(decoding: scratch, as: UTF8.self)
        guard JSONReader.isJSONNumber(scratch), let value = Double(text), value.isFinite else {
            throw fail("'\(text)' is not a JSON number")
        }
        return .number(value, integer: isInteger ? Int(text) : nil)
    }

    /// RFC 8259 number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    static func isJSONNumber(_ bytes: [UInt8]) -> Bool {
        var index = 0
        func digit() -> Bool { index < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) }
        if index < bytes.count && bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digit() else { return false }
        if bytes[index] == UInt8(ascii: "0") { index += 1 } else { while digit() { index += 1 } }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digit() else { return false }
            while digit() { index += 1 }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard digit() else { return false }
            while digit() { index += 1 }
        }
        return index == bytes.count
    }

    /// Reads a string after its opening quote, unescaping it and checking its UTF-8.
    private mutating func readString() throws -> String {
        scratch.removeAll(keepingCapacity: true)
        let startLine = source.line
        var ascii = true
        while true {
            guard let byte = source.next() else {
                line = startLine
                throw fail("the file ends inside a string (truncated?)")
            }
            switch byte {
            case UInt8(ascii: "\""):
                // ASCII needs no validation; anything else is checked as UTF-8.
                if ascii { return String(decoding: scratch, as: UTF8.self) }
                guard let text = String(validating: scratch, as: UTF8.self) else {
                    line = startLine
                    throw fail("a string that is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                try readEscape()
                ascii = false
            case 0..<0x20:
                line = startLine
                throw fail("a control character (byte \(byte)) inside a string; write it as an escape such as \\n")
            default:
                if byte >= 0x80 { ascii = false }
                scratch.append(byte)
            }
            if scratch.count > JSONReader.maxStringBytes {
                line = startLine
                throw fail("a string longer than \(JSONReader.maxStringBytes >> 20) MiB")
            }
        }
    }

    private mutating func readEscape() throws {
        guard let byte = source.next() else { throw fail("the file ends inside a string (truncated?)") }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var value = try hex4()
            if (0xD800...0xDBFF).contains(value) {
                guard source.next() == UInt8(ascii: "\\"), source.next() == UInt8(ascii: "u") else {
                    throw fail("an unpaired surrogate in a \\u escape")
                }
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw fail("an unpaired surrogate in a \\u escape") }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(value) {
                throw fail("an unpaired surrogate in a \\u escape")
            }
            guard let scalar = Unicode.Scalar(value) else { throw fail("an invalid \\u escape") }
            scratch.append(contentsOf: String(scalar).utf8)
        default:
            throw fail("an invalid escape \\\(describe(byte))")
        }
    }

    private mutating func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = source.next() else { throw fail("the file ends inside a string (truncated?)") }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw fail("an invalid \\u escape")
            }
            value = value << 4 | digit
        }
        return value
    }

    private mutating func skipWhitespace() {
        while let byte = source.peek(), byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
            _ = source.next()
        }
    }

    private func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private func fail(_ message: String) -> SyntaxError {
        SyntaxError(line: line, message: message)
    }
}

extension JSONReader {
    /// The JSON value whose first token is `token`, as a tree (for small values: event details).
    mutating func tree(_ token: Token) throws -> JSON {
        switch token {
        case .beginObject:
            var members: [JSON.Member] = []
            while true {
                let next = try self.next()
                if next == .endObject { return .object(members) }
                guard case .key(let key) = next else { continue }
                members.append(JSON.Member(key, try tree(try self.next())))
            }
        case .beginArray:
            var items: [JSON] = []
            while true {
                let next = try self.next()
                if next == .endArray { return .array(items) }
                items.append(try tree(next))
            }
        case .string(let text): return .string(text)
        case .number(let value, let integer): return integer.map { .int($0) } ?? .double(value)
        case .bool(let flag): return .bool(flag)
        default: return .null
        }
    }
}

extension JSON {
    /// Parses JSON text (a stored event's details); nil when it is not valid JSON.
    public static func parse(_ text: String) -> JSON? {
        var reader = JSONReader(text: text)
        guard let first = try? reader.next(), let value = try? reader.tree(first), (try? reader.next()) == .end else { return nil }
        return value
    }

    /// The member `key` of an object; nil for a missing key or a value that is not an object.
    public subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var dayValue: Day? { stringValue.flatMap(Day.init) }

    public var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSON]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
