import CSQLite

/// A way to stop a connection's running statement from elsewhere: another thread, or a
/// signal handler that the executable installs (the library installs none). It holds the
/// bare handle, so that reading it needs no reference counting; it must not outlive its
/// connection's use.
public struct Interruptor: @unchecked Sendable {
    let handle: OpaquePointer

    /// Asks the running statement to stop; it fails with `.interrupt` and the transaction
    /// around it rolls back. See <https://www.sqlite.org/c3ref/interrupt.html>.
    public func interrupt() {
        sqlite3_interrupt(handle)
    }
}

extension Connection {
    /// What stops this connection's running statement from elsewhere.
    public var interruptor: Interruptor { Interruptor(handle: handle) }
}
