import Hummingbird

/// The forms of signed-in pages: a POST must carry its session's token in its `csrf` field,
/// else a 403 page and nothing is done. The body is read once here (413 over the limit, 400
/// malformed) and kept for the handler.
struct FormTokenMiddleware<Context: SignedInPage>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        let form = try await FormInput.read(FormInput.Token.self, &request, context)
        guard let token = form.csrf, Sessions.constantTimeEqual(token, context.csrf) else {
            throw PageProblem(.forbidden, title: PageProblem.formRefused.title, detail: PageProblem.formRefused.detail,
                              who: context.who, csrf: context.csrf)
        }
        return try await next(request, context)
    }
}

/// The forms of visitors (sign-in, choosing a password): a POST must carry the token made for
/// this browser's visitor cookie (``Sessions/visitorTokenMatches(_:_:now:)``), else a 403
/// page and nothing is done.
struct VisitorTokenMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let sessions: Sessions

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var request = request
        let form = try await FormInput.read(FormInput.Token.self, &request, context)
        guard sessions.visitorTokenMatches(form.csrf, request) else { throw PageProblem.formRefused }
        return try await next(request, context)
    }
}
