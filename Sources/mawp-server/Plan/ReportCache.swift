import NIOConcurrencyHelpers

/// Reports made for the plan's current version, by question (format, date, group, moment,
/// comparison, frameworks). A report is a function of those and of the event log, and every
/// change appends an event, so an entry is good until the version moves on; then all go.
/// Pages that say when they were made (HTML) are not kept. At most `capacity` entries and
/// `maxBytes` of text are kept: past either, the cache starts again, so that many different
/// questions (every date of a year, say) cost bounded memory.
///
/// A report not yet made is made once per version however many ask for it at once (single
/// flight, ``answer(_:version:make:)``): the others wait for that answer rather than each
/// computing it, so that a write during a burst of requests costs one computation, not one per
/// connection.
final class ReportCache: Sendable {
    private struct State {
        var version: Int64 = -1
        var entries: [String: String] = [:]
        var bytes = 0
    }

    private let state = NIOLockedValueBox(State())
    let capacity = 256
    let maxBytes = 16 << 20

    /// The reports being made, by version and question.
    private let flights = NIOLockedValueBox<[String: Task<String, any Error>]>([:])

    /// The report `key` for `version`: kept, or being made by another request (its answer,
    /// when it comes), or made now by `make`. `make` reads the plan afresh and may answer for a
    /// later version (a write came in between): never an earlier one, so that a client reads
    /// its own writes.
    func answer(_ key: String, version: Int64, make: @escaping @Sendable () async throws -> String) async throws -> String {
        if let kept = get(key, version: version) { return kept }
        let flight = "\(version)|\(key)"
        let (task, leads) = flights.withLockedValue { flights -> (Task<String, any Error>, Bool) in
            if let running = flights[flight] { return (running, false) }
            let task = Task { try await make() }
            flights[flight] = task
            return (task, true)
        }
        guard leads else { return try await task.value }
        defer { _ = flights.withLockedValue { $0.removeValue(forKey: flight) } }
        return try await task.value
    }

    func get(_ key: String, version: Int64) -> String? {
        state.withLockedValue { $0.version == version ? $0.entries[key] : nil }
    }

    func put(_ key: String, version: Int64, _ text: String) {
        let size = text.utf8.count + key.utf8.count
        guard size <= maxBytes / 4 else { return }
        state.withLockedValue { state in
            if state.version != version {
                guard version > state.version else { return }
                state = State(version: version)
            }
            if state.entries.count >= capacity || state.bytes + size > maxBytes { state = State(version: version) }
            if let old = state.entries.updateValue(text, forKey: key) { state.bytes -= old.utf8.count + key.utf8.count }
            state.bytes += size
        }
    }
}
