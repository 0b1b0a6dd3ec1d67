import WorkPlan

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C (SIGINT) or SIGTERM while a command works on the plan: the handler asks SQLite to
/// stop the running statement (it fails, and the transaction around it rolls back: exit 130)
/// and raises a flag that long loops between statements ask about (the import). The process
/// is the executable's: the library installs no handler.
enum Interrupt {
    nonisolated(unsafe) private static var target: PlanInterruptor?
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// Whether SIGINT or SIGTERM arrived since ``watch(_:)``.
    static var requested: Bool { flag != 0 }

    /// Makes SIGINT and SIGTERM stop the work of `store` instead of killing the process.
    static func watch(_ store: PlanStore) {
        target = store.interruptor
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            Interrupt.flag = 1
            Interrupt.target?.interrupt()
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
    }
}
