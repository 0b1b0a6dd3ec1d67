#if canImport(Glibc)
import Glibc
#endif

/// The system's sendmail interface (DESIGN §11): `PROGRAM -t -oi`, the message on its standard
/// input; the recipients come from the message's `To`. Every Debian mail transfer agent
/// provides `/usr/sbin/sendmail` so (msmtp-mta, exim4, postfix, nullmailer).
struct Sendmail {
    let program: String

    enum Failure: Error, CustomStringConvertible {
        case cannotStart(String, Int32)
        case refused(String, Int32)
        case killed(String, Int32)

        var description: String {
            switch self {
            case .cannotStart(let program, let error): return "cannot start \(program): \(String(cString: strerror(error)))"
            case .refused(let program, let status): return "\(program) refused the message (exit \(status))"
            case .killed(let program, let signal): return "\(program) was stopped by signal \(signal)"
            }
        }
    }

    /// Hands `message` over; throws unless the program read all of it and exited 0. Its own messages go to
    /// our standard error. A program that stops reading early makes writes fail with EPIPE
    /// (SIGPIPE is ignored by the command), never kills mawp.
    func send(_ message: String) throws {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw Failure.cannotStart(program, errno) }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, readEnd, STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        // Its standard output is ours to keep clean (mawp's stdout is results): to stderr.
        posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO)
        let arguments = [program, "-t", "-oi"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        // posix_spawnp: a name without a slash (`--sendmail msmtp`) is looked for on PATH.
        let spawned = posix_spawnp(&pid, program, &actions, nil, &argv, environ)
        close(readEnd)
        guard spawned == 0 else {
            close(writeEnd)
            throw Failure.cannotStart(program, spawned)
        }
        var text = message
        let whole = text.withUTF8 { bytes -> Bool in
            var offset = 0
            while offset < bytes.count, let base = bytes.baseAddress {
                let written = write(writeEnd, base + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { break }
                offset += written
            }
            return offset == bytes.count
        }
        close(writeEnd)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        if signal != 0 { throw Failure.killed(program, signal) }
        let exit = (status >> 8) & 0xff
        if exit != 0 { throw Failure.refused(program, exit) }
        // A program that stopped reading before the end did not take the message, whatever it says.
        if !whole { throw Failure.refused(program, exit) }
    }
}
