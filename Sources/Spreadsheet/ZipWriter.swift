import CZlib

/// A ZIP archive written whole in memory (APPNOTE 6.3.10, without ZIP64: an xlsx of mawp's is
/// far below 4 GiB). Entries are deflated with the system zlib. Every entry carries the same
/// fixed time, so the same workbook is the same bytes.
///
/// Written here rather than with ZIPFoundation: that library imports the whole of Foundation,
/// whose loading adds about 3 ms to every mawp command's start-up, xlsx or not (README,
/// "Spreadsheets").
struct ZipWriter {
    private(set) var bytes: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    enum Failure: Error { case deflate(Int32), tooLarge }

    /// 1980-01-01 00:00, the first moment MS-DOS dates can hold.
    private static let dosTime: UInt16 = 0
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1

    mutating func add(_ name: String, _ data: [UInt8]) throws {
        let compressed = try Self.deflate(data)
        let crc = data.withUnsafeBufferPointer { buffer in
            UInt32(crc32(0, buffer.baseAddress, uInt(buffer.count)))
        }
        guard bytes.count < Int(UInt32.max) - compressed.count - 1024, data.count < Int(UInt32.max) else { throw Failure.tooLarge }
        let offset = UInt32(bytes.count)
        let nameBytes = Array(name.utf8)
        // Local file header.
        Self.append32(&bytes, 0x0403_4b50)
        Self.append16(&bytes, 20)                       // version needed: 2.0 (deflate)
        Self.append16(&bytes, 0x0800)                   // names are UTF-8
        Self.append16(&bytes, 8)                        // deflate
        Self.append16(&bytes, Self.dosTime)
        Self.append16(&bytes, Self.dosDate)
        Self.append32(&bytes, crc)
        Self.append32(&bytes, UInt32(compressed.count))
        Self.append32(&bytes, UInt32(data.count))
        Self.append16(&bytes, UInt16(nameBytes.count))
        Self.append16(&bytes, 0)                        // no extra field
        bytes += nameBytes
        bytes += compressed
        // Its central directory record.
        Self.append32(&central, 0x0201_4b50)
        Self.append16(&central, 20)                     // made by: MS-DOS attributes, version 2.0
        Self.append16(&central, 20)
        Self.append16(&central, 0x0800)
        Self.append16(&central, 8)
        Self.append16(&central, Self.dosTime)
        Self.append16(&central, Self.dosDate)
        Self.append32(&central, crc)
        Self.append32(&central, UInt32(compressed.count))
        Self.append32(&central, UInt32(data.count))
        Self.append16(&central, UInt16(nameBytes.count))
        Self.append16(&central, 0)                      // extra
        Self.append16(&central, 0)                      // comment
        Self.append16(&central, 0)                      // disk
        Self.append16(&central, 0)                      // internal attributes
        Self.append32(&central, 0)                      // external attributes
        Self.append32(&central, offset)
        central += nameBytes
        count += 1
    }

    /// The archive: the entries, their central directory and its end record.
    mutating func finish() throws -> [UInt8] {
        guard count < Int(UInt16.max), bytes.count + central.count < Int(UInt32.max) else { throw Failure.tooLarge }
        let directoryOffset = UInt32(bytes.count)
        bytes += central
        Self.append32(&bytes, 0x0605_4b50)
        Self.append16(&bytes, 0)
        Self.append16(&bytes, 0)
        Self.append16(&bytes, UInt16(count))
        Self.append16(&bytes, UInt16(count))
        Self.append32(&bytes, UInt32(central.count))
        Self.append32(&bytes, directoryOffset)
        Self.append16(&bytes, 0)                        // no comment
        central = []
        return bytes
    }

    /// Raw deflate (no zlib header or checksum), at zlib's default level.
    static func deflate(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        var status = mawp_deflate_init_raw(&stream, Z_DEFAULT_COMPRESSION)
        guard status == Z_OK else { throw Failure.deflate(status) }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        let produced = try input.withUnsafeBufferPointer { source -> Int in
            try output.withUnsafeMutableBufferPointer { target -> Int in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                status = CZlib.deflate(&stream, Z_FINISH)
                guard status == Z_STREAM_END else { throw Failure.deflate(status) }
                return Int(stream.total_out)
            }
        }
        output.removeSubrange(produced...)
        return output
    }

    private static func append16(_ out: inout [UInt8], _ value: UInt16) {
        out.append(UInt8(truncatingIfNeeded: value))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    private static func append32(_ out: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
