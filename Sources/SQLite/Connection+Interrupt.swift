import CSQLite

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C during a long statement: the signal handler asks SQLite to stop (the statement fails
/// with `.interrupt`, and the transaction around it rolls back) and raises a flag that long
/// loops between statements check.
extension Connection {
    nonisolated(unsafe) private static var interruptTarget: OpaquePointer?
    nonisolated(unsafe) private static var interruptFlag: sig_atomic_t = 0

    /// Whether SIGINT or SIGTERM arrived since ``interruptOnSignals()``.
    public static var interruptRequested: Bool { interruptFlag != 0 }

    /// Makes SIGINT and SIGTERM interrupt this connection's work instead of killing the process.
    public func interruptOnSignals() {
        Connection.interruptTarget = handle
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            Connection.interruptFlag = 1
            if let target = Connection.interruptTarget { sqlite3_interrupt(target) }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
    }
}
