import Hummingbird
import WorkPlan

/// The API's changes to the plan's work (DESIGN §8): activities, milestones, indicators. Each
/// goes through the same WorkPlan call as the CLI's command, as the signed-in user, after the
/// permission check in the same transaction. Mounted on a ``WriterContext`` group.
struct PlanChangeController: Sendable {
    let plan: PlanService

    func addRoutes(to group: RouterGroup<WriterContext>) {
        group.post("activities", use: addActivity)
            .patch("activities/{ref}", use: editActivity)
            .post("activities/{ref}/cancel", use: cancelActivity)
            .post("activities/{ref}/milestones", use: addMilestone)
            .post("activities/{ref}/indicators", use: addIndicator)
            .patch("milestones/{ref}", use: editMilestone)
            .post("milestones/{ref}/done", use: markDone)
            .post("milestones/{ref}/reopen", use: reopen)
            .post("milestones/{ref}/drop", use: dropMilestone)
            .post("indicators/{ref}/values", use: recordValue)
    }

    static let activityFields: Set<String> = ["title", "description", "lead", "partners", "start", "end", "agenda", "links", "on", "note"]

    @Sendable func addActivity(_ request: Request, context: WriterContext) async throws -> Response {
        let body = try await Body.read(request, context: context, allowed: Self.activityFields.union(["group"]).subtracting(["note"]))
        guard let group = try body.group("group") else { throw Problem(.unprocessableContent, "group is required", field: "group") }
        let (agenda, links) = PointRef.split(agenda: try body.agenda("agenda") ?? [], links: try body.links("links") ?? [])
        let new = PlanStore.NewActivity(group: group, title: try body.required("title"), description: try body.text("description"),
                                        lead: try body.agency("lead"), partners: try body.agencies("partners") ?? [],
                                        start: try body.day("start"), end: try body.day("end"), agenda: agenda, links: links,
                                        addedOn: try body.day("on"))
        let ref = try await plan.change(context.who, .addActivity(group: group, lead: new.lead)) { store, author in
            try store.addActivity(new, by: author)
        }
        return Reply.created(["ref": .string(ref.description)], location: "/api/v1/activities/\(ref)")
    }

    @Sendable func editActivity(_ request: Request, context: WriterContext) async throws -> Response {
        let ref = try context.activityRef()
        let body = try await Body.read(request, context: context, allowed: Self.activityFields)
        var edit = PlanStore.ActivityEdit(title: try body.text("title"), description: try body.text("description"),
                                          lead: try body.agency("lead"), partners: try body.agencies("partners"),
                                          start: try body.day("start"), end: try body.day("end"))
        edit.setPoints(agenda: try body.agenda("agenda"), links: try body.links("links"))
        let change = edit
        let (on, note) = (try body.day("on") ?? .today(), try body.text("note"))
        let ifMatch = request.headers[.ifMatch]
        return try await plan.change(context.who, .changeActivity(ref)) { store, author in
            // The check and the edit in one transaction: nobody's change slips between.
            if let ifMatch, ifMatch != "*", ifMatch != (try store.activityTag(ref)) {
                throw Problem(.preconditionFailed, "\(ref) changed since that version (If-Match); read it again")
            }
            var response = Reply.outcome(try store.editActivity(ref, change, on: on, note: note, by: author), ref: ref.description)
            response.headers[.eTag] = try store.activityTag(ref)
            return response
        }
    }

    @Sendable func cancelActivity(_ request: Request, context: WriterContext) async throws -> Response {
        let ref = try context.activityRef()
        let body = try await Body.read(request, context: context, allowed: ["on", "note"])
        let (on, note) = (try body.day("on") ?? .today(), try body.text("note"))
        return try await plan.change(context.who, .changeActivity(ref)) { store, author in
            Reply.outcome(try store.cancelActivity(ref, on: on, note: note, by: author), ref: ref.description)
        }
    }

