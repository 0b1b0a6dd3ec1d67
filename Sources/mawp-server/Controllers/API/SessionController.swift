import Hummingbird
import Rendering
import WorkPlan

/// Signing in and out, and choosing a password, through the API: the same flow as the pages'
/// (``Sessions``). Anyone may try; who am I needs a user.
struct SessionController: Sendable {
    let sessions: Sessions

    func addRoutes(anyone group: RouterGroup<ServerContext>, signedIn: RouterGroup<SignedInContext>) {
        group.post("session", use: signIn)
            .delete("session", use: signOut)
            .post("password", use: setPassword)
        signedIn.get("session", use: whoAmI)
    }

    @Sendable func signIn(_ request: Request, context: ServerContext) async throws -> Response {
        let body = try await Body.read(request, context: context, allowed: ["user", "password"])
        let (user, password) = (try body.required("user"), try body.text("password") ?? "")
        do {
            let (account, cookie) = try await sessions.signIn(user: user, password: password, address: context.clientAddress)
            var response = Reply.json(AccountsView.json(account))
            response.setCookie(cookie)
            return response
        } catch Sessions.Refusal.limited(let wait) {
            throw Problem(.tooManyRequests, "too many failed sign-ins; try again later", retryAfter: wait)
        } catch Sessions.Refusal.wrong {
            throw Problem(.unauthorized, PlanError.wrongCredentials.description)
        }
    }

    @Sendable func signOut(_ request: Request, context: ServerContext) async throws -> Response {
        var response = Response(status: .noContent)
        response.setCookie(try await sessions.signOut(context.sessionHash))
        return response
    }

    @Sendable func whoAmI(_ request: Request, context: SignedInContext) async throws -> Response {
        Reply.json(AccountsView.json(context.who.account))
    }

    @Sendable func setPassword(_ request: Request, context: ServerContext) async throws -> Response {
        let body = try await Body.read(request, context: context, allowed: ["user", "code", "password", "newPassword"])
        let user = try body.required("user")
        guard let proof = try body.text("code") ?? body.text("password"), let new = try body.text("newPassword") else {
            throw Problem(.unprocessableContent, "give user, code (the one-time set-up code) or password, and newPassword")
        }
        do {
            try await sessions.setPassword(user: user, proof: proof, to: new, address: context.clientAddress)
        } catch Sessions.Refusal.limited(let wait) {
            throw Problem(.tooManyRequests, "too many failed attempts; try again later", retryAfter: wait)
        } catch Sessions.Refusal.wrong {
            throw Problem(.unauthorized, "the user name, the set-up code or the password is wrong")
        }
        return Response(status: .noContent)
    }
}

/// What anyone may read: whether the server and its plan answer, and the API's description.
struct HealthController: Sendable {
    let plan: PlanService
    let openAPI: String

    func addRoutes(to group: RouterGroup<ServerContext>) {
        group.get("healthz", use: health)
            .get("api/v1/openapi.json", use: description)
    }

    @Sendable func health(_ request: Request, context: ServerContext) async throws -> Response {
        _ = try await plan.read { try $0.planPeriod() }
        return Reply.text("ok\n", type: "text/plain; charset=utf-8")
    }

    @Sendable func description(_ request: Request, context: ServerContext) async throws -> Response {
        Reply.text(openAPI, type: "application/json")
    }
}
