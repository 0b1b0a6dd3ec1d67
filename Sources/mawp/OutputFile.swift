import WorkPlan

#if canImport(Glibc)
import Glibc
#endif

/// Files written whole or not at all: a temporary file beside the target, flushed to disk,
/// then renamed over it.
enum OutputFile {
    static func write(_ text: String, to path: String) throws {
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw MawpError(.cannotCreate, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        var failure: Int32 = 0
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                buffer.baseAddress.map { Glibc.write(fd, $0 + offset, buffer.count - offset) } ?? 0
            }
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            offset += written
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            let kind: MawpError.Kind = failure == ENOSPC || failure == EIO || failure == EDQUOT ? .io : .cannotCreate
            throw MawpError(kind, "cannot write \(path): \(String(cString: strerror(failure)))", hint: "\(path) was left as it was")
        }
    }
}
