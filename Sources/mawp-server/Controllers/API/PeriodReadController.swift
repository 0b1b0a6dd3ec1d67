import Hummingbird
import Rendering
import WorkPlan

/// The API's questions about the reporting cycle (DESIGN §10): the periods, who owes what in
/// one, its compiled report in every format, and one update with its facts. The same WorkPlan
/// calls and views as `mawp period` and `mawp update show`. Mounted on a ``ReaderContext`` group.
struct PeriodReadController: Sendable {
    let plan: PlanService

    func addRoutes(to group: RouterGroup<ReaderContext>) {
        group.get("periods", use: periods)
            .get("periods/{code}", use: status)
            .get("periods/{code}/report", use: report)
            .get("activities/{ref}/updates/{code}", use: update)
    }

    @Sendable func periods(_ request: Request, context: ReaderContext) async throws -> Response {
        Reply.json(PeriodViews.json(try await plan.read { try $0.periods() }))
    }

    @Sendable func status(_ request: Request, context: ReaderContext) async throws -> Response {
        let code = try context.periodCode()
        let query = Query(request: request)
        let (group, agency) = (try query.group(), try query.agency())
        return Reply.json(PeriodViews.statusJSON(try await plan.read { try $0.periodStatus(code, group: group, agency: agency, today: .today()) }))
    }

    @Sendable func report(_ request: Request, context: ReaderContext) async throws -> Response {
        let code = try context.periodCode()
        let query = Query(request: request)
        let (group, pending, recorded) = (try query.group(), try query.flag("includePending"), try query.moment("asRecorded"))
        let format = try AnswerFormat(request, offered: AnswerFormat.offeredForPeriods)
        let body = try await plan.read { store in
            try Answers.periodReport(try PlanService.recorded(store, recorded), period: code, group: group, includePending: pending, format: format)
        }
        return try PlanReadController.reply(body, format: format, name: "mawp-report-\(code)")
    }

    @Sendable func update(_ request: Request, context: ReaderContext) async throws -> Response {
        let (ref, code) = (try context.activityRef(), try context.periodCode())
        let (shown, tag) = try await plan.read { store in try store.snapshot { (try store.update(ref, period: code), try store.updateTag(ref, period: code)) } }
        var response = Reply.json(PeriodViews.json(shown))
        response.headers[.eTag] = tag
        return response
    }
}
