import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Every route of the router, read from the router itself, against a table of who may call it
/// (issue: the house §1): a route added without its row fails the first test; the second calls
/// each route as anonymous, a viewer, the lead's editor, another agency's editor and an admin,
/// and checks that each is let in or refused as its row says, a refusal changing nothing.
@Suite struct RouteAccessTests {
    /// Who may call a route.
    enum Access {
        /// Everyone.
        case anyone
        /// A visitor's form: anyone, with the token of the sign-in or password page.
        case visitorForm
        /// A user or a token (reads).
        case reader
        /// A user or a token that is not read-only, acting on their own account (calendar links).
        case writer
        /// Whoever may change rights-1 (its lead's editor, an admin): not a viewer, not another agency.
        case activityWriter
        /// Whoever may review rights-1's updates: a co-chair of its group (OHCHR's or UNICEF's editor), an admin.
        case reviewer
        /// Only an admin (the reference data, the periods).
        case admin
        /// A signed-in browser (pages); visitors are sent to sign in.
        case page
        /// A signed-in browser that may change rights-1, with the session's token.
        case activityForm
        /// A signed-in browser that may review rights-1's updates, with the session's token.
        case reviewerForm
        /// A signed-in browser, with the session's token (sign-out).
        case pageForm
        /// A signed-in admin.
        case adminPage
    }

