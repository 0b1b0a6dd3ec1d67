import Hummingbird
import Rendering
import Spreadsheet
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

    /// A report as text (kept for the plan's version) or as a workbook.
    private enum ReportBody {
        case text(String)
        case workbook(Workbook)
    }

    @Sendable func report(_ request: Request, context: ReaderContext) async throws -> Response {
        let query = Query(request: request)
        let (asOf, recorded) = try query.asOf()
        let question = ReportQuestion(format: try AnswerFormat(request), asOf: asOf, group: try query.group(), recorded: recorded,
                                      compareTo: query.string("compareTo"), frameworks: query.all("framework"))
        let reports = self.reports
        // A report is a function of the plan's version and the question: made once per version
        // (a spreadsheet is bytes, made for each request).
        let body = try await plan.read { live -> ReportBody in
            try live.snapshot {
                let version = try live.version()
                if question.format != .xlsx, let cached = reports.get(question.key, version: version) { return .text(cached) }
                let body = try Self.makeReport(question, from: try PlanService.recorded(live, question.recorded))
                // The page says when it was made: not kept, made anew.
                if case .text(let text) = body, question.format != .html { reports.put(question.key, version: version, text) }
                return body
            }
        }
        switch body {
        case .text(let text): return Reply.text(text, type: question.format.contentType)
        case .workbook(let workbook): return try Reply.spreadsheet(workbook, name: "mawp-report-\(asOf)")
        }
    }

    private static func makeReport(_ question: ReportQuestion, from store: PlanStore) throws -> ReportBody {
        let (asOf, group, format) = (question.asOf, question.group, question.format)
        let frameworks = try store.frameworks(chosen: question.frameworks, html: format == .html)
        let comparison = try question.compareTo.map { try store.comparison(to: $0, asOf: asOf, group: group) }
        if format == .html {
            return .text(HTMLReport.render(try store.dashboard(asOf: asOf, group: group, frameworks: frameworks), comparison: comparison))
        }
        let report = try store.report(asOf: asOf, group: group, frameworks: frameworks)
        let breakdown = try store.groupBreakdown(asOf: asOf, group: group)
        let (activities, overdue) = (breakdown?.activities, breakdown?.overdue ?? [])
        switch (format, comparison) {
        case (.xlsx, _): return .workbook(SpreadsheetView.report(report, activities: activities, overdue: overdue, comparison: comparison))
        case (.json, nil): return .text(ReportView.json(report).serialized(pretty: true) + "\n")
        case (.json, let comparison?): return .text(ComparisonView.json(comparison).serialized(pretty: true) + "\n")
        case (.csv, nil): return .text(ReportView.csv(report))
        case (.csv, let comparison?): return .text(ComparisonView.csv(comparison))
        case (.markdown, _), (.html, _):
            return .text(ReportView.markdown(report, activities: activities, overdue: overdue) + (comparison.map(ComparisonView.markdown) ?? ""))
        }
    }

    @Sendable func slippage(_ request: Request, context: ReaderContext) async throws -> Response {
        let query = Query(request: request)
        let group = try query.group()
        let (asOf, recorded) = try query.asOf()
        let format = try AnswerFormat(request)
        let report = try await plan.read { try PlanService.recorded($0, recorded).slippage(asOf: asOf, group: group) }
        switch format {
        case .xlsx: return try Reply.spreadsheet(SpreadsheetView.slippage(report), name: "mawp-slippage-\(asOf)")
        case .json: return Reply.text(SlippageView.json(report).serialized(pretty: true) + "\n", type: format.contentType)
        case .csv: return Reply.text(SlippageView.csv(report), type: format.contentType)
        case .markdown: return Reply.text(SlippageView.markdown(report), type: format.contentType)
        case .html: return Reply.text(SlippageView.html(report, generatedAt: Timestamp.now()), type: format.contentType)
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
