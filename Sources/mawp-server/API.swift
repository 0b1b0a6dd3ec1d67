import Hummingbird
import HummingbirdAuth
import HTTPTypes
import NIOConcurrencyHelpers
import NIOCore
import Rendering
import Spreadsheet
import WorkPlan

/// The JSON API of DESIGN §8 under `/api/v1`. Every answer is the JSON the CLI prints for the
/// same question (`--format json`), made by the same views; every change goes through the
/// same WorkPlan call as the CLI's command, as the signed-in user, after the permission check
/// in the same transaction.
struct API: Sendable {
    let plan: PlanService
    let publicRead: Bool
    let sessions: Sessions
    let openAPI: String
    /// Behind a proxy on loopback: the client is the last address of X-Forwarded-For.
    var trustForwardedFor = false
    /// Reports already made for the plan's current version (see ``ReportCache``).
    let reports = ReportCache()

    /// Every route, as (method, path) in the OpenAPI document's spelling: a test keeps the two in step.
    static let routes: [(HTTPRequest.Method, String)] = [
        (.get, "/healthz"), (.get, "/api/v1/openapi.json"),
        (.post, "/api/v1/session"), (.delete, "/api/v1/session"), (.get, "/api/v1/session"), (.post, "/api/v1/password"),
        (.get, "/api/v1/report"), (.get, "/api/v1/slippage"), (.get, "/api/v1/groups"), (.get, "/api/v1/groups/{code}"),
        (.get, "/api/v1/agencies"), (.get, "/api/v1/agenda"), (.get, "/api/v1/frameworks"), (.get, "/api/v1/frameworks/{name}"),
        (.get, "/api/v1/chairs"), (.get, "/api/v1/baselines"), (.get, "/api/v1/indicators"), (.get, "/api/v1/log"),
        (.get, "/api/v1/activities"), (.post, "/api/v1/activities"), (.get, "/api/v1/activities/{ref}"),
        (.patch, "/api/v1/activities/{ref}"), (.post, "/api/v1/activities/{ref}/cancel"),
        (.post, "/api/v1/activities/{ref}/milestones"), (.post, "/api/v1/activities/{ref}/indicators"),
        (.patch, "/api/v1/milestones/{ref}"), (.post, "/api/v1/milestones/{ref}/done"), (.post, "/api/v1/milestones/{ref}/reopen"),
        (.post, "/api/v1/milestones/{ref}/drop"), (.post, "/api/v1/indicators/{ref}/values"),
        (.post, "/api/v1/groups"), (.patch, "/api/v1/groups/{code}"), (.post, "/api/v1/agencies"), (.patch, "/api/v1/agencies/{code}"),
    ]

