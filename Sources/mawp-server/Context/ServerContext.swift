import Hummingbird
import HummingbirdAuth
import WorkPlan

/// Each request's context as it arrives: who it acts as (set by ``CredentialsMiddleware``),
/// its browser session, and the client's address. Route groups narrow it (``ReaderContext``,
/// ``WriterContext``, ``PageContext``, ``AdminPageContext``): who may call a route is said by
/// the context of its group, once, and a handler receives an identity that is already there.
struct ServerContext: AuthRequestContext, RequestContext, MawpRequestContext {
    typealias Identity = Authenticated

    var coreContext: CoreRequestContextStorage
    var identity: Authenticated?
    /// The signed-in browser's session (its forms' CSRF token), when the request came with one.
    var session: WebSession?
    /// The hash of that session's id, to end it on sign-out.
    var sessionHash: String?
    /// The peer's IP address, or behind a trusted proxy the one it forwards (the sign-in limit).
    var clientAddress: String
    /// Whether the server opens reads to anyone (`--public-read`).
    var publicRead = false
    /// The path and query asked for, to come back to after signing in.
    var target = "/"

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// The routes that read the plan: a signed-in user or a token, unless the server opens reads
/// to anyone (`--public-read`). Refused: 401.
struct ReaderContext: ChildRequestContext, MawpRequestContext {
    var coreContext: CoreRequestContextStorage
    /// Nil only when reads are public.
    let who: Authenticated?

    init(context: ServerContext) throws {
        guard context.identity != nil || context.publicRead else {
            throw Problem(.unauthorized, "sign in, or send a token (Authorization: Bearer …)")
        }
        coreContext = context.coreContext
        who = context.identity
    }
}

/// The routes about the caller's own account: a signed-in user or a token, whatever
/// `--public-read` says. Refused: 401.
struct SignedInContext: ChildRequestContext, MawpRequestContext {
    var coreContext: CoreRequestContextStorage
    let who: Authenticated

    init(context: ServerContext) throws {
        guard let who = context.identity else { throw Problem(.unauthorized, "not signed in") }
        coreContext = context.coreContext
        self.who = who
    }
}

/// The routes that change the plan: a user, not through a read-only token (401, 403). What
/// the user may change is the plan's rule, checked by WorkPlan in the change's transaction.
struct WriterContext: ChildRequestContext, MawpRequestContext {
    var coreContext: CoreRequestContextStorage
    let who: Authenticated

    init(context: ServerContext) throws {
        guard let who = context.identity else { throw Problem(.unauthorized, "sign in, or send a token (Authorization: Bearer …)") }
        if who.readOnly { throw Problem(.forbidden, "this token reads only") }
        coreContext = context.coreContext
        self.who = who
    }
}

/// The web pages: a signed-in browser session. A visitor is sent to sign in and back
/// (``SignInFirst``).
struct PageContext: ChildRequestContext, MawpRequestContext {
    var coreContext: CoreRequestContextStorage
    let who: Authenticated
    /// The session's token, which every form of its pages carries.
    let csrf: String
    /// The session's id hash, to end it on sign-out.
    let sessionHash: String

    init(context: ServerContext) throws {
        guard let who = context.identity, let session = context.session, let hash = context.sessionHash else {
            throw SignInFirst(target: context.target)
        }
        coreContext = context.coreContext
        self.who = who
        csrf = session.csrf
        sessionHash = hash
    }
}

/// The administrators' pages: a signed-in admin. Others get a 403 page.
struct AdminPageContext: ChildRequestContext, MawpRequestContext {
    var coreContext: CoreRequestContextStorage
    let who: Authenticated
    let csrf: String

    init(context: PageContext) throws {
        guard context.who.account.role == .admin else {
            throw PageProblem(.forbidden, title: "Not allowed", detail: "Only the secretariat's administrators manage users and tokens.",
                              who: context.who, csrf: context.csrf)
        }
        coreContext = context.coreContext
        who = context.who
        csrf = context.csrf
    }
}

/// A page's context: whoever is signed in, and the token of the session's forms.
protocol SignedInPage: RequestContext {
    var who: Authenticated { get }
    var csrf: String { get }
}

extension PageContext: SignedInPage {}
extension AdminPageContext: SignedInPage {}

/// What every context of the server shares: request bodies are small JSON objects and forms.
protocol MawpRequestContext: RequestContext {}

extension MawpRequestContext {
    var maxUploadSize: Int { 64 * 1024 }
}
