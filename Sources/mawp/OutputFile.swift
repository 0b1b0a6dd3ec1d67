import ArgumentParser
import Rendering
import OpenXML
import WorkPlan

#if canImport(Glibc)
import Glibc
#endif

/// Where a command's output goes, written in pieces: stdout, or a file that appears whole or
/// not at all (a temporary file beside it, flushed to disk, then renamed over it).
struct OutputFile: TextSink {
    private let fd: Int32
    private let path: String?
    private let temporary: String?
    private var buffer: [UInt8] = []

    static func standardOutput() -> OutputFile {
        OutputFile(fd: STDOUT_FILENO, path: nil, temporary: nil)
    }

    private init(fd: Int32, path: String?, temporary: String?) {
        self.fd = fd
        self.path = path
        self.temporary = temporary
        buffer.reserveCapacity(1 << 16)
    }

    /// Starts writing `path` (through a temporary file beside it).
    static func create(_ path: String) throws -> OutputFile {
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw MawpError(.cannotCreate, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        return OutputFile(fd: fd, path: path, temporary: temporary)
    }

    /// Writes `text` whole to `path`, or leaves `path` as it was.
    static func write(_ text: String, to path: String) throws {
        var file = try create(path)
        do {
            try file.write(text)
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }

    mutating func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    mutating func write(bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Writes `bytes` whole to `path`, or to stdout when there is none.
    static func write(bytes: [UInt8], to path: String?) throws {
        var file = try path.map(create) ?? standardOutput()
        do {
            try file.write(bytes: bytes)
            try file.commit()
        } catch {
            file.abandon()
            throw error
        }
    }

    private mutating func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                bytes.baseAddress.map { Glibc.write(fd, $0 + offset, bytes.count - offset) } ?? 0
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes what is buffered; for a file, syncs it and renames it into place.
    mutating func commit() throws {
        try flush()
        guard let path, let temporary else { return }
        if fsync(fd) != 0 { throw failure(errno) }
        close(fd)
        if rename(temporary, path) != 0 { throw failure(errno) }
    }

    /// Gives up a file: the temporary file is removed and the target left as it was.
    func abandon() {
        guard let temporary else { return }
        close(fd)
        unlink(temporary)
    }

    private func failure(_ code: Int32) -> MawpError {
        let kind: MawpError.Kind = code == ENOSPC || code == EIO || code == EDQUOT || code == EFBIG ? .io : .cannotCreate
        return MawpError(kind, "cannot write \(path ?? "the output"): \(String(cString: strerror(code)))",
                         hint: path.map { "\($0) was left as it was" })
    }
}

/// `--format xlsx` (or docx): a binary file, refused to a terminal (before any work, as a usage error).
enum SpreadsheetOutput {
    static func validate(output: String?, format: String) throws {
        if output == nil && isatty(STDOUT_FILENO) == 1 {
            throw ValidationError("\(format) is a binary file: write it with --output FILE (or redirect the output to a file)")
        }
    }

    static func write(_ workbook: Workbook, to output: String?) throws {
        let bytes: [UInt8]
        do {
            bytes = try workbook.xlsx()
        } catch {
            throw refusal(error)
        }
        try OutputFile.write(bytes: bytes, to: output)
    }

    /// A workbook written as it is made (whole or not at all, like every output file).
    static func write(_ workbook: StreamedWorkbook, to output: String?) throws {
        // The sink is written from the workbook's closure: it is kept in a box.
        let box = SinkBox(try output.map(OutputFile.create) ?? .standardOutput())
        do {
            try workbook.write { try box.sink.write(bytes: $0) }
            try box.sink.commit()
        } catch {
            box.sink.abandon()
            throw refusal(error)
        }
    }

    private final class SinkBox {
        var sink: OutputFile
        init(_ sink: OutputFile) { self.sink = sink }
    }

    /// What a workbook that could not be made says.
    private static func refusal(_ error: Error) -> Error {
        switch error {
        case Workbook.Failure.tooManyRows(let sheet, let rows):
            return MawpError(.cannotCreate, "the \(sheet) sheet would have \(rows) rows, more than a spreadsheet holds (1,048,576)",
                             hint: "write this one as CSV or JSON (--format csv)")
        case Workbook.Failure.tooLarge: return MawpError(.cannotCreate, "cannot make an .xlsx file this large (its limit is 4 GiB)")
        default: return error
        }
    }
}

/// What a command made (Rendering's answer: text, or a workbook for `--format xlsx`), written.
extension Rendered {
    /// To `output` (whole or not at all, then a line that says what was written), else to stdout.
    func write(to output: String?, saying what: String) throws {
        switch self {
        case .text(let text):
            guard let output else { return Console.out(text) }
            try OutputFile.write(text, to: output)
        case .workbook(let workbook):
            try SpreadsheetOutput.write(workbook, to: output)
        case .document(let document):
            guard let bytes = try? document.docx() else { throw MawpError(.cannotCreate, "cannot make a .docx file this large (its limit is 4 GiB)") }
            try OutputFile.write(bytes: bytes, to: output)
        }
        if let output { Console.out("Wrote \(what) to \(output)\n") }
    }
}
