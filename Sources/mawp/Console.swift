import Rendering
import WorkPlan

#if canImport(Glibc)
import Glibc
#endif

/// Where output goes: stdout for results, stderr for errors, and nothing else.
enum Console {
    /// The error number of the first write to stdout that failed (a full disk, a closed file):
    /// `Mawp.main` turns it into one message and exit 74 once the command has run.
    nonisolated(unsafe) private(set) static var outputFailure: Int32?

    /// Writes `text` to stdout as it is.
    static func out(_ text: String) {
        write(text, to: STDOUT_FILENO)
    }

    /// Says what a change did: `changed`, or why nothing was written.
    static func outcome(_ outcome: ChangeOutcome, changed: String) {
        switch outcome {
        case .changed: out(Terminal.safe(changed) + "\n")
        case .unchanged(let reason): out(Terminal.safe(reason) + "\n")
        }
    }

    static func error(_ error: MawpError) {
        var text = "Error: \(Terminal.safe(error.message))\n"
        if let hint = error.hint { text += "Hint: \(Terminal.safe(hint))\n" }
        write(text, to: STDERR_FILENO)
    }

    /// Writes `text` to stderr as it is.
    static func errorText(_ text: String) {
        write(text, to: STDERR_FILENO)
    }

    /// Writes all of `text` with as few system calls as it takes (one, for most output), from
    /// the string's own storage (a report of tens of megabytes is not copied to be written).
    private static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = bytes.baseAddress.map { Glibc.write(fd, $0 + offset, bytes.count - offset) } ?? 0
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    if fd == STDOUT_FILENO && outputFailure == nil { outputFailure = written < 0 ? errno : EIO }
                    return
                }
                offset += written
            }
        }
    }

    /// The width of the terminal stdout is, in columns; nil when it is not one (pipes and
    /// files get lines whole).
    static var width: Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Colour for stdout: only on a terminal, never with NO_COLOR set (non-empty) or TERM=dumb.
    static var style: Style {
        let noColor = getenv("NO_COLOR").map { String(cString: $0) } ?? ""
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        return Style(colour: isatty(STDOUT_FILENO) == 1 && noColor.isEmpty && term != "dumb")
    }
}

/// The process environment, read without Foundation.
enum Environment {
    static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        let value = String(cString: raw)
        return value.isEmpty ? nil : value
    }

    /// The login name: `getlogin_r`, else the password entry of the effective user, else $USER.
    static var loginName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        if getlogin_r(&buffer, buffer.count) == 0, buffer[0] != 0 {
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return value("USER") ?? "unknown"
    }

    static var homeDirectory: String? {
        if let home = value("HOME") { return home }
        if let entry = getpwuid(geteuid()), let dir = entry.pointee.pw_dir { return String(cString: dir) }
        return nil
    }
}
