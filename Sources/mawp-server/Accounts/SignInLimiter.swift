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

    /// Counts an attempt for `user` from `address` before it is checked, so that many sent at
    /// once cannot all pass: nil when it may go ahead (it counts as a failure until
    /// ``succeeded(user:address:)`` or ``withdraw(user:address:)``), else the seconds to wait.
    func attempt(user: String, address: String) -> Int? {
        let now = Self.now()
        return failures.withLockedValue { table in
            var longest: Double?
            for (key, limit) in keys(user: user, address: address) {
                let recent = (table[key] ?? []).filter { now - $0 < window }
                table[key] = recent.isEmpty ? nil : recent
                if recent.count >= limit, let oldest = recent.first {
                    longest = max(longest ?? 0, window - (now - oldest))
                }
            }
            if let longest {
                // At least a second, at most the window.
                let seconds = longest.rounded(.up)
                return max(1, min(Int(window), Int(exactly: seconds) ?? Int(window)))
            }
            record(now, user: user, address: address, in: &table)
            return nil
        }
    }

    private func record(_ now: Double, user: String, address: String, in table: inout [String: [Double]]) {
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

    /// The attempt succeeded: the user's failures from that address are forgotten, and the
    /// attempt no longer counts against the address.
    func succeeded(user: String, address: String) {
        failures.withLockedValue { table in
            let keys = keys(user: user, address: address)
            let (userKey, addressKey) = (keys[0].0, keys[1].0)
            table[userKey] = nil
            if var list = table[addressKey], !list.isEmpty {
                list.removeLast()
                table[addressKey] = list.isEmpty ? nil : list
            }
        }
    }

    /// The attempt was refused for another reason than a wrong secret (an unsuitable new
    /// password): it does not count.
    func withdraw(user: String, address: String) {
        failures.withLockedValue { table in
            for (key, _) in keys(user: user, address: address) {
                if var list = table[key], !list.isEmpty {
                    list.removeLast()
                    table[key] = list.isEmpty ? nil : list
                }
            }
        }
    }
}
