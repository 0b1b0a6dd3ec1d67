import Hummingbird
import HummingbirdAuth
import HTTPTypes
import NIOConcurrencyHelpers
import WorkPlan

/// Signs a request in by its bearer token or its session cookie. A bearer token that does not
/// authenticate is refused at once (401), never taken as no token.
struct CredentialsMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let plan: PlanService
    let sessions: Sessions
    /// Reads are open to anyone (`--public-read`).
    let publicRead: Bool
    /// Behind a proxy on loopback: the client is the last address of X-Forwarded-For.
    let trustForwardedFor: Bool
    /// Token secrets already checked with bcrypt, by token id: bcrypt runs once per token.
    let verified = NIOLockedValueBox<[Int64: String]>([:])
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var context = context
        context.publicRead = publicRead
        context.target = request.uri.path + (request.uri.query.map { $0.isEmpty ? "" : "?" + $0 } ?? "")
        if trustForwardedFor, ["127.0.0.1", "::1"].contains(context.clientAddress), let name = Self.forwardedFor,
           let forwarded = request.headers[name]?.split(separator: ",").last {
            context.clientAddress = String(forwarded).trimmingWhitespace()
        }
        if let bearer = request.headers.bearer {
            let refused = Problem(.unauthorized, "the bearer token is not valid: unknown, revoked, expired, or its user disabled")
            guard let token = APIToken(bearer.token) else { throw refused }
            let known = verified.withLockedValue { $0[token.id] }.map { Sessions.constantTimeEqual($0, token.secret) } ?? false
            guard let (who, checkedNow) = try await plan.read({ store in
                try store.authenticate(token: token, verified: { _, _ in known })
            }) else { throw refused }
            if checkedNow { verified.withLockedValue { $0[token.id] = token.secret } }
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
