import NIOConcurrencyHelpers

/// Reports made for the plan's current version, by question (format, date, group, moment,
/// comparison, frameworks). A report is a function of those and of the event log, and every
/// change appends an event, so an entry is good until the version moves on; then all go.
/// Pages that say when they were made (HTML) are not kept. At most `capacity` entries and
/// `maxBytes` of text are kept: past either, the cache starts again, so that many different
/// questions (every date of a year, say) cost bounded memory.
final class ReportCache: Sendable {
    private struct State {
        var version: Int64 = -1
        var entries: [String: String] = [:]
        var bytes = 0
    }

    private let state = NIOLockedValueBox(State())
    let capacity = 256
    let maxBytes = 16 << 20

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