    @Sendable func addMilestone(_ request: Request, context: WriterContext) async throws -> Response {
        let ref = try context.activityRef()
        let body = try await Body.read(request, context: context, allowed: ["title", "due", "on"])
        let (title, due, on) = (try body.required("title"), try body.day("due"), try body.day("on"))
        let milestone = try await plan.change(context.who, .changeActivity(ref)) { store, author in
            try store.addMilestone(to: ref, title: title, due: due, addedOn: on, by: author)
        }
        return Reply.created(["ref": .string(milestone.description)], location: "/api/v1/milestones/\(milestone)")
    }

    @Sendable func addIndicator(_ request: Request, context: WriterContext) async throws -> Response {
        let ref = try context.activityRef()
        let body = try await Body.read(request, context: context, allowed: ["title", "measure", "descending", "result", "baseline",
                                                                           "baselineYear", "target", "periodEnd"])
        let measure = try body.choice("measure", IndicatorMeasure.self) ?? .unit
        let result = try body.choice("result", IndicatorResult.self) ?? .output
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
        let new = PlanStore.NewIndicator(title: try body.required("title"), measure: measure, ascending: !(try body.flag("descending") ?? false),
                                         result: result, baseline: try value("baseline"), baselineYear: try body.integer("baselineYear"),
                                         target: try value("target"), periodEnd: try body.day("periodEnd"))
        let indicator = try await plan.change(context.who, .changeActivity(ref)) { store, author in
            try store.addIndicator(to: ref, new, by: author)
        }
        return Reply.created(["ref": .string(indicator.description)], location: "/api/v1/activities/\(ref)")
    }

    @Sendable func editMilestone(_ request: Request, context: WriterContext) async throws -> Response {
        let ref = try context.milestoneRef()
        let body = try await Body.read(request, context: context, allowed: ["title", "due", "on", "note"])
        let (title, due, on, note) = (try body.text("title"), try body.day("due"), try body.day("on") ?? .today(), try body.text("note"))
        guard title != nil || due != nil else { throw Problem(.unprocessableContent, "give title, due or both") }
        return try await plan.change(context.who, .changeActivity(ref.activity)) { store, author in
            Reply.outcome(try store.editMilestone(ref, title: title, due: due, on: on, note: note, by: author), ref: ref.description)
        }
    }

    @Sendable func markDone(_ request: Request, context: WriterContext) async throws -> Response {
        try await setMilestone(request, context, done: true)
    }

    @Sendable func reopen(_ request: Request, context: WriterContext) async throws -> Response {
        try await setMilestone(request, context, done: false)
    }

    private func setMilestone(_ request: Request, _ context: WriterContext, done: Bool) async throws -> Response {
        let ref = try context.milestoneRef()
        let body = try await Body.read(request, context: context, allowed: ["on", "note"])
        let (on, note) = (try body.day("on") ?? .today(), try body.text("note"))
        return try await plan.change(context.who, .changeActivity(ref.activity)) { store, author in
            Reply.outcome(try store.setMilestone(ref, done: done, on: on, note: note, by: author), ref: ref.description)
        }
    }

    @Sendable func dropMilestone(_ request: Request, context: WriterContext) async throws -> Response {
        let ref = try context.milestoneRef()
        let body = try await Body.read(request, context: context, allowed: ["on", "note"])
        let (on, note) = (try body.day("on") ?? .today(), try body.text("note"))
        return try await plan.change(context.who, .changeActivity(ref.activity)) { store, author in
            Reply.outcome(try store.dropMilestone(ref, on: on, note: note, by: author), ref: ref.description)
        }
    }

    @Sendable func recordValue(_ request: Request, context: WriterContext) async throws -> Response {
        let ref = try context.indicatorRef()
        let body = try await Body.read(request, context: context, allowed: ["value", "on", "note"])
        guard let value = try body.indicatorValue("value") else { throw Problem(.unprocessableContent, "value is required", field: "value") }
        let (on, note) = (try body.day("on") ?? .today(), try body.text("note"))
        return try await plan.change(context.who, .changeActivity(ref.activity)) { store, author in
            Reply.outcome(try store.recordIndicator(ref, value: value, on: on, note: note, by: author), ref: ref.description)
        }
    }
}
