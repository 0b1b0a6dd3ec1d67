import Hummingbird
import HummingbirdAuth
import HTTPTypes
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
            // Looked up on the credentials' own connection; a token still kept as bcrypt (from
            // before SHA-256) is checked on a reader, so that 0.3 s of bcrypt (a wrong secret sent
            // again and again) never holds up the others' sign-in.
            let found: (Authenticated, rehash: String?)?
            do {
                found = try await plan.lookUp { store in try store.authenticate(token: token, slowChecks: false) }
            } catch is PlanStore.SlowTokenCheck {
                found = try await plan.read { store in try store.authenticate(token: token) }
            }
            guard let (who, rehash) = found else { throw refused }
            context.identity = who
            // A token made before tokens were kept as SHA-256 has a bcrypt hash: its SHA-256 is
            // stored in its place once the request has succeeded (a refusal leaves the file as it was).
            if let rehash {
                let response = try await next(request, context)
                // Best effort: a plan that cannot be written (a full disk, a read-only file) keeps the
                // bcrypt hash, checked again next time, and the request is answered all the same.
                if response.status.code < 400 { _ = try? await plan.write { store in try store.rehashToken(token.id, to: rehash) } }
                return response
            }
        } else if let (session, hash) = try await sessions.session(request) {
            // Read afresh on every request: a disabled user or a changed password is refused at once.
            context.identity = Authenticated(account: session.account, readOnly: false, tokenID: nil)
            context.session = session
            context.sessionHash = hash
        }
        return try await next(request, context)
    }
}
