import Hummingbird
import HummingbirdAuth
import NIOConcurrencyHelpers
import NIOCore
import WorkPlan

#if canImport(Glibc)
import Glibc
#endif

/// Each request's context: who it acts as, its session, and the client's address.
struct ServerContext: AuthRequestContext, RequestContext {
    typealias Identity = Authenticated

    var coreContext: CoreRequestContextStorage
    var identity: Authenticated?
    /// The signed-in browser's session (its forms' CSRF token), when the request came with one.
    var session: WebSession?
    /// The hash of that session's id, to end it on sign-out.
    var sessionHash: String?
    /// The peer's IP address, for the sign-in limit.
    let clientAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Request bodies are small JSON objects.
    var maxUploadSize: Int { 64 * 1024 }
}

/// Signs a request in by its bearer token or its session cookie. A bearer token that does not
/// authenticate is refused at once (401), never taken as no token.
struct CredentialsMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let plan: PlanService
    let sessions: Sessions
    /// Token secrets already checked with bcrypt, by token id: bcrypt runs once per token.
    let verified: NIOLockedValueBox<[Int64: String]>

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var context = context
        if let bearer = request.headers.bearer {
            let token = bearer.token
            let known = verified.withLockedValue { $0 }
            guard let (who, checkedNow) = try await plan.read({ store in
                try store.authenticate(token: token, verified: { id, secret in known[id] == secret })
            }) else {
                throw Problem(.unauthorized, "the bearer token is not valid: unknown, revoked, expired, or its user disabled")
            }
            if checkedNow, let id = who.tokenID {
                let secret = String(token.split(separator: "_", maxSplits: 2).last ?? "")
                verified.withLockedValue { $0[id] = secret }
            }
            context.identity = who
        } else if let (session, hash) = try await sessions.session(request) {
            // Read afresh on every request: a disabled user or a changed password is refused at once.
            context.identity = Authenticated(account: session.account, readOnly: false, tokenID: nil)
            context.session = session
            context.sessionHash = hash
        }
        return try await next(request, context)
    }
}

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
            return longest.map { max(1, min(Int(window), Int(exactly: $0.rounded(.up)) ?? Int(window))) }
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
