import Hummingbird
import Rendering
import WorkPlan

/// The pages that forms show again with an error beside them (the activity page, a group's
/// page), made one way for the page controller and the form controller alike.
struct Pages: Sendable {
    let plan: PlanService

    /// The activity page, with the forms `who` may use, and an error beside the one that failed;
    /// its "Progress update" shows `period`'s (else the latest open period's) update.
    func activity(_ ref: ActivityRef, who: Authenticated, csrf: String, asOf: Day, period: String? = nil,
                  error: (form: String, message: String)? = nil, entered: [String: String] = [:],
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let (detail, editable, update) = try await plan.read { store in
            try store.snapshot {
                let editable = try store.may(who, .changeActivity(ref))
                let panel = try store.periodToShow(period).map { shown in
                    UpdatePanel(periods: try store.periods(), shown: try store.update(ref, period: shown.code), mayWrite: editable,
                                mayReview: try store.may(who, .reviewUpdate(ref)), user: who.account.name)
                }
                return (try store.activity(ref, asOf: asOf), editable, panel)
            }
        }
        return Reply.html(WebPages.activity(detail, asOf: asOf, user: who.account, csrf: csrf, editable: editable, update: update,
                                            error: error, entered: entered), status: status)
    }

    /// A group's page; the "Add activity" form when the user may add one led by their agency.
    func group(_ code: String, who: Authenticated, csrf: String, asOf: Day, entered: [String: String] = [:], error: String? = nil,
               status: HTTPResponse.Status = .ok) async throws -> Response {
        let (summary, activities, mayAdd) = try await plan.read { store in
            let (summary, activities) = try store.group(code, asOf: asOf)
            return (summary, activities, try store.may(who, .addActivity(group: code, lead: who.account.agency)))
        }
        return Reply.html(WebPages.group(summary, activities: activities, asOf: asOf, user: who.account, csrf: csrf,
                                         addAs: mayAdd ? who.account.agency : nil, entered: entered, error: error), status: status)
    }

    /// A page that says what the path does not name (404), with the navigation.
    static func notFound(_ noun: String, _ detail: String, _ context: some SignedInPage) -> PageProblem {
        PageProblem(.notFound, title: "No such \(noun)", detail: detail, who: context.who, csrf: context.csrf)
    }

    /// What a form's failure shows: a mistake or a refused change (the plan's rules) comes
    /// back as the page again (`again`, with the message and its status); a change the user may
    /// not make is a 403 page; anything else goes on to the problem middleware.
    static func formFailed(_ error: any Error, _ context: some SignedInPage,
                           again: (String, HTTPResponse.Status) async throws -> Response) async throws -> Response {
        switch error {
        case let error as FormError: return try await again(error.message, .unprocessableContent)
        case PlanError.notAllowed(let user, let what):
            throw PageProblem(.forbidden, title: "Not allowed", detail: "\(user) may not \(what); nothing was changed.",
                              who: context.who, csrf: context.csrf)
        case let error as PlanError: return try await again(error.description, Problem.status(of: error))
        default: throw error
        }
    }
}

/// The pages a signed-in focal point reads (DESIGN §9). Mounted on a ``PageContext`` group:
/// a visitor is sent to sign in first.
struct PlanPagesController: Sendable {
    let plan: PlanService
    let pages: Pages

    func addRoutes(to group: RouterGroup<PageContext>) {
        group.get("/", use: dashboard)
            .get("groups", use: groups)
            .get("groups/{code}", use: showGroup)
            .get("activities/{ref}", use: activity)
            .get("my-agency", use: myAgency)
            .get("periods", use: periods)
            .get("periods/{code}", use: period)
            .get("reviews", use: reviews)
            .get("slippage", use: slippage)
            .get("log", use: log)
    }

    @Sendable func dashboard(_ request: Request, context: PageContext) async throws -> Response {
        let query = Query(request: request)
        let asOf = try query.day("asOf") ?? .today()
        let compareTo = query.string("compareTo").flatMap { $0.isEmpty ? nil : $0 }
        let (dashboard, baselines, comparison) = try await plan.read { store in
            (try store.dashboard(asOf: asOf, frameworks: try store.frameworks(chosen: [], html: true), overdueLimit: WebPages.overdueLimit),
             try store.baselines(),
             try compareTo.map { try store.comparison(to: $0, asOf: asOf) })
        }
        return Reply.html(WebPages.dashboard(dashboard, user: context.who.account, csrf: context.csrf, comparison: comparison,
                                             baselines: baselines, compareTo: compareTo))
    }

