import NIOConcurrencyHelpers
import NIOPosix
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
/// - one more read-only connection on a thread of its own for look-ups of one row by its key:
///   a request's token or session, the plan's version for the report cache; so that signing a
///   request in (and so every change) never waits behind reports;
/// - at most ``maxWaitingReads`` reads waiting for a reader: one more is answered 503 with
///   `Retry-After` at once, rather than queued without bound behind work whose clients may
///   long have gone.
///
/// A write is answered only once its transaction has committed (`synchronous = EXTRA`). The
/// changes that arrive while one commits are made together in the next transaction, each in a
/// savepoint of its own (group commit: one sync for all of them); if that transaction cannot
/// commit, each change is made again in a transaction of its own.
final class PlanService: Sendable {
    private struct Job: Sendable {
        let body: @Sendable (PlanStore) throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

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
    private let checker: Box
    private let checkerThread: NIOThreadPool
    /// Reads asked for and not finished (running or waiting for a reader).
    private let readsInHand = NIOLockedValueBox(0)
    let maxWaitingReads: Int
    /// Changes waiting for the writer, and whether it is draining them.
    private let queue = NIOLockedValueBox<(jobs: [Job], draining: Bool)>(([], false))

    /// Opens the plan (applying pending migrations on the writer) and `readers` read-only
    /// connections. `busyTimeout` (ms) is how long a statement waits for the CLI's or another
    /// process's lock before the request is answered 503.
    init(path: String, readers: Int = 3, busyTimeout: Int32 = 2_000, maxWaitingReads: Int = 256) throws {
        self.path = path
        self.maxWaitingReads = maxWaitingReads
        writer = Box(try PlanStore.open(path: path, policy: .existing, busyTimeout: busyTimeout).0)
        var boxes: [Box] = []
        for _ in 0..<readers { boxes.append(Box(try PlanStore.openForReading(path: path, busyTimeout: busyTimeout, cacheKiB: 32 * 1024))) }
        idleReaders = NIOLockedValueBox(boxes)
        checker = Box(try PlanStore.openForReading(path: path, busyTimeout: busyTimeout))
        writerThread = NIOThreadPool(numberOfThreads: 1)
        readerThreads = NIOThreadPool(numberOfThreads: readers)
        checkerThread = NIOThreadPool(numberOfThreads: 1)
        writerThread.start()
        readerThreads.start()
        checkerThread.start()
        readerCount = readers
    }

    private let readerCount: Int

    /// Runs `body` on a read-only connection, off the event loop; 503 at once when
    /// ``maxWaitingReads`` reads are waiting already.
    func read<T: Sendable>(_ body: @escaping @Sendable (PlanStore) throws -> T) async throws -> T {
        let limit = readerCount + maxWaitingReads
        guard readsInHand.withLockedValue({ count -> Bool in
            guard count < limit else { return false }
            count += 1
            return true
        }) else {
            throw Problem(.serviceUnavailable, "the server is busy with other requests; try again shortly", retryAfter: 1)
        }
        defer { readsInHand.withLockedValue { $0 -= 1 } }
        return try await readerThreads.runIfActive { [idleReaders] in
            // The pool has as many threads as connections: one is always idle here.
            guard let box = idleReaders.withLockedValue({ $0.popLast() }) else { throw ServiceError.noReader }
            defer { idleReaders.withLockedValue { $0.append(box) } }
            return try body(box.store)
        }
    }

    /// Runs `body` (a look-up of one row by its key: a token, a session, the plan's version) on
    /// the connection kept for look-ups, so that it never waits behind the reports on the readers.
    func lookUp<T: Sendable>(_ body: @escaping @Sendable (PlanStore) throws -> T) async throws -> T {
        try await checkerThread.runIfActive { [checker] in try body(checker.store) }
    }

    /// Runs `body` (a change) on the writer connection, after the changes asked for before it,
    /// and returns once it has committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (PlanStore) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            let job = Job(body: { try body($0) }, continuation: continuation)
            let drain = queue.withLockedValue { state -> Bool in
                state.jobs.append(job)
                if state.draining { return false }
                state.draining = true
                return true
            }
            if drain {
                writerThread.submit { [self] _ in self.drain() }
            }
        }
        guard let result = value as? T else { throw ServiceError.noReader }
        return result
    }

    /// On the writer thread: the waiting changes, a batch at a time, until none is left.
    private func drain() {
        while true {
            let jobs = queue.withLockedValue { state -> [Job] in
                let jobs = state.jobs
                state.jobs = []
                if jobs.isEmpty { state.draining = false }
                return jobs
            }
            if jobs.isEmpty { return }
            run(jobs)
        }
    }

    private func run(_ jobs: [Job]) {
        let store = writer.store
        guard jobs.count > 1 else {
            let job = jobs[0]
            job.continuation.resume(with: Result { try job.body(store) })
            return
        }
        var results: [Result<any Sendable, any Error>] = []
        do {
            try store.batch {
                results = jobs.map { job in Result { try store.attempt { try job.body(store) } } }
            }
        } catch {
            // The batch did not commit (nothing of it is in the file): each change on its own.
            for job in jobs { job.continuation.resume(with: Result { try job.body(store) }) }
            return
        }
        for (job, result) in zip(jobs, results) { job.continuation.resume(with: result) }
    }

    /// Waits for the work in hand and stops the threads (at shutdown).
    func shutdown() async throws {
        try await writerThread.shutdownGracefully()
        try await readerThreads.shutdownGracefully()
        try await checkerThread.shutdownGracefully()
    }

    enum ServiceError: Error { case noReader }
}