    /// Each route: who may call it, and a request that would succeed for someone allowed
    /// (path with references, JSON body or form fields).
    static var table: [String: (Access, path: String, body: [String: Any]?)] { [
        "GET /healthz": (.anyone, "/healthz", nil),
        "GET /api/v1/openapi.json": (.anyone, "/api/v1/openapi.json", nil),
        "POST /api/v1/session": (.anyone, "/api/v1/session", ["user": "changer", "password": "pass-changer-long enough"]),
        "DELETE /api/v1/session": (.anyone, "/api/v1/session", nil),
        "POST /api/v1/password": (.anyone, "/api/v1/password",
                                  ["user": "changer", "password": "pass-changer-long enough", "newPassword": "pass-changer-long enough"]),
        "GET /api/v1/session": (.reader, "/api/v1/session", nil),
        "GET /api/v1/report": (.reader, "/api/v1/report", nil),
        "GET /api/v1/slippage": (.reader, "/api/v1/slippage", nil),
        "GET /api/v1/groups": (.reader, "/api/v1/groups", nil),
        "GET /api/v1/groups/{code}": (.reader, "/api/v1/groups/rights", nil),
        "GET /api/v1/agencies": (.reader, "/api/v1/agencies", nil),
        "GET /api/v1/agenda": (.reader, "/api/v1/agenda", nil),
        "GET /api/v1/frameworks": (.reader, "/api/v1/frameworks", nil),
        "GET /api/v1/frameworks/{name}": (.reader, "/api/v1/frameworks/agenda", nil),
        "GET /api/v1/chairs": (.reader, "/api/v1/chairs", nil),
        "GET /api/v1/baselines": (.reader, "/api/v1/baselines", nil),
        "GET /api/v1/indicators": (.reader, "/api/v1/indicators", nil),
        "GET /api/v1/log": (.reader, "/api/v1/log", nil),
        "GET /api/v1/activities": (.reader, "/api/v1/activities", nil),
        "GET /api/v1/activities/{ref}": (.reader, "/api/v1/activities/rights-1", nil),
        "POST /api/v1/activities": (.activityWriter, "/api/v1/activities", ["group": "rights", "title": "Toolkit", "lead": "UNICEF"]),
        "PATCH /api/v1/activities/{ref}": (.activityWriter, "/api/v1/activities/rights-1", ["description": "Revised"]),
        "POST /api/v1/activities/{ref}/milestones": (.activityWriter, "/api/v1/activities/rights-1/milestones", ["title": "Launch"]),
        "POST /api/v1/activities/{ref}/indicators": (.activityWriter, "/api/v1/activities/rights-1/indicators", ["title": "Downloads"]),
        "PATCH /api/v1/milestones/{ref}": (.activityWriter, "/api/v1/milestones/rights-1.1", ["due": "2014-07-15"]),
        "POST /api/v1/milestones/{ref}/done": (.activityWriter, "/api/v1/milestones/rights-1.1/done", ["on": "2014-07-10"]),
        "POST /api/v1/milestones/{ref}/reopen": (.activityWriter, "/api/v1/milestones/rights-1.1/reopen", ["on": "2014-07-11"]),
        "POST /api/v1/indicators/{ref}/values": (.activityWriter, "/api/v1/indicators/rights-1.i1/values", ["value": 3]),
        "POST /api/v1/milestones/{ref}/drop": (.activityWriter, "/api/v1/milestones/rights-1.2/drop", ["on": "2014-12-01"]),
        "POST /api/v1/activities/{ref}/cancel": (.activityWriter, "/api/v1/activities/rights-3/cancel", ["on": "2015-01-01"]),
        "POST /api/v1/groups": (.admin, "/api/v1/groups", ["code": "climate", "name": "Task Force on Climate", "kind": "task-force"]),
        "PATCH /api/v1/groups/{code}": (.admin, "/api/v1/groups/rights", ["name": "Working Group on Rights"]),
        "POST /api/v1/agencies": (.admin, "/api/v1/agencies", ["code": "ITUC", "name": "ITUC", "kind": "workers"]),
        "PATCH /api/v1/agencies/{code}": (.admin, "/api/v1/agencies/WHO", ["name": "WHO"]),
        "GET /api/v1/periods": (.reader, "/api/v1/periods", nil),
        "GET /api/v1/periods/{code}": (.reader, "/api/v1/periods/2014-H1", nil),
        "GET /api/v1/periods/{code}/report": (.reader, "/api/v1/periods/2014-H1/report", nil),
        "GET /api/v1/activities/{ref}/updates/{code}": (.reader, "/api/v1/activities/rights-1/updates/2014-H1", nil),
        "POST /api/v1/periods": (.admin, "/api/v1/periods", ["code": "2014-H2", "title": "Second half of 2014", "from": "2014-07-01",
                                                           "to": "2014-12-31", "deadline": "2015-01-15"]),
        "POST /api/v1/periods/{code}/lock": (.admin, "/api/v1/periods/2014-H2/lock", ["note": "Sent"]),
        "POST /api/v1/periods/{code}/unlock": (.admin, "/api/v1/periods/2014-H2/unlock", ["note": "A correction"]),
        "PUT /api/v1/activities/{ref}/updates/{code}": (.activityWriter, "/api/v1/activities/rights-1/updates/2014-H1",
                                                        ["status": "on-track", "achievements": "Chapters in."]),
        "POST /api/v1/activities/{ref}/updates/{code}/submit": (.activityWriter, "/api/v1/activities/rights-1/updates/2014-H1/submit", [:]),
        "POST /api/v1/activities/{ref}/updates/{code}/approve": (.reviewer, "/api/v1/activities/rights-1/updates/2014-H1/approve", [:]),
        "POST /api/v1/activities/{ref}/updates/{code}/return": (.reviewer, "/api/v1/activities/rights-1/updates/2014-H1/return",
                                                               ["note": "Say more"]),
        "POST /api/v1/activities/{ref}/updates/{code}/reopen": (.reviewer, "/api/v1/activities/rights-1/updates/2014-H1/reopen",
                                                               ["note": "A correction"]),
        "GET /sign-in": (.anyone, "/sign-in", nil),
        "GET /password": (.anyone, "/password", nil),
        "POST /sign-in": (.visitorForm, "/sign-in", ["user": "changer", "password": "pass-changer-long enough"]),
        "POST /password": (.visitorForm, "/password",
                           ["user": "changer", "code": "pass-changer-long enough", "newPassword": "pass-changer-long enough"]),
        "GET /": (.page, "/", nil),
        "GET /groups": (.page, "/groups", nil),
        "GET /groups/{code}": (.page, "/groups/rights", nil),
        "GET /activities/{ref}": (.page, "/activities/rights-1", nil),
        "GET /my-agency": (.page, "/my-agency", nil),
        "GET /slippage": (.page, "/slippage", nil),
        "GET /periods": (.page, "/periods", nil),
        "GET /periods/{code}": (.page, "/periods/2014-H1", nil),
        "GET /reviews": (.page, "/reviews", nil),
        "POST /activities/{ref}/updates/{code}": (.activityForm, "/activities/rights-1/updates/2014-H1",
                                                  ["status": "on-track", "achievements": "From the page", "step": "save"]),
        "POST /activities/{ref}/updates/{code}/review": (.reviewerForm, "/activities/rights-1/updates/2014-H1/review",
                                                         ["note": "Seen", "step": "return"]),
        "GET /log": (.page, "/log", nil),
        "POST /milestones/{ref}/done": (.activityForm, "/milestones/rights-1.1/done", ["on": "2014-07-10"]),
        "POST /milestones/{ref}/reopen": (.activityForm, "/milestones/rights-1.1/reopen", ["on": "2014-07-11"]),
        "POST /milestones/{ref}/reschedule": (.activityForm, "/milestones/rights-1.1/reschedule", ["due": "2014-08-01"]),
        "POST /milestones/{ref}/drop": (.activityForm, "/milestones/rights-1.1/drop", ["on": "2014-12-01"]),
        "POST /activities/{ref}/milestones": (.activityForm, "/activities/rights-1/milestones", ["title": "Review"]),
        "POST /activities/{ref}/edit": (.activityForm, "/activities/rights-1/edit", ["title": "Migration and youth", "lead": "UNICEF"]),
        "POST /activities/{ref}/cancel": (.activityForm, "/activities/rights-1/cancel", ["on": "2015-01-01"]),
        "POST /indicators/{ref}/values": (.activityForm, "/indicators/rights-1.i1/values", ["value": "4"]),
        "POST /groups/{code}/activities": (.activityForm, "/groups/rights/activities", ["title": "Guide", "lead": "UNICEF"]),
        "POST /sign-out": (.pageForm, "/sign-out", [:]),
        "GET /admin": (.adminPage, "/admin", nil),
        "POST /admin/users": (.adminPage, "/admin/users", ["name": "newcomer", "agency": "UNDP", "role": "viewer"]),
        "POST /admin/users/disable": (.adminPage, "/admin/users/disable", ["user": "newcomer"]),
        "POST /admin/users/enable": (.adminPage, "/admin/users/enable", ["user": "newcomer"]),
        "POST /admin/tokens": (.adminPage, "/admin/tokens", ["user": "reader"]),
        "POST /admin/tokens/revoke": (.adminPage, "/admin/tokens/revoke", ["id": "8"]),
        "POST /admin/users/contact": (.adminPage, "/admin/users/contact", ["user": "newcomer", "email": "new@undp.example", "reminders": "daily"]),
        "GET /me": (.page, "/me", nil),
        "POST /me/reminders": (.pageForm, "/me/reminders", ["reminders": "daily"]),
        "GET /calendar": (.page, "/calendar", nil),
        "POST /calendar/links": (.pageForm, "/calendar/links", ["group": "rights"]),
        "POST /calendar/links/revoke": (.pageForm, "/calendar/links/revoke", ["id": "999"]),
        // The link is the credential: anyone may ask; an unknown one is 404 for all.
        "GET /calendar/{file}": (.anyone, "/calendar/mawpcal_1_\(String(repeating: "0", count: 64)).ics", nil),
        "GET /api/v1/calendar-links": (.writer, "/api/v1/calendar-links", nil),
        "POST /api/v1/calendar-links": (.writer, "/api/v1/calendar-links", ["group": "rights"]),
        "DELETE /api/v1/calendar-links/{id}": (.writer, "/api/v1/calendar-links/999", nil),
    ] }

