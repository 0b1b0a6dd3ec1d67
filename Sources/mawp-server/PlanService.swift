import NIOConcurrencyHelpers
import NIOPosix
import SQLite
import WorkPlan

/// The plan as the server shares it between requests (DESIGN §8). SQLite calls block, so none
/// runs on an event-loop thread:
///
/// - one writer connection, whose work runs on a thread of its own, one change after another
///   (SQLite allows one writer at a time anyway, and this keeps the order of acknowledgements
///   the order of commits);
/// - a few read-only connections on a pool of threads, one connection per thread, so reports
///   and lists run side by side and beside a write (rollback journal: a read holds a shared
///   lock only while it runs).
///
/// A write is answered only once its transaction has committed (`synchronous = EXTRA`).
final class PlanService: Sendable {
    /// A store used by one thread at a time: the writer thread, or the reader holding it.
    private final class Box: @unchecked Sendable {
        let store: PlanStore
        init(_ store: PlanStore) { self.store = store }
    }

    let path: String
    private let writer: Box
    private let writerThread: NIOThreadPool
    private let readerThreads: NIOThreadPool
    private let idleReaders: NIOLockedValueBox<[Box]>

    /// Opens the plan (applying pending migrations on the writer) and `readers` read-only
    /// connections. `busyTimeout` (ms) is how long a statement waits for the CLI's or another
    /// process's lock before the request is answered 503.
    init(path: String, readers: Int = 3, busyTimeout: Int32 = 2_000) throws {
        self.path = path
        writer = Box(try PlanStore.open(path: path, policy: .existing, busyTimeout: busyTimeout).0)
        var boxes: [Box] = []
        for _ in 0..<readers { boxes.append(Box(try PlanStore.openForReading(path: path, busyTimeout: busyTimeout))) }
        idleReaders = NIOLockedValueBox(boxes)
        writerThread = NIOThreadPool(numberOfThreads: 1)
        readerThreads = NIOThreadPool(numberOfThreads: readers)
        writerThread.start()
        readerThreads.start()
    }

    /// Runs `body` on a read-only connection, off the event loop.
    func read<T: Sendable>(_ body: @escaping @Sendable (PlanStore) throws -> T) async throws -> T {
        try await readerThreads.runIfActive { [idleReaders] in
            // The pool has as many threads as connections: one is always idle here.
            guard let box = idleReaders.withLockedValue({ $0.popLast() }) else { throw ServiceError.noReader }
            defer { idleReaders.withLockedValue { $0.append(box) } }
            return try body(box.store)
        }
    }

    /// Runs `body` (a change, in its own transaction) on the writer connection, after the
    /// changes asked for before it.
    func write<T: Sendable>(_ body: @escaping @Sendable (PlanStore) throws -> T) async throws -> T {
        try await writerThread.runIfActive { [writer] in try body(writer.store) }
    }

    /// Waits for the work in hand and stops the threads (at shutdown).
    func shutdown() async throws {
        try await writerThread.shutdownGracefully()
        try await readerThreads.shutdownGracefully()
    }

    enum ServiceError: Error { case noReader }
}
