import Hummingbird
import HummingbirdAuth
import HTTPTypes
import NIOCore
import Rendering
import WorkPlan

/// The web pages of DESIGN §9 (a first part: signing in and out, and the dashboard). Pages
/// use the session cookie; every form carries the session's CSRF token, checked on submit.
struct Web: Sendable {
    let plan: PlanService
    let api: API

    /// A sign-in form's fields (application/x-www-form-urlencoded).
    struct SignInForm: Decodable {
        var user: String?
        var password: String?
        var csrf: String?
        var next: String?
    }

    struct CSRFForm: Decodable {
        var csrf: String?
    }

    func register(on router: Router<ServerContext>) {
        router.get("/sign-in") { request, context in
            let csrf = Self.visitorToken(context)
            let next = Self.safe(Query(request: request).string("next"))
            return Self.html(WebPages.signIn(csrf: csrf, next: next, user: "", error: nil))
        }
        router.post("/sign-in") { request, context in
            let form = try await URLEncodedFormDecoder().decode(SignInForm.self, from: request, context: context)
            guard Self.csrfMatches(form.csrf, context) else { return Self.refused(context) }
            let (user, next) = (form.user ?? "", Self.safe(form.next))
            let address = api.clientAddress(request, context)
            if let wait = api.limiter.wait(user: user, address: address) {
                var response = Self.html(WebPages.signIn(csrf: Self.visitorToken(context), next: next, user: user,
                                                          error: "Too many failed sign-ins: try again in \(wait / 60 + 1) minutes."),
                                         status: .tooManyRequests)
                response.headers[.retryAfter] = String(wait)
                return response
            }
            let password = form.password ?? ""
            guard let account = try await plan.read({ try $0.signIn(user: user, password: password) }) else {
                api.limiter.failed(user: user, address: address)
                return Self.html(WebPages.signIn(csrf: Self.visitorToken(context), next: next, user: user,
                                                  error: "The user name or the password is wrong."), status: .unauthorized)
            }
            api.limiter.succeeded(user: user)
            // A new session, with a new id and a new token: nothing from before the sign-in is kept.
            context.sessions.clearSession()
            context.sessions.createSession(SessionUser(user: account.name, csrf: PlanStore.randomSecret(bytes: 16)))
            return Self.redirect(next)
        }
        router.post("/sign-out") { request, context in
            let form = try await URLEncodedFormDecoder().decode(CSRFForm.self, from: request, context: context)
            guard Self.csrfMatches(form.csrf, context) else { return Self.refused(context) }
            context.sessions.clearSession()
            return Self.redirect("/sign-in")
        }
        router.get("/") { request, context in
            guard let who = context.identity, let csrf = context.sessions.session?.csrf else {
                return Self.redirect("/sign-in?next=" + Self.percentEncoded(request.uri.path))
            }
            let query = Query(request: request)
            let asOf = try query.day("asOf") ?? .today()
            let dashboard = try await plan.read { store in
                try store.dashboard(asOf: asOf, frameworks: try store.frameworks(chosen: [], html: true))
            }
            return Self.html(WebPages.dashboard(dashboard, user: who.account.name, csrf: csrf))
        }
    }

    // MARK: - Helpers

    /// The CSRF token of the session, made (with an anonymous session) for a visitor.
    static func visitorToken(_ context: ServerContext) -> String {
        if let session = context.sessions.session { return session.csrf }
        let token = PlanStore.randomSecret(bytes: 16)
        context.sessions.createSession(SessionUser(user: nil, csrf: token))
        return token
    }

    /// Whether a form's token is its session's (else: refused, nothing done).
    static func csrfMatches(_ token: String?, _ context: ServerContext) -> Bool {
        guard let expected = context.sessions.session?.csrf, let token else { return false }
        return constantTimeEqual(token, expected)
    }

    /// 403: a form without its session's CSRF token.
    static func refused(_ context: ServerContext) -> Response {
        html(WebPages.problem(title: "Form refused", detail: "The form is out of date or not from this site (its security token does not "
                                + "match), so nothing was done. Go back, reload the page and try again.",
                              user: nil, csrf: nil), status: .forbidden)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Where to go after signing in: a path on this site only (never another origin).
    static func safe(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.contains(":") else { return "/" }
        return next
    }

    static func percentEncoded(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if character.isLetter && byte < 128 || character.isNumber && byte < 128 || "/-._~".contains(character) {
                out.append(character)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
