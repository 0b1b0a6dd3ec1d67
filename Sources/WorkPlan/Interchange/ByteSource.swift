#if canImport(Glibc)
import Glibc
#endif

/// Bytes read from a file descriptor in large chunks, with the line number of the current
/// position. Memory stays the size of one chunk, whatever the size of the file.
struct ByteSource {
    private let fd: Int32
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private(set) var atEnd = false
    /// The 1-based line of the next byte.
    private(set) var line = 1
    /// Bytes consumed so far, for progress reporting.
    private(set) var offset = 0
    private(set) var readError: Int32 = 0

    init(fd: Int32, chunkSize: Int = 1 << 18) {
        self.fd = fd
        self.buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    /// Bytes already in memory (a stored event's details).
    init(bytes: [UInt8]) {
        self.fd = -1
        self.buffer = bytes
        self.end = bytes.count
        self.atEnd = true
    }

    /// The next byte without consuming it, or nil at the end of the file.
    @inline(__always)
    mutating func peek() -> UInt8? {
        if start == end && !refill() { return nil }
        return buffer[start]
    }

    /// Consumes and returns the next byte, counting lines.
    @inline(__always)
    mutating func next() -> UInt8? {
        if start == end && !refill() { return nil }
        let byte = buffer[start]
        start += 1
        offset += 1
        if byte == 0x0A { line += 1 }
        return byte
    }

    private mutating func refill() -> Bool {
        guard !atEnd else { return false }
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                if count < 0 { readError = errno }
                atEnd = true
                return false
            }
            start = 0
            end = count
            return true
        }
    }
}

/// A reader of an imported file, over a ``ByteSource``: the error of its last read, 0 for none.
protocol ImportFileReader {
    var readError: Int32 { get }
}

/// A file that is not of its format, at a line (both readers' syntax errors).
struct ImportSyntaxError: Error, Equatable {
    let line: Int
    let message: String
}
