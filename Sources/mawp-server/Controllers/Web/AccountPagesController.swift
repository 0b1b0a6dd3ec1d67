import Hummingbird
import Rendering
import WorkPlan

/// A user's own pages (DESIGN §11): `/me` with their reminder setting, and `/calendar` with
/// their calendar links. Mounted on a ``PageContext`` group (signed in), its forms behind
/// ``FormTokenMiddleware``; every change is to the signed-in user's own account.
struct AccountPagesController: Sendable {
    let plan: PlanService
    let secure: Bool

    func addRoutes(pages: RouterGroup<PageContext>, forms: RouterGroup<PageContext>) {
        pages.get("me", use: me)
            .get("calendar", use: calendar)
        forms.post("me/reminders", use: setReminders)
            .post("calendar/links", use: makeLink)
            .post("calendar/links/revoke", use: revokeLink)
    }

    struct AccountForm: Decodable {
        var reminders: String?
        var group: String?
        var id: String?
    }

    @Sendable func me(_ request: Request, context: PageContext) async throws -> Response {
        try await mePage(context, saved: request.uri.queryParameters.get("saved") == "1")
    }

    @Sendable func setReminders(_ request: Request, context: PageContext) async throws -> Response {
        let form = try await FormInput.read(AccountForm.self, request, context)
        let name = context.who.account.name
        do {
            let setting = try Values.reminders(form.reminders ?? "", field: "How often")
            _ = try await plan.write { store in try store.editUser(name, reminders: setting) }
            return Reply.redirect("/me?saved=1")
        } catch let error as PlanError {
            return try await mePage(context, error: error.description, status: Problem.status(of: error))
        }
    }

    private func mePage(_ context: PageContext, saved: Bool = false, error: String? = nil,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let name = context.who.account.name
        let account = try await plan.read { try $0.account(named: name) }
        return Reply.html(WebPages.me(account, user: context.who.account, csrf: context.csrf, saved: saved, error: error), status: status)
    }

    @Sendable func calendar(_ request: Request, context: PageContext) async throws -> Response {
        try await calendarPage(context)
    }

    @Sendable func makeLink(_ request: Request, context: PageContext) async throws -> Response {
        let form = try await FormInput.read(AccountForm.self, request, context)
        do {
            let group = try form.group.flatMap { $0.isEmpty ? nil : try Values.group($0, field: "Shows") }
            let (_, token) = try await CalendarLinks.make(plan, for: context.who, group: group)
            return try await calendarPage(context, shown: CalendarLinks.address(token, request: request, secure: secure))
        } catch let error as PlanError {
            return try await calendarPage(context, error: error.description, status: Problem.status(of: error))
        }
    }

    @Sendable func revokeLink(_ request: Request, context: PageContext) async throws -> Response {
        let form = try await FormInput.read(AccountForm.self, request, context)
        let name = context.who.account.name
        do {
            guard let id = form.id.flatMap({ Int64($0) }) else { throw PlanError.unknownToken(0) }
            _ = try await plan.write { store in try store.revokeToken(id, owner: name, kind: .calendar) }
            return Reply.redirect("/calendar")
        } catch let error as PlanError {
            return try await calendarPage(context, error: error.description, status: Problem.status(of: error))
        }
    }

    private func calendarPage(_ context: PageContext, shown: String? = nil, error: String? = nil,
                              status: HTTPResponse.Status = .ok) async throws -> Response {
        let name = context.who.account.name
        let (links, groups) = try await plan.read { store in
            (try store.tokens(user: name).filter { $0.kind == .calendar }, try store.groups(asOf: .today()).map(\.group.code))
        }
        return Reply.html(WebPages.calendar(links: links, groups: groups, today: .today(), user: context.who.account, csrf: context.csrf,
                                            shown: shown, error: error), status: status)
    }
}
