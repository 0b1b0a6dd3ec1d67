import CZlib

/// A ZIP archive (APPNOTE 6.3.10, without ZIP64: an xlsx of mawp's is far below 4 GiB),
/// written as it is made to a sink, or in memory. Entries are deflated with the system zlib as
/// their content comes, each followed by a data descriptor with its checksum and sizes, so that
/// nothing of an entry is held whole (an export of a million milestones writes in the memory
/// of one). Every entry carries the same fixed time, so the same workbook is the same bytes.
///
/// Written here rather than with ZIPFoundation: that library imports the whole of Foundation,
/// whose loading adds about 3 ms to every mawp command's start-up, xlsx or not (docs/architecture.md,
/// "The ZIP container of .xlsx").
struct ZipWriter {
    /// Where the archive goes, and how far it has got.
    private final class Output {
        let sink: ([UInt8]) throws -> Void
        var offset = 0
        var kept: [UInt8] = []
        init(_ sink: (([UInt8]) throws -> Void)?) {
            self.sink = sink ?? { _ in }
        }
        func write(_ bytes: [UInt8], keep: Bool) throws {
            offset += bytes.count
            guard offset < Int(UInt32.max) else { throw Failure.tooLarge }
            if keep { kept += bytes } else { try sink(bytes) }
        }
    }

    private let output: Output
    private let inMemory: Bool
    private var central: [UInt8] = []
    private var count = 0

    enum Failure: Error { case deflate(Int32), tooLarge }

    /// 1980-01-01 00:00, the first moment MS-DOS dates can hold.
    private static let dosTime: UInt16 = 0
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
    /// UTF-8 names (bit 11); checksum and sizes in a data descriptor after the data (bit 3).
    private static let flags: UInt16 = 0x0808

    /// An archive kept in memory: ``finish()`` returns it.
    init() {
        output = Output(nil)
        inMemory = true
    }

    /// An archive handed to `sink` in pieces as it is written.
    init(sink: @escaping ([UInt8]) throws -> Void) {
        output = Output(sink)
        inMemory = false
    }

    private func write(_ bytes: [UInt8]) throws { try output.write(bytes, keep: inMemory) }

    mutating func add(_ name: String, _ data: [UInt8]) throws {
        try add(name) { try $0(data) }
    }

