import Hummingbird
import HummingbirdAuth
import NIOConcurrencyHelpers
import NIOCore
import WorkPlan

#if canImport(Glibc)
import Glibc
#endif

/// What a signed-in browser's session holds: the user's name (the account is read again on
/// every request, so a disabled user is refused at once).
struct SessionUser: Codable, Sendable {
    /// Nil before sign-in (a visitor on the sign-in page).
    let user: String?
    /// The session's CSRF token: every form of its pages carries it.
    let csrf: String
}

/// Each request's context: who it acts as, its session, and the client's address.
struct ServerContext: AuthRequestContext, SessionRequestContext, RequestContext {
    typealias Identity = Authenticated
    typealias Session = SessionUser

    var coreContext: CoreRequestContextStorage
    var identity: Authenticated?
    let sessions: SessionContext<SessionUser>
    /// The peer's IP address, for the sign-in limit.
    let clientAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        sessions = .init()
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
        } else if let session = context.sessions.session, let name = session.user {
            let account = try await plan.read { store -> Account? in
                try store.isActive(name) ? try store.account(named: name) : nil
            }
            if let account {
                context.identity = Authenticated(account: account, readOnly: false, tokenID: nil)
            } else {
                context.sessions.clearSession()
            }
        }
        return try await next(request, context)
    }
}

/// Failed sign-ins, limited per account and per address (DESIGN §8): after `perAccount`
/// failures for one name, or `perAddress` from one address, within `window` seconds, further
/// attempts are answered 429 until the oldest failure leaves the window.
final class SignInLimiter: Sendable {
    let perAccount: Int
    let perAddress: Int
    let window: Double
    private let failures = NIOLockedValueBox<[String: [Double]]>([:])

    init(perAccount: Int = 5, perAddress: Int = 20, window: Double = 900) {
        self.perAccount = perAccount
        self.perAddress = perAddress
        self.window = window
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Seconds to wait before another attempt for `user` from `address`, or nil when allowed.
    func wait(user: String, address: String) -> Int? {
        let now = Self.now()
        return failures.withLockedValue { table in
            var longest: Double?
            for (key, limit) in [("user:" + user.lowercased(), perAccount), ("address:" + address, perAddress)] {
                let recent = (table[key] ?? []).filter { now - $0 < window }
                table[key] = recent
                if recent.count >= limit, let oldest = recent.first {
                    longest = max(longest ?? 0, window - (now - oldest))
                }
            }
            return longest.map { max(1, Int($0.rounded(.up))) }
        }
    }

    func failed(user: String, address: String) {
        let now = Self.now()
        failures.withLockedValue { table in
            table["user:" + user.lowercased(), default: []].append(now)
            table["address:" + address, default: []].append(now)
        }
    }

    func succeeded(user: String) {
        _ = failures.withLockedValue { $0.removeValue(forKey: "user:" + user.lowercased()) }
    }
}
