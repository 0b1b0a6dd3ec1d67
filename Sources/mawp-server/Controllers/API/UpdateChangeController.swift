import Hummingbird
import Rendering
import WorkPlan

/// The API's changes to the reporting cycle (DESIGN §10): periods (the secretariat's,
/// ``WorkPlan/Action/administer``) and progress updates (written by whoever may change the
/// activity, reviewed by its group's co-chairs or co-conveners: WorkPlan's rules, checked in
/// the change's transaction). Body keys are the CLI's option names. Mounted on a
/// ``WriterContext`` group.
struct UpdateChangeController: Sendable {
    let plan: PlanService

    func addRoutes(to group: RouterGroup<WriterContext>) {
        group.post("periods", use: addPeriod)
            .post("periods/{code}/lock", use: lock)
            .post("periods/{code}/unlock", use: unlock)
            .put("activities/{ref}/updates/{code}", use: write)
            .post("activities/{ref}/updates/{code}/submit", use: submit)
            .post("activities/{ref}/updates/{code}/approve", use: approve)
            .post("activities/{ref}/updates/{code}/return", use: returnForRevision)
            .post("activities/{ref}/updates/{code}/reopen", use: reopen)
    }

    @Sendable func addPeriod(_ request: Request, context: WriterContext) async throws -> Response {
        let body = try await Body.read(request, context: context, allowed: ["code", "title", "from", "to", "deadline"])
        func required<T>(_ key: String, _ value: T?) throws -> T {
            guard let value else { throw Problem(.unprocessableContent, "\(key) is required", field: key) }
            return value
        }
        let period = ReportingPeriod(code: try required("code", body.period("code")), title: try body.required("title"),
                                     from: try required("from", body.day("from")), to: try required("to", body.day("to")),
                                     deadline: try required("deadline", body.day("deadline")), locked: false)
        let added = try await plan.change(context.who, .administer) { store, author in try store.addPeriod(period, by: author) }
        return Reply.created(["code": .string(added.code)], location: "/api/v1/periods/\(added.code)")
    }

    @Sendable func lock(_ request: Request, context: WriterContext) async throws -> Response {
        try await setLocked(request, context, true)
    }

    @Sendable func unlock(_ request: Request, context: WriterContext) async throws -> Response {
        try await setLocked(request, context, false)
    }

    private func setLocked(_ request: Request, _ context: WriterContext, _ locked: Bool) async throws -> Response {
        let code = try context.periodCode()
        let note = try await Body.read(request, context: context, allowed: ["note"]).text("note")
        return try await plan.change(context.who, .administer) { store, author in
            Reply.outcome(try store.setPeriod(code, locked: locked, note: note, by: author), ref: code)
        }
    }

    /// Writes the draft; `If-Match` (the update's `ETag`) refuses a write over a newer version.
    @Sendable func write(_ request: Request, context: WriterContext) async throws -> Response {
        let (ref, code) = (try context.activityRef(), try context.periodCode())
        let body = try await Body.read(request, context: context, allowed: ["status", "achievements", "challenges", "next-steps"])
        let text = UpdateText(status: try body.status("status"), achievements: try body.text("achievements"),
                              challenges: try body.text("challenges"), nextSteps: try body.text("next-steps"))
        let ifMatch = request.headers[.ifMatch]
        return try await plan.change(context.who, UpdateStep.write.action(on: ref)) { store, author in
            try Self.checkVersion(ifMatch, store, ref, code)
            var response = Reply.outcome(try store.writeUpdate(ref, period: code, text, by: author), ref: ref.description)
            response.headers[.eTag] = try store.updateTag(ref, period: code)
            return response
        }
    }

    @Sendable func submit(_ request: Request, context: WriterContext) async throws -> Response {
        try await step(.submit, request, context)
    }

    @Sendable func approve(_ request: Request, context: WriterContext) async throws -> Response {
        try await step(.approve, request, context)
    }

    @Sendable func returnForRevision(_ request: Request, context: WriterContext) async throws -> Response {
        try await step(.return, request, context)
    }

    @Sendable func reopen(_ request: Request, context: WriterContext) async throws -> Response {
        try await step(.reopen, request, context)
    }

    /// A step of the review, as WorkPlan allows it (``UpdateStep/action(on:)``); `If-Match` as for a write.
    private func step(_ step: UpdateStep, _ request: Request, _ context: WriterContext) async throws -> Response {
        let (ref, code) = (try context.activityRef(), try context.periodCode())
        let note = try await Body.read(request, context: context, allowed: ["note"]).text("note")
        let ifMatch = request.headers[.ifMatch]
        return try await plan.change(context.who, step.action(on: ref)) { store, author in
            try Self.checkVersion(ifMatch, store, ref, code)
            var response = Reply.outcome(try store.moveUpdate(ref, period: code, step, note: note, by: author), ref: ref.description)
            response.headers[.eTag] = try store.updateTag(ref, period: code)
            return response
        }
    }

    private static func checkVersion(_ ifMatch: String?, _ store: PlanStore, _ ref: ActivityRef, _ code: String) throws {
        if let ifMatch, ifMatch != "*", ifMatch != (try store.updateTag(ref, period: code)) {
            throw Problem(.preconditionFailed, "the update of \(ref) for \(code) changed since that version (If-Match); read it again")
        }
    }
}
