import Hummingbird
import Rendering
import WorkPlan

/// Calendars (DESIGN §11): the feed at `/calendar/{link}.ics` for anyone holding a live link
/// (a calendar program cannot sign in: the link is the credential; anything else is 404), and
/// `api/v1/calendar-links` for a user (not a read-only token) to list, make and revoke their own.
struct CalendarController: Sendable {
    let plan: PlanService
    let secure: Bool

    func addRoutes(anyone: RouterGroup<ServerContext>, writers: RouterGroup<WriterContext>) {
        anyone.get("calendar/{file}", use: feed)
        writers.get("calendar-links", use: list)
            .post("calendar-links", use: make)
            .delete("calendar-links/{id}", use: revoke)
    }

    @Sendable func feed(_ request: Request, context: ServerContext) async throws -> Response {
        // A live link with its secret (one read: the link's state and the calendar it shows);
        // anything else is 404, the caller cannot tell which.
        guard let token = context.parameters.get("file").flatMap(CalendarLinks.token(file:)), let text = try await plan.read({ store in
            try store.calendarScope(token).map { scope in
                CalendarView.ics(try store.calendar(group: scope.group, agency: scope.agency), name: CalendarView.name(group: scope.group, agency: scope.agency))
            }
        }) else {
            throw Problem(.notFound, "no such calendar: the link is unknown or was revoked")
        }
        var response = Reply.text(text, type: "text/calendar; charset=utf-8")
        response.headers[.cacheControl] = "private, no-cache"
        return response
    }

    static func json(_ link: TokenInfo, today: Day) -> JSON {
        .object(["id": .int(Int(link.id)), "group": .string(link.group), "state": .string(link.state(on: today).rawValue),
                 "createdAt": .string(link.createdAt)])
    }

    @Sendable func list(_ request: Request, context: WriterContext) async throws -> Response {
        let name = context.who.account.name
        let links = try await plan.read { try $0.tokens(user: name).filter { $0.kind == .calendar } }
        return Reply.json(.object(["calendarLinks": .array(links.map { Self.json($0, today: .today()) })]))
    }

    @Sendable func make(_ request: Request, context: WriterContext) async throws -> Response {
        let body = try await Body.read(request, context: context, allowed: ["group"])
        let (info, token) = try await CalendarLinks.make(plan, for: context.who, group: try body.group("group"))
        return Reply.created(["id": .int(Int(info.id)), "group": .string(info.group), "url": .string(CalendarLinks.address(token, request: request, secure: secure)),
                              "path": .string(CalendarLinks.path(token))], location: "/api/v1/calendar-links/\(info.id)")
    }

    @Sendable func revoke(_ request: Request, context: WriterContext) async throws -> Response {
        guard let id = context.parameters.get("id").flatMap({ Int64($0) }) else { throw Problem(.notFound, "no such calendar link") }
        let name = context.who.account.name
        let outcome = try await plan.write { store in try store.revokeToken(id, owner: name, kind: .calendar) }
        return Reply.outcome(outcome, ref: String(id))
    }
}