    /// Adds an entry whose content `body` gives in pieces, each deflated and written on as it comes.
    mutating func add(_ name: String, _ body: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws {
        let offset = output.offset
        let nameBytes = Array(name.utf8)
        // Local file header: its checksum and sizes follow the data.
        var header: [UInt8] = []
        Self.append32(&header, 0x0403_4b50)
        Self.append16(&header, 20)                      // version needed: 2.0 (deflate)
        Self.appendEntryFields(&header, crc: 0, compressed: 0, size: 0, nameLength: nameBytes.count)
        Self.append16(&header, 0)                       // no extra field
        try write(header + nameBytes)
        let deflater = try Deflater { [output, inMemory] in try output.write($0, keep: inMemory) }
        try body { try deflater.write($0) }
        try deflater.finish()
        let crc = UInt32(truncatingIfNeeded: deflater.crc)
        guard deflater.size < Int(UInt32.max) else { throw Failure.tooLarge }
        var descriptor: [UInt8] = []
        Self.append32(&descriptor, 0x0807_4b50)
        Self.append32(&descriptor, crc)
        Self.append32(&descriptor, UInt32(deflater.compressedSize))
        Self.append32(&descriptor, UInt32(deflater.size))
        try write(descriptor)
        // Its central directory record.
        Self.append32(&central, 0x0201_4b50)
        Self.append16(&central, 20)                     // made by: MS-DOS attributes, version 2.0
        Self.append16(&central, 20)
        Self.appendEntryFields(&central, crc: crc, compressed: deflater.compressedSize, size: deflater.size,
                               nameLength: nameBytes.count)
        Self.append16(&central, 0)                      // extra
        Self.append16(&central, 0)                      // comment
        Self.append16(&central, 0)                      // disk
        Self.append16(&central, 0)                      // internal attributes
        Self.append32(&central, 0)                      // external attributes
        Self.append32(&central, UInt32(offset))
        central += nameBytes
        count += 1
    }

    /// The fields an entry's local header and its central record share, from the flags to the
    /// name's length: the flags, deflate, the fixed time, the checksum and the two sizes.
    private static func appendEntryFields(_ out: inout [UInt8], crc: UInt32, compressed: Int, size: Int, nameLength: Int) {
        append16(&out, flags)
        append16(&out, 8)                               // deflate
        append16(&out, dosTime)
        append16(&out, dosDate)
        append32(&out, crc)
        append32(&out, UInt32(compressed))
        append32(&out, UInt32(size))
        append16(&out, UInt16(nameLength))
    }

    /// Writes the central directory and its end record; returns the archive when it was kept
    /// in memory (else nothing: it went to the sink).
    @discardableResult
    mutating func finish() throws -> [UInt8] {
        guard count < Int(UInt16.max) else { throw Failure.tooLarge }
        let directoryOffset = UInt32(output.offset)
        var end = central
        Self.append32(&end, 0x0605_4b50)
        Self.append16(&end, 0)
        Self.append16(&end, 0)
        Self.append16(&end, UInt16(count))
        Self.append16(&end, UInt16(count))
        Self.append32(&end, UInt32(central.count))
        Self.append32(&end, directoryOffset)
        Self.append16(&end, 0)                          // no comment
        try write(end)
        central = []
        defer { output.kept = [] }
        return output.kept
    }

    private static func append16(_ out: inout [UInt8], _ value: UInt16) {
        out.append(UInt8(truncatingIfNeeded: value))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    private static func append32(_ out: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}

/// Raw deflate (no zlib header or checksum) at zlib's default level, fed in pieces, with the
/// CRC-32 and size of what it was fed. The stream lives at a fixed address, as zlib requires.
final class Deflater {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    /// Where the compressed bytes go, a chunk at a time.
    private let emit: ([UInt8]) throws -> Void
    private(set) var compressedSize = 0
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)
    private(set) var crc: uLong = 0
    private(set) var size = 0
    private var open = false

    init(_ emit: @escaping ([UInt8]) throws -> Void) throws {
        self.emit = emit
        stream.initialize(to: z_stream())
        let status = mawp_deflate_init_raw(stream, Z_DEFAULT_COMPRESSION)
        guard status == Z_OK else { throw ZipWriter.Failure.deflate(status) }
        open = true
    }

    deinit {
        if open { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    func write(_ input: [UInt8]) throws {
        guard !input.isEmpty else { return }
        size += input.count
        try input.withUnsafeBufferPointer { source in
            crc = crc32(crc, source.baseAddress, uInt(source.count))
            stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.pointee.avail_in = uInt(source.count)
            try run(Z_NO_FLUSH)
        }
    }

    /// Deflates what is left and ends the stream.
    func finish() throws {
        stream.pointee.next_in = nil
        stream.pointee.avail_in = 0
        try run(Z_FINISH)
        deflateEnd(stream)
        open = false
    }

    /// Deflates what is in the stream's input, moving the output out while it fills the chunk
    /// (zlib's own loop: call again as long as the output space was used up).
    private func run(_ flush: Int32) throws {
        let chunkSize = chunk.count
        var status: Int32
        repeat {
            let produced: Int
            (status, produced) = chunk.withUnsafeMutableBufferPointer { target -> (Int32, Int) in
                stream.pointee.next_out = target.baseAddress
                stream.pointee.avail_out = uInt(chunkSize)
                let status = deflate(stream, flush)
                return (status, chunkSize - Int(stream.pointee.avail_out))
            }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { throw ZipWriter.Failure.deflate(status) }
            if produced > 0 {
                compressedSize += produced
                try emit(Array(chunk[0..<produced]))
            }
        } while stream.pointee.avail_out == 0
        if flush == Z_FINISH && status != Z_STREAM_END { throw ZipWriter.Failure.deflate(status) }
    }
}
