import Hummingbird
import Rendering
import OpenXML
import WorkPlan

/// The API's reads (DESIGN §8): each answer is the JSON the CLI prints for the same question,
/// made by the same views. Mounted on a ``ReaderContext`` group: a user or a token, unless
/// reads are public.
struct PlanReadController: Sendable {
    let plan: PlanService
    let reports: ReportCache

    func addRoutes(to group: RouterGroup<ReaderContext>) {
        group.get("report", use: report)
            .get("slippage", use: slippage)
            .get("groups", use: groups)
            .get("groups/{code}", use: showGroup)
            .get("agencies", use: agencies)
            .get("agenda", use: agenda)
            .get("frameworks", use: frameworks)
            .get("frameworks/{name}", use: framework)
            .get("chairs", use: chairs)
            .get("baselines", use: baselines)
            .get("indicators", use: indicators)
            .get("log", use: log)
            .get("activities", use: activities)
            .get("activities/{ref}", use: activity)
    }

    /// A report's question, as the cache keys it.
    private struct ReportQuestion {
        let format: AnswerFormat
        let asOf: Day
        let group: String?
        let recorded: RecordedTime?
        let compareTo: String?
        let frameworks: [String]

        var key: String {
            [format.rawValue, asOf.description, group ?? "", recorded?.value ?? "", compareTo ?? "", frameworks.joined(separator: ",")]
                .joined(separator: "|")
        }
    }

    @Sendable func report(_ request: Request, context: ReaderContext) async throws -> Response {
        let query = Query(request: request)
        let (asOf, recorded) = try query.asOf()
        let question = ReportQuestion(format: try AnswerFormat(request), asOf: asOf, group: try query.group(), recorded: recorded,
                                      compareTo: query.string("compareTo"), frameworks: query.all("framework"))
        let reports = self.reports
        @Sendable func make(_ live: PlanStore) throws -> Rendered {
            try Answers.report(try PlanService.recorded(live, question.recorded), asOf: question.asOf, group: question.group,
                               compareTo: question.compareTo, frameworks: question.frameworks, format: question.format)
        }
        // A spreadsheet is bytes, made for each request; a page says when it was made.
        guard question.format != .xlsx && question.format != .html else {
            return try Self.reply(try await plan.read(make), format: question.format, name: "mawp-report-\(asOf)")
        }
        // Any other report is a function of the plan's version and the question: made once per
        // version, by one request while the others asking wait for it. The version is one row
        // by its key, looked up beside the credentials, not in the readers' queue.
        let version = try await plan.lookUp { try $0.version() }
        let plan = self.plan
        let text = try await reports.answer(question.key, version: version) {
            try await plan.read { live in
                try live.snapshot {
                    let version = try live.version()
                    if let kept = reports.get(question.key, version: version) { return kept }
                    guard case .text(let text) = try make(live) else { throw FormatNotOffered(format: question.format) }
                    reports.put(question.key, version: version, text)
                    return text
                }
            }
        }
        return try Self.reply(.text(text), format: question.format, name: "mawp-report-\(asOf)")
    }

    @Sendable func slippage(_ request: Request, context: ReaderContext) async throws -> Response {
        let query = Query(request: request)
        let group = try query.group()
        let (asOf, recorded) = try query.asOf()
        let format = try AnswerFormat(request)
        let body = try await plan.read { try Answers.slippage(try PlanService.recorded($0, recorded), asOf: asOf, group: group, format: format) }
        return try Self.reply(body, format: format, name: "mawp-slippage-\(asOf)")
    }

    static func reply(_ body: Rendered, format: AnswerFormat, name: String) throws -> Response {
        switch body {
        case .text(let text): return Reply.text(text, type: format.contentType)
        case .workbook(let workbook): return try Reply.spreadsheet(workbook, name: name)
        case .document(let document): return try Reply.document(document, name: name)
        }
    }

    @Sendable func groups(_ request: Request, context: ReaderContext) async throws -> Response {
        let asOf = try Query(request: request).day("asOf") ?? .today()
        return Reply.json(GroupsView.json(try await plan.read { try $0.groups(asOf: asOf) }))
    }

    @Sendable func showGroup(_ request: Request, context: ReaderContext) async throws -> Response {
        let code = try context.groupCode()
        let (asOf, recorded) = try Query(request: request).asOf()
        let (summary, activities) = try await plan.read { try PlanService.recorded($0, recorded).group(code, asOf: asOf) }
        return Reply.json(GroupsView.json(summary, activities: activities, asOf: asOf))
    }

    @Sendable func agencies(_ request: Request, context: ReaderContext) async throws -> Response {
        Reply.json(AgenciesView.json(try await plan.read { try $0.agencies(asOf: .today()) }))
    }

    @Sendable func agenda(_ request: Request, context: ReaderContext) async throws -> Response {
        let (asOf, recorded) = try Query(request: request).asOf()
        return Reply.json(AgendaView.json(try await plan.read { try PlanService.recorded($0, recorded).agenda(asOf: asOf) }, asOf: asOf))
    }

    @Sendable func frameworks(_ request: Request, context: ReaderContext) async throws -> Response {
        Reply.json(FrameworksView.listJSON(try await plan.read { try $0.frameworks() }))
    }

    @Sendable func framework(_ request: Request, context: ReaderContext) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        let (asOf, recorded) = try Query(request: request).asOf()
        let (framework, points) = try await plan.read { try PlanService.recorded($0, recorded).coverage(of: name, asOf: asOf) }
        return Reply.json(FrameworksView.json(framework, points, asOf: asOf))
    }

    @Sendable func chairs(_ request: Request, context: ReaderContext) async throws -> Response {
        Reply.json(ChairView.json(try await plan.read { try $0.chairTerms() }))
    }

    @Sendable func baselines(_ request: Request, context: ReaderContext) async throws -> Response {
        Reply.json(BaselinesView.json(try await plan.read { try $0.baselines() }))
    }

    @Sendable func indicators(_ request: Request, context: ReaderContext) async throws -> Response {
        let query = Query(request: request)
        let group = try query.group()
        let (asOf, recorded) = try query.asOf()
        let indicators = try await plan.read { try PlanService.recorded($0, recorded).indicators(asOf: asOf, group: group) }
        return Reply.json(IndicatorsView.json(indicators, asOf: asOf))
    }

    @Sendable func log(_ request: Request, context: ReaderContext) async throws -> Response {
        let query = Query(request: request)
        let filter = PlanStore.EventFilter(group: try query.group(), activity: try query.activity("activity"), since: try query.day("since"))
        return Reply.json(LogView.json(try await plan.read { try $0.events(filter) }))
    }

    @Sendable func activities(_ request: Request, context: ReaderContext) async throws -> Response {
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
        let activities = try await plan.read { try PlanService.recorded($0, recorded).activities(filter, asOf: asOf) }
        return Reply.json(ActivitiesView.json(activities, asOf: asOf))
    }

    @Sendable func activity(_ request: Request, context: ReaderContext) async throws -> Response {
        let ref = try context.activityRef()
        let (asOf, recorded) = try Query(request: request).asOf()
        let (detail, tag) = try await plan.read { store in
            (try PlanService.recorded(store, recorded).activity(ref, asOf: asOf), try store.activityTag(ref))
        }
        var response = Reply.json(ActivitiesView.json(detail, asOf: asOf))
        response.headers[.eTag] = tag
        return response
    }
}