    /// The methods of the routes whose pattern `path` matches (`{…}` is one segment).
    static func methods(forPath path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        var methods: [String] = []
        for (method, pattern) in routes {
            let parts = pattern.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == segments.count else { continue }
            if zip(parts, segments).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }), !methods.contains(method.rawValue) {
                methods.append(method.rawValue)
            }
        }
        return methods
    }

    func register(on router: Router<ServerContext>) {
        router.get("/healthz") { _, _ in
            _ = try await plan.read { try $0.planPeriod() }
            return Self.text("ok\n", type: "text/plain; charset=utf-8")
        }
        let api = router.group("api/v1")
        api.get("openapi.json") { _, _ in Self.text(openAPI, type: "application/json") }

        // Sessions and passwords.
        api.post("session") { request, context in try await signIn(request, context) }
        api.delete("session") { _, context in
            var response = Response(status: .noContent)
            response.setCookie(try await sessions.signOut(context))
            return response
        }
        api.get("session") { _, context in
            guard let who = context.identity else { throw Problem(.unauthorized, "not signed in") }
            return Self.json(AccountsView.json(who.account))
        }
        api.post("password") { request, context in try await changePassword(request, context) }

        // Reads.
        api.get("report") { request, context in try await report(request, context) }
        api.get("slippage") { request, context in try await slippage(request, context) }
        api.get("groups") { request, context in
            try reader(context)
            let asOf = try Query(request: request).day("asOf") ?? .today()
            return Self.json(GroupsView.json(try await plan.read { try $0.groups(asOf: asOf) }))
        }
        api.get("groups/{code}") { request, context in
            try reader(context)
            let code = try pathGroup(context)
            let query = Query(request: request)
            let (asOf, recorded) = try query.asOf()
            let (summary, activities) = try await plan.read { try Self.recorded($0, recorded).group(code, asOf: asOf) }
            return Self.json(GroupsView.json(summary, activities: activities, asOf: asOf))
        }
        api.get("agencies") { _, context in
            try reader(context)
            return Self.json(AgenciesView.json(try await plan.read { try $0.agencies(asOf: .today()) }))
        }
        api.get("agenda") { request, context in
            try reader(context)
            let (asOf, recorded) = try Query(request: request).asOf()
            return Self.json(AgendaView.json(try await plan.read { try Self.recorded($0, recorded).agenda(asOf: asOf) }, asOf: asOf))
        }
        api.get("frameworks") { _, context in
            try reader(context)
            return Self.json(FrameworksView.listJSON(try await plan.read { try $0.frameworks() }))
        }
        api.get("frameworks/{name}") { request, context in
            try reader(context)
            let name = context.parameters.get("name") ?? ""
            let (asOf, recorded) = try Query(request: request).asOf()
            let (framework, points) = try await plan.read { try Self.recorded($0, recorded).coverage(of: name, asOf: asOf) }
            return Self.json(FrameworksView.json(framework, points, asOf: asOf))
        }
        api.get("chairs") { _, context in
            try reader(context)
            return Self.json(ChairView.json(try await plan.read { try $0.chairTerms() }))
        }
        api.get("baselines") { _, context in
            try reader(context)
            return Self.json(BaselinesView.json(try await plan.read { try $0.baselines() }))
        }
        api.get("indicators") { request, context in
            try reader(context)
            let query = Query(request: request)
            let group = try query.group()
            let (asOf, recorded) = try query.asOf()
            let indicators = try await plan.read { try Self.recorded($0, recorded).indicators(asOf: asOf, group: group) }
            return Self.json(IndicatorsView.json(indicators, asOf: asOf))
        }
        api.get("log") { request, context in
            try reader(context)
            let query = Query(request: request)
            let filter = PlanStore.EventFilter(group: try query.group(), activity: try query.activity("activity"), since: try query.day("since"))
            return Self.json(LogView.json(try await plan.read { try $0.events(filter) }))
        }
        api.get("activities") { request, context in
            try reader(context)
            let query = Query(request: request)
            let status = try query.string("status").map { text -> ActivityStatus in
                guard let status = ActivityStatus(rawValue: text) else {
                    throw Problem(.badRequest, "status: '\(text)' is not one of \(ActivityStatus.allCases.map(\.rawValue).joined(separator: ", "))",
                                  field: "status")
                }
                return status
            }
            let filter = PlanStore.ActivityFilter(group: try query.group(), agency: try query.agency(), status: status,
                                                  overdueOnly: try query.flag("overdue"))
            let (asOf, recorded) = try query.asOf()
            let activities = try await plan.read { try Self.recorded($0, recorded).activities(filter, asOf: asOf) }
            return Self.json(ActivitiesView.json(activities, asOf: asOf))
        }
        api.get("activities/{ref}") { request, context in
            try reader(context)
            let ref = try pathActivity(context)
            let (asOf, recorded) = try Query(request: request).asOf()
            let (detail, tag) = try await plan.read { store in
                (try Self.recorded(store, recorded).activity(ref, asOf: asOf), try store.activityTag(ref))
            }
            var response = Self.json(ActivitiesView.json(detail, asOf: asOf))
            response.headers[.eTag] = tag
            return response
        }

        // Changes.
        api.post("activities") { request, context in try await addActivity(request, context) }
        api.patch("activities/{ref}") { request, context in try await editActivity(request, context) }
        api.post("activities/{ref}/cancel") { request, context in
            let ref = try pathActivity(context)
            let body = try await Body.read(request, context: context, allowed: ["on", "note"])
            let (on, note) = (try body.day("on") ?? .today(), try body.text("note"))
            return try await change(context, .changeActivity(ref)) { store, author in
                Self.outcome(try store.cancelActivity(ref, on: on, note: note, by: author), ref: ref.description)
            }
        }
        api.post("activities/{ref}/milestones") { request, context in
            let ref = try pathActivity(context)
            let body = try await Body.read(request, context: context, allowed: ["title", "due", "on"])
            let (title, due, on) = (try body.required("title"), try body.day("due"), try body.day("on"))
            let milestone = try await change(context, .changeActivity(ref)) { store, author in
                try store.addMilestone(to: ref, title: title, due: due, addedOn: on, by: author)
            }
            return Self.created(["ref": .string(milestone.description)], location: "/api/v1/milestones/\(milestone)")
        }
        api.post("activities/{ref}/indicators") { request, context in try await addIndicator(request, context) }
        api.patch("milestones/{ref}") { request, context in
            let ref = try pathMilestone(context)
            let body = try await Body.read(request, context: context, allowed: ["title", "due", "on", "note"])
            let (title, due, on, note) = (try body.text("title"), try body.day("due"), try body.day("on") ?? .today(), try body.text("note"))
            guard title != nil || due != nil else { throw Problem(.unprocessableContent, "give title, due or both") }
            return try await change(context, .changeActivity(ref.activity)) { store, author in
                Self.outcome(try store.editMilestone(ref, title: title, due: due, on: on, note: note, by: author), ref: ref.description)
            }
        }
        for (action, done) in [("done", true), ("reopen", false)] {
            api.post("milestones/{ref}/\(action)") { request, context in
                let ref = try pathMilestone(context)
                let body = try await Body.read(request, context: context, allowed: ["on", "note"])
                let (on, note) = (try body.day("on") ?? .today(), try body.text("note"))
                return try await change(context, .changeActivity(ref.activity)) { store, author in
                    Self.outcome(try store.setMilestone(ref, done: done, on: on, note: note, by: author), ref: ref.description)
                }
            }
        }
        api.post("milestones/{ref}/drop") { request, context in
            let ref = try pathMilestone(context)
            let body = try await Body.read(request, context: context, allowed: ["on", "note"])
            let (on, note) = (try body.day("on") ?? .today(), try body.text("note"))
            return try await change(context, .changeActivity(ref.activity)) { store, author in
                Self.outcome(try store.dropMilestone(ref, on: on, note: note, by: author), ref: ref.description)
            }
        }
        // Reference data: the secretariat's.
        api.post("groups") { request, context in
            let body = try await Body.read(request, context: context, allowed: ["code", "name", "kind", "leads"])
            guard let code = try body.group("code") else { throw Problem(.unprocessableContent, "code is required", field: "code") }
            let name = try body.required("name")
            let kind = try body.text("kind").map { text -> GroupKind in
                guard let kind = GroupKind(rawValue: text) else { throw Problem(.unprocessableContent, "kind: '\(text)' is not working-group or task-force", field: "kind") }
                return kind
            } ?? .workingGroup
            let leads = try body.agencies("leads") ?? []
            let group = try await change(context, .administer) { store, author in
                try store.addGroup(code: code, name: name, kind: kind, leads: leads, by: author)
            }
            return Self.created(["code": .string(group.code)], location: "/api/v1/groups/\(group.code)")
        }
        api.patch("groups/{code}") { request, context in
            let code = try pathGroup(context)
            let body = try await Body.read(request, context: context, allowed: ["name", "leads"])
            let (name, leads) = (try body.text("name"), try body.agencies("leads"))
            guard name != nil || leads != nil else { throw Problem(.unprocessableContent, "give name, leads or both") }
            return try await change(context, .administer) { store, author in
                Self.outcome(try store.editGroup(code: code, name: name, leads: leads, by: author), ref: code)
            }
        }
        api.post("agencies") { request, context in
            let body = try await Body.read(request, context: context, allowed: ["code", "name", "kind"])
            guard let code = try body.agency("code") else { throw Problem(.unprocessableContent, "code is required", field: "code") }
            let name = try body.required("name")
            let kind = try agencyKind(body) ?? .other
            let agency = try await change(context, .administer) { store, author in
                try store.addAgency(code: code, name: name, kind: kind, by: author)
            }
            return Self.created(["code": .string(agency.code)], location: "/api/v1/agencies")
        }
        api.patch("agencies/{code}") { request, context in
            let text = context.parameters.get("code") ?? ""
            guard let code = AgencyCode.canonical(text) else { throw Problem(.notFound, "'\(text)' is not an agency code") }
            let body = try await Body.read(request, context: context, allowed: ["name", "kind"])
            let (name, kind) = (try body.text("name"), try agencyKind(body))
            guard name != nil || kind != nil else { throw Problem(.unprocessableContent, "give name, kind or both") }
            return try await change(context, .administer) { store, author in
                Self.outcome(try store.editAgency(code: code, name: name, kind: kind, by: author), ref: code)
            }
        }
        api.post("indicators/{ref}/values") { request, context in
            guard let ref = context.parameters.get("ref").flatMap(IndicatorRef.init) else {
                throw Problem(.notFound, "'\(context.parameters.get("ref") ?? "")' is not an indicator reference (ACTIVITY.iK)")
            }
            let body = try await Body.read(request, context: context, allowed: ["value", "on", "note"])
            guard let value = try body.indicatorValue("value") else { throw Problem(.unprocessableContent, "value is required", field: "value") }
            let (on, note) = (try body.day("on") ?? .today(), try body.text("note"))
            return try await change(context, .changeActivity(ref.activity)) { store, author in
                Self.outcome(try store.recordIndicator(ref, value: value, on: on, note: note, by: author), ref: ref.description)
            }
        }
    }

    // MARK: - Who asks

    /// Reads need a signed-in user or a token, unless the server was started with --public-read.
    func reader(_ context: ServerContext) throws {
        if context.identity == nil && !publicRead { throw Problem(.unauthorized, "sign in, or send a token (Authorization: Bearer …)") }
    }

    /// Runs a change as the signed-in user, after the permission check, on the writer.
    func change<T: Sendable>(_ context: ServerContext, _ action: Action,
                             _ body: @escaping @Sendable (PlanStore, PlanStore.Author) throws -> T) async throws -> T {
        guard let who = context.identity else { throw Problem(.unauthorized, "sign in, or send a token (Authorization: Bearer …)") }
        if who.readOnly { throw Problem(.forbidden, "this token reads only") }
        let author = PlanStore.Author(name: who.account.name)
        return try await plan.write { store in try store.authorized(who, action) { try body(store, author) } }
    }

    /// The client's address for the sign-in limit: the peer's, or behind a trusted proxy on
    /// loopback the one it forwards.
    func clientAddress(_ request: Request, _ context: ServerContext) -> String {
        if trustForwardedFor, ["127.0.0.1", "::1"].contains(context.clientAddress),
           let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!]?.split(separator: ",").last {
            return String(forwarded).trimmingWhitespace()
        }
        return context.clientAddress
    }

    // MARK: - Handlers

    func signIn(_ request: Request, _ context: ServerContext) async throws -> Response {
        let body = try await Body.read(request, context: context, allowed: ["user", "password"])
        let (user, password) = (try body.required("user"), try body.text("password", allowEmpty: true) ?? "")
        do {
            let (account, cookie) = try await sessions.signIn(user: user, password: password, address: clientAddress(request, context))
            var response = Self.json(AccountsView.json(account))
            response.setCookie(cookie)
            return response
        } catch Sessions.Refusal.limited(let wait) {
            throw Problem(.tooManyRequests, "too many failed sign-ins; try again later", retryAfter: wait)
        } catch Sessions.Refusal.wrong {
            throw Problem(.unauthorized, PlanError.wrongCredentials.description)
        }
    }

    func changePassword(_ request: Request, _ context: ServerContext) async throws -> Response {
        let body = try await Body.read(request, context: context, allowed: ["user", "code", "password", "newPassword"])
        let address = clientAddress(request, context)
        let user = try body.required("user")
        guard let proof = try body.text("code") ?? body.text("password"), let new = try body.text("newPassword", allowEmpty: true) else {
            throw Problem(.unprocessableContent, "give user, code (the one-time set-up code) or password, and newPassword")
        }
        if let wait = sessions.limiter.wait(user: user, address: address) {
            throw Problem(.tooManyRequests, "too many failed attempts; try again later", retryAfter: wait)
        }
        do {
            try await plan.write { try $0.setPassword(user: user, password: new, proof: proof) }
        } catch PlanError.wrongCredentials {
            sessions.limiter.failed(user: user, address: address)
            throw Problem(.unauthorized, "the user name, the set-up code or the password is wrong")
        }
        return Response(status: .noContent)
    }

    func report(_ request: Request, _ context: ServerContext) async throws -> Response {
        try reader(context)
        let query = Query(request: request)
        let group = try query.group()
        let (asOf, recorded) = try query.asOf()
        let compareTo = query.string("compareTo")
        let format = try Self.format(request)
        let chosen = query.all("framework")
        let key = [String(describing: format), asOf.description, group ?? "", recorded?.value ?? "", compareTo ?? "",
                   chosen.joined(separator: ",")].joined(separator: "|")
        let reports = self.reports
        let body = try await plan.read { live -> ReportBody in try live.snapshot {
            // A report is a function of the plan's version and the question: made once per version
            // (a spreadsheet is bytes, made for each request).
            let version = try live.version()
            if format != .xlsx, let cached = reports.get(key, version: version) { return .text(cached) }
            let store = try Self.recorded(live, recorded)
            let frameworks = try store.frameworks(chosen: chosen, html: format == .html)
            let comparison = try compareTo.map { try store.comparison(to: $0, asOf: asOf, group: group) }
            if format == .html {
                // The page says when it was made: not kept, made anew.
                return .text(HTMLReport.render(try store.dashboard(asOf: asOf, group: group, frameworks: frameworks), comparison: comparison))
            }
            let report = try store.report(asOf: asOf, group: group, frameworks: frameworks)
            let breakdown = try store.groupBreakdown(asOf: asOf, group: group)
            let (activities, overdue) = (breakdown?.activities, breakdown?.overdue ?? [])
            let text: String
            switch (format, comparison) {
            case (.xlsx, _):
                return .workbook(SpreadsheetView.report(report, activities: activities, overdue: overdue, comparison: comparison))
            case (.json, nil): text = ReportView.json(report).serialized(pretty: true) + "\n"
            case (.json, let comparison?): text = ComparisonView.json(comparison).serialized(pretty: true) + "\n"
            case (.csv, nil): text = ReportView.csv(report)
            case (.csv, let comparison?): text = ComparisonView.csv(comparison)
            case (.markdown, _): text = ReportView.markdown(report, activities: activities, overdue: overdue) + (comparison.map(ComparisonView.markdown) ?? "")
            case (.html, _): text = ""
            }
            reports.put(key, version: version, text)
            return .text(text)
        } }
        switch body {
        case .text(let text): return Self.text(text, type: format.contentType)
        case .workbook(let workbook): return try Self.spreadsheet(workbook, name: "mawp-report-\(asOf)")
        }
    }

    /// A report as text (kept for the plan's version) or as a workbook.
    enum ReportBody {
        case text(String)
        case workbook(Workbook)
    }

    func slippage(_ request: Request, _ context: ServerContext) async throws -> Response {
        try reader(context)
        let query = Query(request: request)
        let group = try query.group()
        let (asOf, recorded) = try query.asOf()
        let format = try Self.format(request)
        if format == .xlsx {
            let report = try await plan.read { try Self.recorded($0, recorded).slippage(asOf: asOf, group: group) }
            return try Self.spreadsheet(SpreadsheetView.slippage(report), name: "mawp-slippage-\(asOf)")
        }
        let text = try await plan.read { store -> String in
            let report = try Self.recorded(store, recorded).slippage(asOf: asOf, group: group)
            switch format {
            case .json: return SlippageView.json(report).serialized(pretty: true) + "\n"
            case .csv: return SlippageView.csv(report)
            case .markdown: return SlippageView.markdown(report)
            case .html: return SlippageView.html(report, generatedAt: Timestamp.now())
            case .xlsx: return ""
            }
        }
        return Self.text(text, type: format.contentType)
    }

    static let activityFields: Set<String> = ["title", "description", "lead", "partners", "start", "end", "agenda", "links", "on", "note"]

    func addActivity(_ request: Request, _ context: ServerContext) async throws -> Response {
        let body = try await Body.read(request, context: context, allowed: Self.activityFields.union(["group"]).subtracting(["note"]))
        guard let group = try body.group("group") else { throw Problem(.unprocessableContent, "group is required", field: "group") }
        let (agenda, links) = PointRef.split(agenda: try body.agenda("agenda") ?? [], links: try body.links("links") ?? [])
        let new = PlanStore.NewActivity(group: group, title: try body.required("title"), description: try body.text("description"),
                                        lead: try body.agency("lead"), partners: try body.agencies("partners") ?? [],
                                        start: try body.day("start"), end: try body.day("end"), agenda: agenda, links: links,
                                        addedOn: try body.day("on"))
        let ref = try await change(context, .addActivity(group: group, lead: new.lead)) { store, author in
            try store.addActivity(new, by: author)
        }
        return Self.created(["ref": .string(ref.description)], location: "/api/v1/activities/\(ref)")
    }

    func editActivity(_ request: Request, _ context: ServerContext) async throws -> Response {
        let ref = try pathActivity(context)
        let body = try await Body.read(request, context: context, allowed: Self.activityFields)
        let given = (try body.agenda("agenda"), try body.links("links"))
        let split = PointRef.split(agenda: given.0 ?? [], links: given.1 ?? [])
        let edit = PlanStore.ActivityEdit(title: try body.text("title"), description: try body.text("description", allowEmpty: true),
                                          lead: try body.agency("lead"), partners: try body.agencies("partners"),
                                          start: try body.day("start"), end: try body.day("end"),
                                          agenda: given.0 != nil || given.1?.contains { $0.framework == "agenda" } == true ? split.agenda : nil,
                                          links: given.1 != nil ? split.links : nil)
        let (on, note) = (try body.day("on") ?? .today(), try body.text("note"))
        let ifMatch = request.headers[.ifMatch]
        return try await change(context, .changeActivity(ref)) { store, author in
            // The check and the edit in one transaction: nobody's change slips between.
            if let ifMatch, ifMatch != "*", ifMatch != (try store.activityTag(ref)) {
                throw Problem(.preconditionFailed, "\(ref) changed since that version (If-Match); read it again")
            }
            var response = Self.outcome(try store.editActivity(ref, edit, on: on, note: note, by: author), ref: ref.description)
            response.headers[.eTag] = try store.activityTag(ref)
            return response
        }
    }

    func addIndicator(_ request: Request, _ context: ServerContext) async throws -> Response {
        let ref = try pathActivity(context)
        let body = try await Body.read(request, context: context, allowed: ["title", "measure", "descending", "result", "baseline",
                                                                           "baselineYear", "target", "periodEnd"])
        let measure = try body.text("measure").map { text -> IndicatorMeasure in
            guard let measure = IndicatorMeasure(rawValue: text) else { throw Problem(.unprocessableContent, "measure: '\(text)' is not unit, percentage or qualitative", field: "measure") }
            return measure
        } ?? .unit
        let result = try body.text("result").map { text -> IndicatorResult in
            guard let result = IndicatorResult(rawValue: text) else { throw Problem(.unprocessableContent, "result: '\(text)' is not output or outcome", field: "result") }
            return result
        } ?? .output
        // Numbers as JSON numbers for a numeric indicator, text for a qualitative one.
        func value(_ key: String) throws -> IndicatorValue? {
            try body.indicatorValue(key).map { given in
                guard let value = try Body.planned({ try given.checked(for: measure, field: key) }) else {
                    throw Problem(.unprocessableContent, measure.isNumeric ? "\(key): expected a number for a \(measure.rawValue) indicator"
                                                                          : "\(key): expected text for a qualitative indicator", field: key)
                }
                return value
            }
        }
        let year = try body.integer("baselineYear")
        let descending = try body.flag("descending") ?? false
        let new = PlanStore.NewIndicator(title: try body.required("title"), measure: measure, ascending: !descending, result: result,
                                         baseline: try value("baseline"), baselineYear: year, target: try value("target"),
                                         periodEnd: try body.day("periodEnd"))
        let indicator = try await change(context, .changeActivity(ref)) { store, author in
            try store.addIndicator(to: ref, new, by: author)
        }
        return Self.created(["ref": .string(indicator.description)], location: "/api/v1/activities/\(ref)")
    }

    func agencyKind(_ body: Body) throws -> AgencyKind? {
        try body.text("kind").map { text in
            guard let kind = AgencyKind(rawValue: text) else {
                throw Problem(.unprocessableContent, "kind: '\(text)' is not one of \(AgencyKind.allCases.map(\.rawValue).joined(separator: ", "))",
                              field: "kind")
            }
            return kind
        }
    }

    // MARK: - Paths

    func pathActivity(_ context: ServerContext) throws -> ActivityRef {
        let text = context.parameters.get("ref") ?? ""
        guard let ref = ActivityRef(text) else { throw Problem(.notFound, "'\(text)' is not an activity reference (GROUP-N)") }
        return ref
    }

    func pathMilestone(_ context: ServerContext) throws -> MilestoneRef {
        let text = context.parameters.get("ref") ?? ""
        guard let ref = MilestoneRef(text) else { throw Problem(.notFound, "'\(text)' is not a milestone reference (ACTIVITY.K)") }
        return ref
    }

    func pathGroup(_ context: ServerContext) throws -> String {
        let text = context.parameters.get("code") ?? ""
        guard let code = GroupCode.canonical(text) else { throw Problem(.notFound, "'\(text)' is not a group code") }
        return code
    }

    // MARK: - Responses

    enum Format: String {
        case json, csv, markdown, html, xlsx
        var contentType: String {
            switch self {
            case .json: return "application/json"
            case .csv: return "text/csv; charset=utf-8"
            case .markdown: return "text/markdown; charset=utf-8"
            case .html: return "text/html; charset=utf-8"
            case .xlsx: return Self.spreadsheetType
            }
        }

        static let spreadsheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    }

    /// The format a client asks for: `format=` in the query (for a link, which cannot set a
    /// header), else `Accept` (JSON unless it names another we make).
    static func format(_ request: Request) throws -> Format {
        if let asked = request.uri.queryParameters.get("format") {
            guard let format = Format(rawValue: asked.lowercased()) else {
                throw Problem(.badRequest, "format must be json, csv, markdown, html or xlsx", field: "format")
            }
            return format
        }
        guard let accept = request.headers[.accept]?.lowercased() else { return .json }
        let types = accept.split(separator: ",").map { $0.split(separator: ";").first.map { String($0).trimmingWhitespace() } ?? "" }
        for type in types {
            switch type {
            case "application/json", "application/*", "*/*": return .json
            case "text/csv": return .csv
            case "text/markdown": return .markdown
            case "text/html": return .html
            case Format.spreadsheetType: return .xlsx
            default: continue
            }
        }
        throw Problem(.notAcceptable, "the report comes as application/json, text/csv, text/markdown, text/html or \(Format.spreadsheetType)")
    }

    static func recorded(_ store: PlanStore, _ moment: RecordedTime?) throws -> PlanStore {
        try moment.map { try store.asRecorded(at: $0) } ?? store
    }

    static func json(_ value: JSON, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: value.serialized(pretty: true) + "\n")))
    }

    /// An .xlsx download, named for what it holds.
    static func spreadsheet(_ workbook: Workbook, name: String) throws -> Response {
        let bytes: [UInt8]
        do {
            bytes = try workbook.xlsx()
        } catch {
            throw Problem(.notAcceptable, "this has more rows than a spreadsheet holds: ask for text/csv or application/json")
        }
        return Response(status: .ok, headers: [.contentType: Format.spreadsheetType, .cacheControl: "no-store",
                                               .contentDisposition: "attachment; filename=\"\(name).xlsx\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func text(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func created(_ members: [String: JSON], location: String) -> Response {
        var response = json(.object(members.map { JSON.Member($0.key, $0.value) }), status: .created)
        response.headers[.location] = location
        return response
    }

    /// 200 with `{"ref", "changed", "message"}`: what a change did, or why it changed nothing.
    static func outcome(_ outcome: ChangeOutcome, ref: String) -> Response {
        switch outcome {
        case .changed: return json(.object(["ref": .string(ref), "changed": .bool(true)]))
        case .unchanged(let reason): return json(.object(["ref": .string(ref), "changed": .bool(false), "message": .string(reason)]))
        }
    }
}

/// Reports made for the plan's current version, by question (format, date, group, moment,
/// comparison, frameworks). A report is a function of those and of the event log, and every
/// change appends an event, so an entry is good until the version moves on; then all go.
/// Pages that say when they were made (HTML) are not kept. At most `capacity` entries and
/// `maxBytes` of text are kept: past either, the cache starts again, so that many different
/// questions (every date of a year, say) cost bounded memory.
final class ReportCache: Sendable {
    private struct State {
        var version: Int64 = -1
        var entries: [String: String] = [:]
        var bytes = 0
    }

    private let state = NIOLockedValueBox(State())
    let capacity = 256
    let maxBytes = 16 << 20

    func get(_ key: String, version: Int64) -> String? {
        state.withLockedValue { $0.version == version ? $0.entries[key] : nil }
    }

    func put(_ key: String, version: Int64, _ text: String) {
        let size = text.utf8.count + key.utf8.count
        guard size <= maxBytes / 4 else { return }
        state.withLockedValue { state in
            if state.version != version {
                guard version > state.version else { return }
                state = State(version: version)
            }
            if state.entries.count >= capacity || state.bytes + size > maxBytes { state = State(version: version) }
            if let old = state.entries.updateValue(text, forKey: key) { state.bytes -= old.utf8.count + key.utf8.count }
            state.bytes += size
        }
    }
}
