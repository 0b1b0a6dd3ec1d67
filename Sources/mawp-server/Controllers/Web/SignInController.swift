import Hummingbird
import Rendering
import WorkPlan

/// Signing in, choosing a password and signing out through the pages (DESIGN §9): the same
/// flow as the API's (``Sessions``). The visitors' forms are behind ``VisitorTokenMiddleware``;
/// signing out is a signed-in form behind ``FormTokenMiddleware``.
struct SignInController: Sendable {
    let sessions: Sessions

    func addRoutes(anyone: RouterGroup<ServerContext>, signedIn: RouterGroup<PageContext>) {
        anyone.get("sign-in", use: signInPage)
            .get("password", use: passwordPage)
        anyone.group().add(middleware: VisitorTokenMiddleware(sessions: sessions))
            .post("sign-in", use: signIn)
            .post("password", use: setPassword)
        signedIn.post("sign-out", use: signOut)
    }

    struct SignInForm: Decodable {
        var user: String?
        var password: String?
        var next: String?
    }

    struct PasswordForm: Decodable {
        var user: String?
        var code: String?
        var newPassword: String?
    }

    @Sendable func signInPage(_ request: Request, context: ServerContext) async throws -> Response {
        let query = Query(request: request)
        let next = Self.safe(query.string("next"))
        // A fixed sentence for a known word: nothing of the address is shown.
        let notice = query.string("password") == "set" ? "Your password is set: sign in with it." : nil
        return visitorPage(request) { WebPages.signIn(csrf: $0, next: next, user: "", error: nil, notice: notice) }
    }

    @Sendable func signIn(_ request: Request, context: ServerContext) async throws -> Response {
        let form = try await FormInput.read(SignInForm.self, request, context)
        let (user, next) = (form.user ?? "", Self.safe(form.next))
        do {
            let (_, cookie) = try await sessions.signIn(user: user, password: form.password ?? "", address: context.clientAddress)
            var response = Reply.redirect(next)
            response.setCookie(cookie)
            return response
        } catch Sessions.Refusal.limited(let wait) {
            var response = visitorPage(request, status: .tooManyRequests) {
                WebPages.signIn(csrf: $0, next: next, user: user, error: "Too many failed sign-ins: try again in \(wait / 60 + 1) minutes.")
            }
            response.headers[.retryAfter] = String(wait)
            return response
        } catch Sessions.Refusal.wrong {
            return visitorPage(request, status: .unauthorized) {
                WebPages.signIn(csrf: $0, next: next, user: user, error: "The user name or the password is wrong.")
            }
        }
    }

    @Sendable func passwordPage(_ request: Request, context: ServerContext) async throws -> Response {
        visitorPage(request) { WebPages.choosePassword(csrf: $0, user: "", error: nil) }
    }

    @Sendable func setPassword(_ request: Request, context: ServerContext) async throws -> Response {
        let form = try await FormInput.read(PasswordForm.self, request, context)
        let user = form.user ?? ""
        do {
            try await sessions.setPassword(user: user, proof: form.code ?? "", to: form.newPassword ?? "", address: context.clientAddress)
        } catch Sessions.Refusal.limited(let wait) {
            return visitorPage(request, status: .tooManyRequests) {
                WebPages.choosePassword(csrf: $0, user: user, error: "Too many failed attempts: try again in \(wait / 60 + 1) minutes.")
            }
        } catch Sessions.Refusal.wrong {
            return visitorPage(request, status: .unauthorized) {
                WebPages.choosePassword(csrf: $0, user: user, error: "The user name, the set-up code or the password is wrong.")
            }
        } catch let error as PlanError {
            return visitorPage(request, status: .unprocessableContent) { WebPages.choosePassword(csrf: $0, user: user, error: error.description) }
        }
        return Reply.redirect("/sign-in?password=set")
    }

    @Sendable func signOut(_ request: Request, context: PageContext) async throws -> Response {
        var response = Reply.redirect("/sign-in")
        response.setCookie(try await sessions.signOut(context.sessionHash))
        return response
    }

    /// A visitor's page with its form's token, and the visitor's cookie when the browser has
    /// none yet: nothing is kept on the server.
    private func visitorPage(_ request: Request, status: HTTPResponse.Status = .ok, _ page: (String) -> String) -> Response {
        let (token, cookie) = sessions.visitorToken(request)
        var response = Reply.html(page(token), status: status)
        if let cookie { response.setCookie(cookie) }
        return response
    }

    /// Where to go after signing in: a path on this site only (never another origin), in
    /// printable ASCII: a tab or a backslash is dropped or turned into "/" by browsers.
    static func safe(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains(":"),
              next.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\\") }) else { return "/" }
        return next
    }
}
