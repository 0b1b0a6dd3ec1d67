/// Reads RFC 4180 CSV records from a file of any size in constant memory, with the line each
/// record starts on. Fields may be quoted (with `""` for a quote) and hold commas and line
/// breaks; records end with CRLF or LF; blank lines are skipped.
struct CSVReader: ImportFileReader {
    typealias SyntaxError = ImportSyntaxError

    static let maxFieldBytes = 4 << 20

    private var source: ByteSource
    private var field: [UInt8] = []

    init(fd: Int32) {
        source = ByteSource(fd: fd)
    }

    var bytesRead: Int { source.offset }
    var readError: Int32 { source.readError }

    /// The next record and the line it starts on, or nil at the end of the file.
    mutating func next() throws -> (line: Int, fields: [String])? {
        // Skip blank lines.
        while let byte = source.peek(), byte == 0x0A || byte == 0x0D { _ = source.next() }
        guard source.peek() != nil else { return nil }
        let line = source.line
        var fields: [String] = []
        while true {
            field.removeAll(keepingCapacity: true)
            let fieldLine = source.line
            var quoted = false
            if source.peek() == UInt8(ascii: "\"") {
                quoted = true
                _ = source.next()
                while true {
                    guard let byte = source.next() else {
                        throw SyntaxError(line: fieldLine, message: "the file ends inside a quoted field (truncated?)")
                    }
                    if byte == UInt8(ascii: "\"") {
                        if source.peek() == UInt8(ascii: "\"") {
                            _ = source.next()
                            field.append(byte)
                        } else {
                            break
                        }
                    } else {
                        field.append(byte)
                    }
                    if field.count > CSVReader.maxFieldBytes {
                        throw SyntaxError(line: fieldLine, message: "a field longer than \(CSVReader.maxFieldBytes >> 20) MiB")
                    }
                }
            }
            // The rest of the field, up to a comma or the end of the record.
            var endOfRecord = false
            while true {
                guard let byte = source.peek() else {
                    endOfRecord = true
                    break
                }
                if byte == UInt8(ascii: ",") {
                    _ = source.next()
                    break
                }
                if byte == 0x0A || byte == 0x0D {
                    _ = source.next()
                    if byte == 0x0D && source.peek() == 0x0A { _ = source.next() }
                    endOfRecord = true
                    break
                }
                _ = source.next()
                if quoted {
                    throw SyntaxError(line: source.line, message: "text after the closing quote of a field")
                }
                if byte == UInt8(ascii: "\"") {
                    throw SyntaxError(line: source.line, message: "a quote inside an unquoted field (quote the field and double the quote)")
                }
                field.append(byte)
                if field.count > CSVReader.maxFieldBytes {
                    throw SyntaxError(line: fieldLine, message: "a field longer than \(CSVReader.maxFieldBytes >> 20) MiB")
                }
            }
            guard let text = String(validating: field, as: UTF8.self) else {
                throw SyntaxError(line: fieldLine, message: "a field that is not valid UTF-8")
            }
            fields.append(text)
            if endOfRecord { return (line, fields) }
        }
    }
}
