import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// Failed sign-ins, limited per user and address together, and per address (DESIGN §8):
/// after `perUserAndAddress` failures for one name from one address, or `perAddress` from one
/// address, within `window` seconds, further attempts from there are answered 429 until the
/// oldest failure leaves the window. Nobody can lock a user out from another address. The table
/// forgets what has left the window and holds at most `capacity` keys, so that a flood of
/// made-up names costs bounded memory.
final class SignInLimiter: Sendable {
    let perUserAndAddress: Int
    let perAddress: Int
    let window: Double
    let capacity: Int
    private let failures = NIOLockedValueBox<[String: [Double]]>([:])

    init(perUserAndAddress: Int = 5, perAddress: Int = 20, window: Double = 900, capacity: Int = 50_000) {
        self.perUserAndAddress = perUserAndAddress
        self.perAddress = perAddress
        self.window = window
        self.capacity = capacity
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    private func keys(user: String, address: String) -> [(String, Int)] {
        [("user:" + user.lowercased() + "@" + address, perUserAndAddress), ("address:" + address, perAddress)]
    }

    /// Seconds to wait before another attempt for `user` from `address`, or nil when allowed.
    func wait(user: String, address: String) -> Int? {
        let now = Self.now()
        return failures.withLockedValue { table in
            var longest: Double?
            for (key, limit) in keys(user: user, address: address) {
                guard let all = table[key] else { continue }
                let recent = all.filter { now - $0 < window }
                table[key] = recent.isEmpty ? nil : recent
                if recent.count >= limit, let oldest = recent.first {
                    longest = max(longest ?? 0, window - (now - oldest))
                }
            }
            // At least a second, at most the window.
            return longest.map { wait in
                let seconds = wait.rounded(.up)
                return max(1, min(Int(window), Int(exactly: seconds) ?? Int(window)))
            }
        }
    }

    func failed(user: String, address: String) {
        let now = Self.now()
        failures.withLockedValue { table in
            if table.count >= capacity {
                table = table.filter { now - ($0.value.last ?? 0) < window }
                // Still full of recent failures: the oldest half goes (an address flooding made-up names).
                if table.count >= capacity {
                    let kept = table.sorted { ($0.value.last ?? 0) > ($1.value.last ?? 0) }.prefix(capacity / 2)
                    table = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
                }
            }
            for (key, limit) in keys(user: user, address: address) {
                var list = table[key, default: []]
                list.append(now)
                // Only the newest `limit` failures matter for the wait.
                if list.count > limit { list.removeFirst(list.count - limit) }
                table[key] = list
            }
        }
    }

    func succeeded(user: String, address: String) {
        _ = failures.withLockedValue { $0.removeValue(forKey: "user:" + user.lowercased() + "@" + address) }
    }
}