    @Test func everyRouteOfTheRouterHasItsRowAndNoRowIsWithoutARoute() throws {
        let routes = Set(try OpenAPITests.routes())
        let rows = Set(Self.table.keys)
        #expect(routes.subtracting(rows).isEmpty, "routes without a row of who may call them: \(routes.subtracting(rows).sorted())")
        #expect(rows.subtracting(routes).isEmpty, "rows without a route: \(rows.subtracting(routes).sorted())")
    }

    /// A caller: a token for the API, a session and its token for the pages.
    struct Caller {
        let name: String
        let token: String?
        let cookie: String?
        let csrf: String?
        /// Whether the caller may change rights-1 (its lead's editor or an admin), review its
        /// updates (a co-chair of its group or an admin), and whether an admin.
        let writes: Bool
        let reviews: Bool
        let admin: Bool
    }

    @Test func everyRouteLetsInOnlyWhomItsRowSays() async throws {
        let (sandbox, tokens) = try PermissionTests.plan()
        // rights-2 and rights-3: more to drop and cancel, so that each allowed caller changes something.
        try sandbox.mawp(["milestone", "add", "rights-1", "Draft", "--due", "2014-09-30"])
        try sandbox.mawp(["activity", "add", "rights", "Second", "--lead", "UNICEF"])
        try sandbox.mawp(["activity", "add", "rights", "Third", "--lead", "UNICEF"])
        // Signs in and changes its password, so that the callers' own sessions stay.
        try sandbox.user("changer", agency: "UNDP", role: "viewer")
        // Token 8, the one /admin/tokens/revoke revokes (the callers' are 1 to 7).
        _ = try sandbox.token("changer")
        try sandbox.start()
        try sandbox.mawp(["period", "add", "2014-H1", "--title", "First half of 2014", "--from", "2014-01-01", "--to", "2014-06-30",
                          "--deadline", "2014-07-15"])
        var callers = [Caller(name: "anonymous", token: nil, cookie: nil, csrf: nil, writes: false, reviews: false, admin: false)]
        for (name, writes, reviews, admin) in [("reader", false, false, false), ("who", false, false, false), ("unicef", true, true, false),
                                               ("ohchr", true, true, false), ("secretariat", true, true, true)] {
            let signedIn = try await sandbox.request("POST", "/api/v1/session", json: ["user": name, "password": "pass-\(name)-long enough"])
            let cookie = try #require(WebTests.cookie(signedIn))
            let page = try await sandbox.request("GET", "/", cookie: cookie)
            callers.append(Caller(name: name, token: tokens[name], cookie: cookie, csrf: WebTests.csrf(page.text), writes: writes,
                                  reviews: reviews, admin: admin))
        }
        for (route, row) in Self.table.sorted(by: { $0.key < $1.key }) {
            let method = String(route.split(separator: " ")[0])
            for caller in callers {
                let before = try sandbox.bytes()
                let reply = try await Self.call(sandbox, method, row, as: caller)
                let allowed = Self.allows(row.0, caller)
                let what = "\(caller.name) \(route): \(reply.status) \(reply.text.prefix(160))"
                #expect(reply.status < 500, "\(what)")
                if allowed {
                    #expect(![401, 403].contains(reply.status) && reply.header("Location")?.hasPrefix("/sign-in?next=") != true, "\(what)")
                } else {
                    let refused = [401, 403].contains(reply.status) || reply.header("Location")?.hasPrefix("/sign-in?next=") == true
                    #expect(refused, "\(what)")
                    #expect(try sandbox.bytes() == before, "\(what): a refusal changed the database")
                }
            }
        }
        #expect(try sandbox.mawp(["check"]).status == 0)
    }