    @Sendable func groups(_ request: Request, context: PageContext) async throws -> Response {
        let asOf = try Query(request: request).day("asOf") ?? .today()
        let (report, groups) = try await plan.read { store in (try store.report(asOf: asOf), try store.groups(asOf: asOf)) }
        let leads = Dictionary(groups.map { ($0.group.code, $0.group.leads) }, uniquingKeysWith: { first, _ in first })
        return Reply.html(WebPages.groups(report, leads: leads, user: context.who.account, csrf: context.csrf))
    }

    @Sendable func showGroup(_ request: Request, context: PageContext) async throws -> Response {
        let code = context.parameters.get("code").flatMap(GroupCode.canonical) ?? ""
        let asOf = try Query(request: request).day("asOf") ?? .today()
        do {
            return try await pages.group(code, who: context.who, csrf: context.csrf, asOf: asOf)
        } catch let error as PlanError {
            throw Pages.notFound("group", error.description, context)
        }
    }

    @Sendable func activity(_ request: Request, context: PageContext) async throws -> Response {
        guard let ref = context.parameters.get("ref").flatMap(ActivityRef.init) else {
            throw Pages.notFound("activity", "That is not an activity reference.", context)
        }
        do {
            let query = Query(request: request)
            return try await pages.activity(ref, who: context.who, csrf: context.csrf, asOf: try query.day("asOf") ?? .today(),
                                            period: try query.period("period"))
        } catch let error as PlanError {
            if case .unknownPeriod = error { throw Pages.notFound("reporting period", error.description, context) }
            throw Pages.notFound("activity", error.description, context)
        }
    }

    @Sendable func myAgency(_ request: Request, context: PageContext) async throws -> Response {
        let agency = context.who.account.agency
        let page = try Query(request: request).page()
        let (activities, agenda) = try await plan.read { store in
            (try store.activities(.init(agency: agency, partnersAndLinks: false), asOf: .today()),
             try store.agenda(agency: agency, asOf: .today(), limit: WebPages.attentionLimit))
        }
        return Reply.html(WebPages.myAgency(agency, activities, agenda: agenda, page: page, user: context.who.account, csrf: context.csrf))
    }

    @Sendable func periods(_ request: Request, context: PageContext) async throws -> Response {
        Reply.html(WebPages.periods(try await plan.read { try $0.periods() }, user: context.who.account, csrf: context.csrf))
    }

    @Sendable func period(_ request: Request, context: PageContext) async throws -> Response {
        let code = context.parameters.get("code").flatMap(PeriodCode.canonical) ?? ""
        do {
            let (status, groups) = try await plan.read { store in
                (try store.periodStatus(code, today: .today()), try store.groups(asOf: .today()).map { ($0.group.code, $0.group.name) })
            }
            return Reply.html(WebPages.period(status, groups: groups, user: context.who.account, csrf: context.csrf))
        } catch let error as PlanError {
            throw Pages.notFound("reporting period", error.description, context)
        }
    }

    @Sendable func reviews(_ request: Request, context: PageContext) async throws -> Response {
        let who = context.who
        return Reply.html(WebPages.reviews(try await plan.read { try $0.updatesAwaitingReview(by: who) }, user: who.account, csrf: context.csrf))
    }

    @Sendable func slippage(_ request: Request, context: PageContext) async throws -> Response {
        let asOf = try Query(request: request).day("asOf") ?? .today()
        let report = try await plan.read { try $0.slippage(asOf: asOf) }
        return Reply.html(WebPages.slippage(report, user: context.who.account, csrf: context.csrf))
    }

    @Sendable func log(_ request: Request, context: PageContext) async throws -> Response {
        // A page of the log (the last, the newest, unless another is asked for): a plan's log
        // grows without end, and a page of it must not.
        let query = Query(request: request)
        let asked = query.string("page") == nil ? nil : try query.page()
        let (events, paging) = try await plan.read { store in
            try store.snapshot {
                let total = try store.eventCount(.init())
                let paging = Paging(total: total, page: asked ?? .max, size: WebPages.logPageSize)
                return (try store.events(.init(), window: paging.range), paging)
            }
        }
        return Reply.html(WebPages.log(events, paging: paging, user: context.who.account, csrf: context.csrf))
    }
}