    static func allows(_ access: Access, _ caller: Caller) -> Bool {
        let signedIn = caller.cookie != nil
        switch access {
        case .anyone: return true
        case .visitorForm: return true
        case .reader, .writer, .page, .pageForm: return signedIn
        case .activityWriter, .activityForm: return caller.writes
        case .reviewer, .reviewerForm: return caller.reviews
        case .admin, .adminPage: return caller.admin
        }
    }

    static func call(_ sandbox: ServerSandbox, _ method: String, _ row: (Access, path: String, body: [String: Any]?),
                     as caller: Caller) async throws -> ServerSandbox.Reply {
        switch row.0 {
        case .anyone where !row.path.hasPrefix("/api") && row.path != "/healthz", .page, .pageForm, .activityForm, .reviewerForm, .adminPage:
            // A browser: its session cookie, and on a form the session's token.
            guard method == "POST" else { return try await sandbox.request(method, row.path, cookie: caller.cookie) }
            var fields = (row.body ?? [:]).mapValues { "\($0)" }
            fields["csrf"] = caller.csrf ?? ""
            return try await sandbox.request("POST", row.path, body: WebTests.form(fields), cookie: caller.cookie,
                                             headers: ["Content-Type": "application/x-www-form-urlencoded"])
        case .visitorForm:
            // The visitor's page, then its form with the token made for this browser.
            let page = try await sandbox.request("GET", row.path)
            var fields = (row.body ?? [:]).mapValues { "\($0)" }
            fields["csrf"] = WebTests.csrf(page.text) ?? ""
            return try await sandbox.request("POST", row.path, body: WebTests.form(fields), cookie: WebTests.cookie(page),
                                             headers: ["Content-Type": "application/x-www-form-urlencoded"])
        default:
            return try await sandbox.request(method, row.path, json: method == "GET" || method == "DELETE" ? nil : row.body ?? [:],
                                             token: caller.token)
        }
    }
}
